import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { doctorFindings } from '../../checks/doctor/run-doctor';
import { checklistSummary, incompleteRuns } from '../../checks/report/checklist-summary';
import { isBlocking, type CheckFinding } from '../../checks/report/finding';
import type { PackRun } from '../../checks/report/pack-run';
import { cloudAssemblyProblem, readCloudAssemblyRun } from '../../checks/report/read-cloud-assembly';
import { readTerraformOutput, terraformChecks, terraformOutputProblem } from '../../checks/report/read-terraform-output';
import { readTerraformSource, type TerraformSource } from '../../checks/report/read-terraform-source';
import { OutputFileError } from '../../checks/report/output-file-error';
import { placedInTerraform } from '../../checks/report/terraform-resource-lines';
import { DOCTOR_PACK } from '../../checks/doctor/doctor-pack';
import { toSarif } from '../../checks/report/sarif';
import { PLANS, type Plan } from '../../cloudflare/plans';
import { ProfileValidationError } from '../../profile/errors';
import { loadProfile } from '../../profile/load';
import type { HardeningProfile } from '../../profile/schema';
import type { AppCheckResult } from '../app-check';
import { appTasks, checksManyApps } from '../app-tasks';
import { checkAppsInPool, defaultJobs } from '../check-app-pool';
import { CheckInputError } from '../check-input-error';
import { checkPolicy } from '../check-policy';
import { formatChecklistSummary, formatCheckTable } from '../check-table';
import { EXIT, layoutWidth, type CliIo, type SetExitCode } from '../cli-io';
import { parseJobs } from '../parse-jobs';
import { placedUnder } from '../placed-under';
import { assemblyFindings } from '../assembly-findings';
import { outputTarget, writeOutput } from '../write-output';
import { collectOutputs, removeSynthesized, type SynthOutput } from '../synthesized-outputs';

type ReportFormat = 'table' | 'json' | 'sarif';

interface CheckOptions {
  readonly cdkOut?: readonly string[];
  readonly cdktfOut?: readonly string[];
  readonly apps?: readonly string[];
  readonly jobs?: number;
  readonly template?: readonly string[];
  readonly terraform?: readonly string[];
  readonly profile?: string;
  readonly cloudflarePlan?: Plan;
  readonly format: ReportFormat;
  readonly output?: string;
}

/** `bulwark check`: the findings of synthesized apps and of the profile's doctor; exit 1 on blocking findings. */
export function addCheckCommand(program: Command, io: CliIo, setExitCode: SetExitCode): void {
  program
    .command('check')
    .description(
      "Synthesize the apps of cdk.json and cdktf.json (or those below --apps, or read --cdk-out / --cdktf-out) and report their findings and the profile doctor's: exit 1 on errors, 0 otherwise, 2 on bad input or a failed synth.",
    )
    .option(
      '--cdk-out <dir...>',
      'synthesized CDK apps (cloud assemblies) to read; with none of --cdk-out, --cdktf-out and --apps, the apps of cdk.json and cdktf.json here are synthesized',
    )
    .option('--cdktf-out <dir...>', 'synthesized cdktf apps to check (their stacks/*/cdk.tf.json)')
    .option(
      '--apps <dir...>',
      'synthesize and check every app below these directories (each directory holding a cdk.json or cdktf.json; node_modules, cdk.out, cdktf.out and hidden directories are skipped), in one report',
    )
    .option('--jobs <n>', 'apps checked at once, on worker threads (default: the number of CPUs)', parseJobs)
    .option(
      '--terraform <path...>',
      'Terraform written by hand to run the Cloudflare checks on: .tf (HCL), .tf.json, a plan (terraform show -json), or a directory of .tf and .tf.json files',
    )
    .option('--template <file...>', 'CloudFormation templates (JSON, or YAML with short-form tags) to run BulwarkChecks on, written by hand or by any tool')
    .option('--profile <file>', "run the doctor on this profile, and take the Cloudflare checks' plan and login paths from it")
    .addOption(
      new Option(
        '--cloudflare-plan <plan>',
        "the Cloudflare zones' plan, which decides what their expressions may use (default: the profile's cloudflare.plan)",
      ).choices(Object.keys(PLANS)),
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .action(async (options: CheckOptions) => {
      // A report that cannot be written is known before anything is synthesized or read.
      if (options.output !== undefined) outputTarget(options.output);
      const problems: string[] = [];
      const givenFiles = options.template !== undefined || options.terraform !== undefined;
      const many = checksManyApps(options);
      const outputs = many
        ? []
        : collectOutputs({ cdkOut: options.cdkOut?.[0], cdktfOut: options.cdktfOut?.[0], profile: options.profile }, io, problems, !givenFiles);
      if (!many && outputs.length === 0 && !givenFiles && problems.length === 0)
        problems.push('no cdk.json or cdktf.json here: give --cdk-out, --cdktf-out, --apps, --template or --terraform');
      try {
        const terraform: TerraformSource[] = [];
        for (const path of options.terraform ?? []) {
          try {
            terraform.push(await readTerraformSource(path));
          } catch (error) {
            if (!(error instanceof OutputFileError)) throw error;
            problems.push(error.message);
          }
        }
        for (const { kind, dir } of outputs) {
          const problem = kind === 'cdk' ? cloudAssemblyProblem(dir) : terraformOutputProblem(dir);
          if (problem) problems.push(problem);
        }
        const { profile, findings, runs, sarifPlace } = many
          ? await checkManyApps(options, problems, io)
          : singleResults(outputs, loadCheckProfile(options.profile, problems), options);
        for (const { label, document, positions } of terraform) {
          const checked = terraformChecks(label, [{ file: label, document }], checkPolicy(profile, options.cloudflarePlan));
          findings.push(...placedInTerraform(checked.findings, positions));
          runs.push(checked.run);
        }
        if (options.template !== undefined) {
          // Loaded only here: checking templates needs aws-cdk-lib and cdk-nag, nothing else in the CLI does.
          const { checkTemplate } = await import('../../checks/aws/template-checks.js');
          for (const file of options.template) {
            const checked = checkTemplate(file, profile);
            findings.push(...checked.findings);
            runs.push(checked.run);
          }
        }
        const text = renderReport(options.format === 'sarif' ? findings.map(sarifPlace) : findings, runs, options.format, layoutWidth(io));
        if (options.output !== undefined) writeOutput(options.output, text);
        else io.stdout(text);
        // A pack that did not run fails the check like a blocking finding: silence is not a pass.
        setExitCode(findings.some(isBlocking) || incompleteRuns(runs).length > 0 ? EXIT.findings : EXIT.ok);
      } finally {
        removeSynthesized(outputs);
      }
    });
}

/** The profile given with --profile; throws every input problem at once (outputs' and profile's). */
function loadCheckProfile(file: string | undefined, problems: readonly string[]): HardeningProfile | undefined {
  const { profile, profileError } = readCheckProfile(file);
  if (problems.length > 0) throw new CheckInputError(problems, profileError);
  if (profileError) throw profileError;
  return profile;
}

/** The profile given with --profile, or why it is not valid. */
function readCheckProfile(file: string | undefined): { readonly profile?: HardeningProfile; readonly profileError?: ProfileValidationError } {
  try {
    return file !== undefined ? { profile: loadProfile(file) } : {};
  } catch (error) {
    if (!(error instanceof ProfileValidationError)) throw error;
    return { profileError: error };
  }
}

interface CheckResults {
  readonly findings: CheckFinding[];
  readonly runs: PackRun[];
}

/** A run's results with the profile they were judged by, and where SARIF places each finding. */
interface RunResults extends CheckResults {
  readonly profile: HardeningProfile | undefined;
  readonly sarifPlace: (finding: CheckFinding) => CheckFinding;
}

function singleResults(outputs: readonly SynthOutput[], profile: HardeningProfile | undefined, options: CheckOptions): RunResults {
  return { profile, ...collectResults(outputs, profile, options), sarifPlace: (finding) => finding };
}

/**
 * The doctor's findings and every app's (`--apps`, several --cdk-out / --cdktf-out), the apps
 * checked at most --jobs at a time and reported in the order of their paths. One app that cannot
 * be synthesized or read stops the run: every such problem is listed (with the profile's), exit
 * 2, and no report is written, so a CI job never uploads a report that leaves an app out.
 */
async function checkManyApps(options: CheckOptions, problems: string[], io: CliIo): Promise<RunResults> {
  const { profile, profileError } = readCheckProfile(options.profile);
  const tasks = appTasks(options, profile, problems);
  if (tasks.length === 0 && options.apps !== undefined && problems.length === 0)
    problems.push(`no cdk.json or cdktf.json below ${options.apps.join(', ')}: give the directories that hold the apps`);
  const jobs = options.jobs ?? defaultJobs();
  // Apps are not synthesized for a profile that is not valid: they would be hardened with it.
  if (profileError === undefined && tasks.length > 1 && process.stderr.isTTY)
    io.stderr(`Checking ${tasks.length} apps, ${Math.min(jobs, tasks.length)} at a time…\n`);
  const checked: AppCheckResult[] = profileError === undefined ? await checkAppsInPool(tasks, jobs) : [];
  const failed = checked.flatMap((result, index) => ('internal' in result ? [`checking ${tasks[index].app}: ${result.internal}`] : []));
  if (failed.length > 0) throw new Error(failed.join('; '));
  problems.push(...checked.flatMap((result) => ('problems' in result ? result.problems : [])));
  if (problems.length > 0 || profileError) throw new CheckInputError(problems, profileError);
  const results = doctorResults(profile, options);
  for (const result of checked) {
    if (!('run' in result)) continue;
    results.findings.push(...result.findings);
    results.runs.push(result.run);
  }
  // A synthesized app's templates are gone after the run: SARIF places its findings at the app's cdk.json or cdktf.json, a file in the repository.
  const configs = new Map(tasks.filter((task) => task.synthesize).map((task) => [task.app, configOf(task.app, task.kind)]));
  const sarifPlace = (finding: CheckFinding): CheckFinding => {
    const config = finding.app === undefined ? undefined : configs.get(finding.app);
    if (config === undefined || finding.location.kind !== 'resource' || finding.location.source !== undefined) return finding;
    const { templatePosition: _deletedTemplateLine, ...location } = finding.location;
    return { ...finding, location: { ...location, templateFile: config } };
  };
  return { profile, ...results, sarifPlace };
}

function configOf(app: string, kind: 'cdk' | 'cdktf'): string {
  const file = kind === 'cdk' ? 'cdk.json' : 'cdktf.json';
  return app === '.' ? file : `${app}/${file}`;
}

/** The findings of the profile's doctor, when a profile is given, and its run. */
function doctorResults(profile: HardeningProfile | undefined, options: CheckOptions): CheckResults {
  if (!profile || options.profile === undefined) return { findings: [], runs: [] };
  return {
    findings: doctorFindings(profile, options.profile),
    runs: [{ source: 'doctor', input: options.profile, ran: true, applied: DOCTOR_PACK.definitions.map((definition) => definition.id) }],
  };
}

/** The findings of the profile's doctor and of each output, and whether each pack ran on its input. */
function collectResults(outputs: readonly SynthOutput[], profile: HardeningProfile | undefined, options: CheckOptions): CheckResults {
  // A synthesized output is a temporary directory, removed after the run: its findings keep paths within it.
  const placed = (dir: string, synthesized: boolean, findings: CheckFinding[]) =>
    synthesized ? findings : findings.map((finding) => placedUnder(finding, dir));
  const policy = () => checkPolicy(profile, options.cloudflarePlan);
  const results = doctorResults(profile, options);
  for (const { kind, dir, synthesized } of outputs) {
    const { findings, run } =
      kind === 'cdk' ? { findings: assemblyFindings(dir, synthesized), run: readCloudAssemblyRun(dir) } : readTerraformOutput(dir, policy());
    results.findings.push(...placed(dir, synthesized, findings));
    results.runs.push(synthesized ? { ...run, input: `the app of ${kind === 'cdk' ? 'cdk.json' : 'cdktf.json'}` } : run);
  }
  return results;
}

function renderReport(findings: readonly CheckFinding[], runs: readonly PackRun[], format: ReportFormat, width: number): string {
  const summary = checklistSummary(findings, runs);
  if (format === 'sarif') return `${JSON.stringify(toSarif([...findings], packageVersion(), runs), null, 2)}\n`;
  if (format === 'json') return `${JSON.stringify({ packs: runs, checklist: summary, findings }, null, 2)}\n`;
  return `${formatChecklistSummary(summary, width)}\n${formatCheckTable(findings, runs, width)}`;
}

/** The version in Bulwark's package.json, found upwards from here (source and dist/ differ in depth). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'bulwark' && manifest.version) return manifest.version;
    }
  }
  return '0.0.0';
}
