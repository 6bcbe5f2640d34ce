import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../policy/model';
import { runCloudflareChecks } from '../cloudflare/cloudflare-checks';
import type { CheckFinding } from './finding';

/** The Terraform JSON files of a synthesized cdktf app: cdktf.out/stacks/<stack>/cdk.tf.json. */
function stackFiles(dir: string): string[] {
  const stacks = join(dir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks).map((stack) => join(stacks, stack, 'cdk.tf.json')).filter((file) => existsSync(file));
}

/** Why a cdktf output cannot be read, or undefined when it can. */
export function terraformOutputProblem(dir: string): string | undefined {
  return stackFiles(dir).length === 0 ? `${dir} holds no synthesized cdktf stack (stacks/*/cdk.tf.json); synthesize first (node dist/bin/cloudflare-app.js)` : undefined;
}

/** The Cloudflare check findings of every stack of a synthesized cdktf app. */
export function readTerraformFindings(dir: string, policy: Policy): CheckFinding[] {
  return stackFiles(dir).flatMap((file) => runCloudflareChecks(JSON.parse(readFileSync(file, 'utf8')) as unknown, policy, file));
}
