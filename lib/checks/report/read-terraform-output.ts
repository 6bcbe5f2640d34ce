import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Policy } from '../../policy/model';
import { BULWARK_CLOUDFLARE_PACK, runCloudflareChecks } from '../cloudflare/cloudflare-checks';
import { terraformZones } from '../cloudflare/terraform-zones';
import type { CheckFinding } from './finding';
import type { PackRun } from './pack-run';
import { checkShape, fieldError } from './input-shape';
import { OutputFileError } from './output-file-error';
import { linkProblem } from './path-within';
import { readJsonObject } from './read-json-file';
import { CLOUDFLARE_RULESET, CLOUDFLARE_ZONE_SETTING, TERRAFORM_JSON } from './terraform-json-shape';

/** The Terraform JSON files of a synthesized cdktf app: cdktf.out/stacks/<stack>/cdk.tf.json. */
function stackFiles(dir: string): string[] {
  const stacks = join(dir, 'stacks');
  if (!existsSync(stacks) || !statSync(stacks).isDirectory()) return [];
  let names: string[];
  try {
    names = readdirSync(stacks);
  } catch (error) {
    throw new OutputFileError(`cannot read ${stacks}: ${(error as Error).message}`);
  }
  return names.map((stack) => join(stacks, stack, 'cdk.tf.json')).filter((file) => existsSync(file));
}

/** Why a cdktf output cannot be read, or undefined when it can. */
export function terraformOutputProblem(dir: string): string | undefined {
  return stackFiles(dir).length === 0
    ? `${dir} holds no synthesized cdktf stack (stacks/*/cdk.tf.json); synthesize first (node dist/bin/cloudflare-app.js)`
    : undefined;
}

/** The Cloudflare check findings of every stack of a synthesized cdktf app, each at its file (relative to `dir`). */
export function readTerraformFindings(dir: string, policy: Policy): CheckFinding[] {
  return readTerraformOutput(dir, policy).findings;
}

/**
 * The Cloudflare checks on every stack of a synthesized cdktf app: their findings, and the run
 * (every rule applies to every zone; an output without a Cloudflare zone leaves them not checked).
 */
export function readTerraformOutput(dir: string, policy: Policy): { readonly findings: CheckFinding[]; readonly run: PackRun } {
  return terraformChecks(
    dir,
    readTerraformStacks(dir).map(({ file, document }) => ({ file: relative(dir, file), document })),
    policy,
  );
}

/**
 * The Cloudflare checks on Terraform documents (each with the file its findings name), and the
 * run: every rule applies to every zone; documents without a Cloudflare zone leave them not
 * checked, which the run says.
 */
export function terraformChecks(
  input: string,
  documents: readonly { readonly file: string; readonly document: Record<string, unknown> }[],
  policy: Policy,
): { readonly findings: CheckFinding[]; readonly run: PackRun } {
  const findings = documents.flatMap(({ file, document }) => runCloudflareChecks(document, policy, file));
  const zones = documents.reduce((count, { document }) => count + terraformZones(document).length, 0);
  const run: PackRun =
    zones > 0
      ? { source: 'cloudflare', input, ran: true, applied: BULWARK_CLOUDFLARE_PACK.definitions.map((definition) => definition.id) }
      : {
          source: 'cloudflare',
          input,
          ran: true,
          applied: [],
          note: 'no Cloudflare zone (a cloudflare_ruleset or zone setting with a zone_id) in the output',
        };
  return { findings, run };
}

/** Every stack's Terraform JSON of a synthesized cdktf app (stacks/<stack>/cdk.tf.json), each checked as the Cloudflare checks read it. */
export function readTerraformStacks(dir: string): { readonly file: string; readonly document: Record<string, unknown> }[] {
  return stackFiles(dir).map((file) => ({ file, document: readTerraformJson(dir, file) }));
}

/**
 * A stack's cdk.tf.json, refused (an OutputFileError naming the file and the field) when it is
 * a symbolic link out of the output directory, or its resources are not of the shape the
 * Cloudflare checks read.
 */
function readTerraformJson(dir: string, file: string): Record<string, unknown> {
  const problem = linkProblem(dir, relative(dir, file));
  if (problem !== undefined) throw new OutputFileError(`${file} ${problem}; only files inside the cdktf output are read`);
  return checkTerraformDocument(file, readJsonObject(file));
}

/**
 * A Terraform JSON document (from a cdktf output, a .tf.json file, HCL or a plan converted) checked
 * against the shape the Cloudflare checks read: an OutputFileError names the file and the field.
 */
export function checkTerraformDocument(file: string, value: unknown): Record<string, unknown> {
  const document = checkShape(file, TERRAFORM_JSON, value);
  for (const [name, ruleset] of Object.entries(document.resource?.cloudflare_ruleset ?? {})) {
    const at = ['resource', 'cloudflare_ruleset', name];
    const { phase } = checkShape(file, CLOUDFLARE_RULESET, ruleset, at);
    if (typeof phase === 'string' && isReserved(phase))
      throw fieldError(file, [...at, 'phase'], 'is a name JavaScript objects reserve, not a Cloudflare phase');
  }
  for (const [name, setting] of Object.entries(document.resource?.cloudflare_zone_setting ?? {})) {
    const at = ['resource', 'cloudflare_zone_setting', name];
    const { setting_id: settingId } = checkShape(file, CLOUDFLARE_ZONE_SETTING, setting, at);
    if (typeof settingId === 'string' && isReserved(settingId))
      throw fieldError(file, [...at, 'setting_id'], 'is a name JavaScript objects reserve, not a Cloudflare zone setting');
  }
  return document;
}

/**
 * A name every JavaScript object already has (constructor, toString, __proto__…): as a key of the
 * checks' tables it would read or replace what the object inherits, not a phase or a setting.
 */
function isReserved(name: string): boolean {
  return name in Object.prototype;
}
