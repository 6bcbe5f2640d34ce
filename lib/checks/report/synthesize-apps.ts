import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeJsonValue } from './input-shape';
import { readJsonObject } from './read-json-file';

/** A synthesized output directory, or why the app could not be synthesized. */
export type SynthResult = { readonly outdir: string } | { readonly error: string };

/**
 * Runs the app named in `cdk.json` (or `cdktf.json`) into a fresh directory, with validation
 * findings reported rather than failing synth, so `bulwark check` can read them all. A profile
 * given is handed to the app as the CDK context key `profile` and the environment variable
 * `BULWARK_PROFILE` (an absolute path), which apps read to harden and check with it.
 */
export function synthesizeApp(kind: 'cdk' | 'cdktf', directory: string, progress: (text: string) => void, profileFile?: string): SynthResult | undefined {
  const configFile = join(directory, kind === 'cdk' ? 'cdk.json' : 'cdktf.json');
  if (!existsSync(configFile)) return undefined;
  const config = readJsonObject(configFile) as { app?: unknown; context?: Record<string, unknown> };
  if (typeof config.app !== 'string' || config.app === '') return { error: `${configFile} names no app ("app": the command that synthesizes it)` };
  if (config.context !== undefined && (config.context === null || typeof config.context !== 'object' || Array.isArray(config.context)))
    return { error: `${configFile}: context is ${describeJsonValue(config.context)}, not an object of context keys and values; fix it or remove it` };
  const outdir = mkdtempSync(join(tmpdir(), `bulwark-${kind}-`));
  progress(`Synthesizing ${config.app} (${kind === 'cdk' ? 'cdk.json' : 'cdktf.json'})…`);
  const profile = profileFile === undefined ? undefined : resolve(profileFile);
  const context = { ...(config.context ?? {}), ...(profile === undefined ? {} : { profile }), '@aws-cdk/core:failSynthOnValidationErrors': false };
  const env = {
    ...(kind === 'cdk' ? { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) } : { CDKTF_OUTDIR: outdir }),
    ...(profile === undefined ? {} : { BULWARK_PROFILE: profile }),
  };
  const result = spawnSync(config.app, { cwd: directory, shell: true, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  if (result.status !== 0) {
    rmSync(outdir, { recursive: true, force: true });
    const cause = `${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim().split('\n').slice(-8).join('\n');
    return { error: `synthesizing ${config.app} failed (exit ${result.status ?? 'none'}):\n${cause}` };
  }
  return { outdir };
}
