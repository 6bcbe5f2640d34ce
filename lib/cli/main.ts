import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { doctorCheckFindings } from '../checks/report/doctor-findings';
import { isBlocking, type CheckFinding } from '../checks/report/finding';
import { cloudAssemblyProblem, readCloudAssemblyFindings } from '../checks/report/read-cloud-assembly';
import { OutputFileError } from '../checks/report/output-file-error';
import { readTerraformFindings, terraformOutputProblem } from '../checks/report/read-terraform-output';
import { synthesizeApp } from '../checks/report/synthesize-apps';
import { toSarif } from '../checks/report/sarif';
import { formatChecklistSummary, formatCheckTable } from './check-table';
import { checklistSummary, securityMatrixMarkdown, type CheckSource } from '../checks/report/checklist-summary';
import { onPlan } from '../checks/cloudflare/cloudflare-checks';
import { runDoctor } from '../checks/doctor/run-doctor';
import { PLANS, type Plan } from '../cloudflare/plans';
import { buildPolicy } from '../policy/normalize';
import { ProfileValidationError } from '../profile/errors';
import { renderProfileJsonSchema } from '../profile/json-schema';
import { extendPreset, loadProfile } from '../profile/load';
import type { HardeningProfile } from '../profile/schema';
import { formatDoctorTable } from './doctor-table';
import { printable } from './printable';
import { UsageError } from './usage-error';
import { outputTarget, writeOutput } from './write-output';

/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 passed, 1 blocking findings, 2 bad input or usage, 3 an internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;

type Format = 'table' | 'json';

/** Runs the `bulwark` CLI and resolves to its exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('bulwark')
    .description('Hardening profiles compiled to AWS and Cloudflare, checked in CI.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  const format = () => new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');

  program
    .command('doctor')
    .description('Check a profile against the checklist: exit 1 on blocking findings, 0 otherwise, 2 on bad input.')
    .argument('<profile>', 'profile file (.yaml, .yml or .json)')
    .addOption(format())
    .action((file: string, options: { format: Format }) => {
      const report = runDoctor(loadProfile(file));
      io.stdout(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorTable(report));
      exitCode = report.passed ? EXIT.ok : EXIT.findings;
    });

  program
    .command('check')
    .description('Synthesize the apps of cdk.json and cdktf.json (or read --cdk-out / --cdktf-out) and report their findings and the profile doctor\'s: exit 1 on errors, 0 otherwise, 2 on bad input or a failed synth.')
    .option('--cdk-out <dir>', 'a synthesized CDK app (cloud assembly) to read; with neither this nor --cdktf-out, the apps of cdk.json and cdktf.json are synthesized')
    .option('--cdktf-out <dir>', 'a synthesized cdktf app to check (its stacks/*/cdk.tf.json)')
    .option('--profile <file>', 'run the doctor on this profile, and take the Cloudflare checks\' plan and login paths from it')
    .addOption(new Option('--cloudflare-plan <plan>', 'the Cloudflare zones\' plan, which decides what their expressions may use (default: the profile\'s cloudflare.plan)').choices(Object.keys(PLANS)))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .action((options: { cdkOut?: string; cdktfOut?: string; profile?: string; cloudflarePlan?: Plan; format: 'table' | 'json' | 'sarif'; output?: string }) => {
      // A report that cannot be written is known before anything is synthesized or read.
      if (options.output !== undefined) outputTarget(options.output);
      const problems: string[] = [];
      const outputs: { kind: 'cdk' | 'cdktf'; dir: string; synthesized: boolean }[] = [];
      if (options.cdkOut !== undefined) outputs.push({ kind: 'cdk', dir: options.cdkOut, synthesized: false });
      if (options.cdktfOut !== undefined) outputs.push({ kind: 'cdktf', dir: options.cdktfOut, synthesized: false });
      try {
        if (outputs.length === 0) {
          // Neither output given: synthesize the apps of cdk.json and cdktf.json here.
          const progress = (text: string) => { if (process.stderr.isTTY) io.stderr(`${text}\n`); };
          for (const kind of ['cdk', 'cdktf'] as const) {
            const result = synthesizeApp(kind, process.cwd(), progress);
            if (result && 'error' in result) problems.push(result.error);
            else if (result) outputs.push({ kind, dir: result.outdir, synthesized: true });
          }
          if (outputs.length === 0 && problems.length === 0) problems.push('no cdk.json or cdktf.json here: give --cdk-out or --cdktf-out');
        }
        for (const { kind, dir } of outputs) {
          const problem = kind === 'cdk' ? cloudAssemblyProblem(dir) : terraformOutputProblem(dir);
          if (problem) problems.push(problem);
        }
        let profile: HardeningProfile | undefined;
        let profileError: ProfileValidationError | undefined;
        try {
          profile = options.profile ? loadProfile(options.profile) : undefined;
        } catch (error) {
          if (!(error instanceof ProfileValidationError)) throw error;
          profileError = error;
        }
        if (problems.length > 0) throw new CheckInputError(problems, profileError);
        if (profileError) throw profileError;

        // A synthesized output is a temporary directory, removed below: its findings keep paths within it.
        const under = (dir: string, synthesized: boolean) => (findings: CheckFinding[]) => (synthesized ? findings : findings.map((finding) => placedUnder(finding, dir)));
        const findings = [
          ...(profile && options.profile ? doctorCheckFindings(runDoctor(profile), options.profile) : []),
          ...outputs.flatMap(({ kind, dir, synthesized }) => under(dir, synthesized)(kind === 'cdk'
            ? readCloudAssemblyFindings(dir)
            : readTerraformFindings(dir, onPlan(buildPolicy(profile ?? extendPreset('baseline', { name: 'bulwark' })), options.cloudflarePlan)))),
        ];
        const sources: CheckSource[] = [...(profile ? ['doctor' as const] : []), ...outputs.map(({ kind }) => (kind === 'cdk' ? 'aws' as const : 'cloudflare' as const))];
        const summary = checklistSummary(findings, sources);
        const text = options.format === 'sarif'
          ? `${JSON.stringify(toSarif(findings, packageVersion()), null, 2)}\n`
          : options.format === 'json' ? `${JSON.stringify({ checklist: summary, findings }, null, 2)}\n` : `${formatChecklistSummary(summary)}\n${formatCheckTable(findings)}`;
        if (options.output !== undefined) writeOutput(options.output, text);
        else io.stdout(text);
        exitCode = findings.some(isBlocking) ? EXIT.findings : EXIT.ok;
      } finally {
        for (const { dir, synthesized } of outputs) if (synthesized) rmSync(dir, { recursive: true, force: true });
      }
    });

  program
    .command('matrix')
    .description('Print the security matrix as Markdown: each checklist item and the doctor checks, AWS rules and Cloudflare rules that enforce it.')
    .action(() => {
      io.stdout(`${securityMatrixMarkdown()}\n`);
    });

  program
    .command('policy')
    .description('Print the edge-neutral policy a profile normalizes to (JSON).')
    .argument('<profile>', 'profile file (.yaml, .yml or .json)')
    .action((file: string) => {
      io.stdout(`${JSON.stringify(buildPolicy(loadProfile(file)), null, 2)}\n`);
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the profile, for editors.')
    .action(() => {
      io.stdout(renderProfileJsonSchema());
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, argv, io);
  }
}

function reportError(error: unknown, argv: readonly string[], io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message; help and version are not errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (error instanceof UsageError || error instanceof OutputFileError) {
    io.stderr(`bulwark: ${printable(error.message)}\n`);
    return EXIT.badInput;
  }
  if (error instanceof CheckInputError) {
    if (wantsJson(argv)) io.stdout(`${JSON.stringify({ error: 'invalid-input', problems: error.problems, issues: error.profileError?.issues ?? [] }, null, 2)}\n`);
    else io.stderr([...error.problems.map((problem) => `bulwark: ${printable(problem)}`), ...(error.profileError ? [error.profileError.message] : [])].join('\n') + '\n');
    return EXIT.badInput;
  }
  if (error instanceof ProfileValidationError) {
    if (wantsJson(argv)) io.stdout(`${JSON.stringify({ error: 'invalid-profile', issues: error.issues }, null, 2)}\n`);
    else io.stderr(`${error.message}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`bulwark: internal error: ${message}\nPlease report it with the command you ran${process.env.BULWARK_DEBUG ? '' : ' (set BULWARK_DEBUG=1 to see the stack)'}.\n`);
  if (process.env.BULWARK_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}

/** Everything wrong with the inputs of `bulwark check`, reported at once: outputs that cannot be read, and the profile's problems. */
class CheckInputError extends Error {
  constructor(public readonly problems: readonly string[], public readonly profileError?: ProfileValidationError) {
    super([...problems, ...(profileError ? [profileError.message] : [])].join('\n'));
  }
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

/** Whether the last --format given (as commander reads it) is json. */
function wantsJson(argv: readonly string[]): boolean {
  let format: string | undefined;
  argv.forEach((arg, index) => {
    if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg.startsWith('-f') && arg.length > 2) format = arg.slice(2);
    else if (arg === '--format' || arg === '-f') format = argv[index + 1];
  });
  return format === 'json';
}
