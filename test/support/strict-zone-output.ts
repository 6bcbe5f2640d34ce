import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Profile } from '../../lib/tooling';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';

const root = join(__dirname, '..', '..');

/** A synthesized cdktf output directory (stacks/edge/cdk.tf.json) of the strict example zone, which `bulwark check` passes. */
export function strictZoneOutput(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
  writeFileSync(
    join(dir, 'stacks', 'edge', 'cdk.tf.json'),
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: Profile.fromFile(join(root, 'examples', 'profiles', 'strict.yaml')) });
    }),
  );
  return dir;
}
