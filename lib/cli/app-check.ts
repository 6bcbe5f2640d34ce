import { rmSync } from 'node:fs';
import type { CheckFinding } from '../checks/report/finding';
import { OutputFileError } from '../checks/report/output-file-error';
import type { PackRun } from '../checks/report/pack-run';
import { cloudAssemblyProblem, readCloudAssemblyRun } from '../checks/report/read-cloud-assembly';
import { readTerraformOutput, terraformOutputProblem } from '../checks/report/read-terraform-output';
import { synthesizeApp } from '../checks/report/synthesize-apps';
import type { Plan } from '../cloudflare/plans';
import type { HardeningProfile } from '../profile/schema';
import { checkPolicy } from './check-policy';
import { placedUnder } from './placed-under';
import { assemblyFindings } from './assembly-findings';

/**
 * One app of a run over many: plain data, so it can be handed to a worker thread. `dir` is a
 * synthesized output (--cdk-out, --cdktf-out), or, with `synthesize`, the directory of the
 * app's cdk.json or cdktf.json.
 */
export interface AppTask {
  readonly kind: 'cdk' | 'cdktf';
  readonly dir: string;
  /** The app's directory relative to the working directory, `/`-separated: what its findings carry. */
  readonly app: string;
  readonly synthesize: boolean;
  readonly profileFile?: string;
  readonly profile?: HardeningProfile;
  readonly cloudflarePlan?: Plan;
}

/**
 * What checking one app gave: its findings and run, or the problems that stopped it (a failed
 * synth, an output that cannot be read: bad input, exit 2), or an unexpected error's message
 * (a bug: exit 3).
 */
export type AppCheckResult = { readonly findings: CheckFinding[]; readonly run: PackRun } | { readonly problems: string[] } | { readonly internal: string };

/**
 * Checks one app: synthesizes it when asked (into a temporary directory removed before
 * returning, so at most one app's output per worker is on disk), reads its output and runs
 * the packs that are not run at synth. Never throws: a worker hands back what happened.
 */
export function checkApp(task: AppTask): AppCheckResult {
  try {
    if (!task.synthesize) return checkOutput(task, task.dir);
    const config = task.kind === 'cdk' ? 'cdk.json' : 'cdktf.json';
    const synthesized = synthesizeApp(task.kind, task.dir, () => undefined, task.profileFile);
    if (synthesized === undefined) return { problems: [`${task.app}/${config} is gone: it was there when the apps were looked for`] };
    if ('error' in synthesized) return { problems: [`${task.app}: ${synthesized.error}`] };
    try {
      const result = checkOutput(task, synthesized.outdir);
      if ('problems' in result) return { problems: result.problems.map((problem) => `${task.app}: ${problem}`) };
      return 'run' in result ? { ...result, run: { ...result.run, input: `the app of ${task.app}/${config}` } } : result;
    } finally {
      rmSync(synthesized.outdir, { recursive: true, force: true });
    }
  } catch (error) {
    return { internal: error instanceof Error ? error.message : String(error) };
  }
}

/** The findings and run of a synthesized output; problems when a file of it cannot be read. */
function checkOutput(task: AppTask, dir: string): AppCheckResult {
  try {
    return task.kind === 'cdktf' ? checkTerraformOutput(task, dir) : checkCloudAssembly(task, dir);
  } catch (error) {
    if (error instanceof OutputFileError) return { problems: [error.message] };
    throw error;
  }
}

function checkCloudAssembly(task: AppTask, dir: string): AppCheckResult {
  const problem = cloudAssemblyProblem(dir);
  if (problem !== undefined) return { problems: [problem] };
  return appFindings(task, dir, assemblyFindings(dir, task.synthesize), readCloudAssemblyRun(dir));
}

/** A cdktf output's Cloudflare checks, judged by the profile's policy on the plan given. */
function checkTerraformOutput(task: AppTask, dir: string): AppCheckResult {
  const problem = terraformOutputProblem(dir);
  if (problem !== undefined) return { problems: [problem] };
  const { findings, run } = readTerraformOutput(dir, checkPolicy(task.profile, task.cloudflarePlan));
  return appFindings(task, dir, findings, run);
}

/** An output's findings, each carrying the app and, when the output is the user's, placed relative to the working directory. */
function appFindings(task: AppTask, dir: string, findings: readonly CheckFinding[], run: PackRun): AppCheckResult {
  // A synthesized output is temporary: its findings keep paths within it, as a single app's do.
  const placed = task.synthesize ? findings : findings.map((finding) => placedUnder(finding, dir));
  return { findings: placed.map((finding) => ({ ...finding, app: task.app })), run };
}
