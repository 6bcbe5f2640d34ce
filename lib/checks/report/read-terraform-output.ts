import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Policy } from '../../policy/model';
import { runCloudflareChecks } from '../cloudflare/cloudflare-checks';
import type { CheckFinding } from './finding';
import { readJsonObject } from './read-json-file';

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

/** The Cloudflare check findings of every stack of a synthesized cdktf app, each at its file (relative to `dir`). */
export function readTerraformFindings(dir: string, policy: Policy): CheckFinding[] {
  return stackFiles(dir).flatMap((file) => runCloudflareChecks(readJsonObject(file), policy, relative(dir, file)));
}
