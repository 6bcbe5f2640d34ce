import { rmSync } from 'node:fs';
import { synthesizeApp } from '../checks/report/synthesize-apps';
import type { CliIo } from './cli-io';

/** A synthesized output to read: given by the user, or synthesized here into a temporary directory. */
export interface SynthOutput {
  readonly kind: 'cdk' | 'cdktf';
  readonly dir: string;
  readonly synthesized: boolean;
}

/**
 * The outputs given (--cdk-out, --cdktf-out), or, with neither given and `synthesizeIfNone`, the
 * apps of cdk.json and cdktf.json in the working directory synthesized into temporary directories
 * (the profile handed to them); failures go to `problems`. Remove the synthesized ones with
 * removeSynthesized when done.
 */
export function collectOutputs(
  options: { readonly cdkOut?: string; readonly cdktfOut?: string; readonly profile?: string },
  io: CliIo,
  problems: string[],
  synthesizeIfNone: boolean,
): SynthOutput[] {
  const outputs: SynthOutput[] = [];
  if (options.cdkOut !== undefined) outputs.push({ kind: 'cdk', dir: options.cdkOut, synthesized: false });
  if (options.cdktfOut !== undefined) outputs.push({ kind: 'cdktf', dir: options.cdktfOut, synthesized: false });
  if (outputs.length > 0 || !synthesizeIfNone) return outputs;
  const progress = (text: string) => {
    if (process.stderr.isTTY) io.stderr(`${text}\n`);
  };
  for (const kind of ['cdk', 'cdktf'] as const) {
    const result = synthesizeApp(kind, process.cwd(), progress, options.profile);
    if (result && 'error' in result) problems.push(result.error);
    else if (result) outputs.push({ kind, dir: result.outdir, synthesized: true });
  }
  return outputs;
}

/** Removes the temporary directories apps were synthesized into. */
export function removeSynthesized(outputs: readonly SynthOutput[]): void {
  for (const { dir, synthesized } of outputs) if (synthesized) rmSync(dir, { recursive: true, force: true });
}
