import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { onPlan } from '../../checks/cloudflare/cloudflare-checks';
import { doctorFindings } from '../../checks/doctor/run-doctor';
import { checklistSummary, incompleteRuns } from '../../checks/report/checklist-summary';
import { isBlocking, type CheckFinding } from '../../checks/report/finding';
import type { PackRun } from '../../checks/report/pack-run';
import { cloudAssemblyProblem, readCloudAssemblyFindings, readCloudAssemblyRun } from '../../checks/report/read-cloud-assembly';
import { readTerraformOutput, terraformChecks, terraformOutputProblem } from '../../checks/report/read-terraform-output';
import { readTerraformSource, type TerraformSource } from '../../checks/report/read-terraform-source';
import { OutputFileError } from '../../checks/report/output-file-error';
import { placedInTerraform } from '../../checks/report/terraform-resource-lines';
import type { Policy } from '../../policy/model';
import { DOCTOR_PACK } from '../../checks/doctor/doctor-pack';
import { toSarif } from '../../checks/report/sarif';
import { PLANS, type Plan } from '../../cloudflare/plans';
import { buildPolicy } from '../../policy/normalize';
import { ProfileValidationError } from '../../profile/errors';
import { extendPreset, loadProfile } from '../../profile/load';
import type { HardeningProfile } from '../../profile/schema';
import { CheckInputError } from '../check-input-error';
import { formatChecklistSummary, formatCheckTable } from '../check-table';
import { EXIT, layoutWidth, type CliIo, type SetExitCode } from '../cli-io';
import { outputTarget, writeOutput } from '../write-output';
import { collectOutputs, removeSynthesized, type SynthOutput } from '../synthesized-outputs';

type ReportFormat = 'table' | 'json' | 'sarif';

interface CheckOptions {
  readonly cdkOut?: string;
  readonly cdktfOut?: string;
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
      "Synthesize the apps of cdk.json and cdktf.json (or read --cdk-out / --cdktf-out) and report their findings and the profile doctor's: exit 1 on errors, 0 otherwise, 2 on bad input or a failed synth.",
    )
    .option(
      '--cdk-out <dir>',
      'a synthesized CDK app (cloud assembly) to read; with neither this nor --cdktf-out, the apps of cdk.json and cdktf.json are synthesized',
    )
    .option('--cdktf-out <dir>', 'a synthesized cdktf app to check (its stacks/*/cdk.tf.json)')
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
      const outputs = collectOutputs(options, io, problems, !givenFiles);
      if (outputs.length === 0 && !givenFiles && problems.length === 0)
        problems.push('no cdk.json or cdktf.json here: give --cdk-out, --cdktf-out, --template or --terraform');
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
        const profile = loadCheckProfile(options.profile, problems);
        const { findings, runs } = collectResults(outputs, profile, options);
        for (const { label, document, positions } of terraform) {
          const checked = terraformChecks(label, [{ file: label, document }], checkPolicy(profile, options));
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
        const text = renderReport(findings, runs, options.format, layoutWidth(io));
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
  let profile: HardeningProfile | undefined;
  let profileError: ProfileValidationError | undefined;
  try {
    profile = file !== undefined ? loadProfile(file) : undefined;
  } catch (error) {
    if (!(error instanceof ProfileValidationError)) throw error;
    profileError = error;
  }
  if (problems.length > 0) throw new CheckInputError(problems, profileError);
  if (profileError) throw profileError;
  return profile;
}

interface CheckResults {
  readonly findings: CheckFinding[];
  readonly runs: PackRun[];
}

/** The policy the Cloudflare checks judge by: the profile's (else the baseline preset's), on the plan given. */
function checkPolicy(profile: HardeningProfile | undefined, options: CheckOptions): Policy {
  return onPlan(buildPolicy(profile ?? extendPreset('baseline', { name: 'bulwark' })), options.cloudflarePlan);
}

/** The findings of the profile's doctor and of each output, and whether each pack ran on its input. */
function collectResults(outputs: readonly SynthOutput[], profile: HardeningProfile | undefined, options: CheckOptions): CheckResults {
  // A synthesized output is a temporary directory, removed after the run: its findings keep paths within it.
  const placed = (dir: string, synthesized: boolean, findings: CheckFinding[]) =>
    synthesized ? findings : findings.map((finding) => placedUnder(finding, dir));
  const policy = () => checkPolicy(profile, options);
  const results: CheckResults = { findings: [], runs: [] };
  if (profile && options.profile !== undefined) {
    results.findings.push(...doctorFindings(profile, options.profile));
    results.runs.push({ source: 'doctor', input: options.profile, ran: true, applied: DOCTOR_PACK.definitions.map((definition) => definition.id) });
  }
  for (const { kind, dir, synthesized } of outputs) {
    const { findings, run } =
      kind === 'cdk' ? { findings: readCloudAssemblyFindings(dir), run: readCloudAssemblyRun(dir) } : readTerraformOutput(dir, policy());
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

/**
 * A finding whose file is relative to an output directory, made relative to the working
 * directory (the repository, for SARIF) when the output lies within it; one outside keeps its
 * path within the output, which stays the same from run to run.
 */
function placedUnder(finding: CheckFinding, dir: string): CheckFinding {
  if (finding.location.kind !== 'resource' || finding.location.templateFile === undefined) return finding;
  const fromHere = relative(process.cwd(), resolve(dir, finding.location.templateFile));
  if (fromHere.startsWith('..') || isAbsolute(fromHere)) return finding;
  return { ...finding, location: { ...finding.location, templateFile: fromHere } };
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
