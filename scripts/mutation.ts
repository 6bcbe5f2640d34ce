/**
 * `npm run mutation [group…]`: Stryker once per module group of mutation/groups.json (each group
 * mutates its own files and runs only its own tests). Each run's Stryker JSON report (.mutation/,
 * not committed) is summed up in mutation/runs/<group>.json (committed, so runs made in different
 * sessions add up), and mutation/results.md is written from those summaries.
 * `npm run mutation -- --report` only rewrites the summaries and the report from what is there;
 * `npm run mutation -- --recheck <group…>` runs again the mutants of a group's last report that no test ran against.
 * Not part of `npm test`: a full run takes hours on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

interface Group {
  readonly name: string;
  readonly title: string;
  readonly mutate: readonly string[];
  readonly tests: readonly string[];
  /** One vitest worker and module cache for all the test files of a mutant's run (stryker.config.mjs). */
  readonly fastModuleCache?: boolean;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

/** A mutant as Stryker's JSON report (mutation-testing-report-schema) gives it. */
interface ReportedMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  status: string;
  statusReason?: string;
  testsCompleted?: number;
  readonly location: { readonly start: Position; readonly end: Position };
}

interface StrykerReport {
  readonly files: Record<string, { mutants: ReportedMutant[] }>;
}

interface RunRecord {
  readonly date: string;
  readonly seconds: number;
  readonly node: string;
  readonly cores: number;
  readonly concurrency: number;
}

interface Counts {
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  errors: number;
  ignored: number;
  notMeasured: number;
}

/** The target of issue 28: each module's score at least this. */
const TARGET_SCORE = 90;
const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, '.mutation');
const SUMMARIES = join(ROOT, 'mutation/runs');
const groups = JSON.parse(readFileSync(join(ROOT, 'mutation/groups.json'), 'utf8')) as Group[];

/** How many times a mutant whose run executed none of its tests is run again before it is reported as not measured. */
const RECHECKS = 3;
/** Why such a mutant is not a survivor: Stryker's vitest runner can end a mutant's run having run none of its tests. */
const NOT_MEASURED = 'not measured: its runs executed none of the tests that cover it (stryker-mutator/stryker-js#6213), so it is neither killed nor survived';

/**
 * A mutant Stryker calls survived although its run completed none of the tests that cover it. Under load,
 * Stryker 9's vitest runner can end a filtered run with no test executed and report the mutant as survived
 * (stryker-mutator/stryker-js#6213, #6073); such a run proves nothing about the mutant.
 */
const unmeasured = (mutant: ReportedMutant) => mutant.status === 'Survived' && mutant.testsCompleted === 0;
const mutantKey = (file: string, mutant: ReportedMutant) =>
  [
    file,
    mutant.location.start.line,
    mutant.location.start.column,
    mutant.location.end.line,
    mutant.location.end.column,
    mutant.mutatorName,
    mutant.replacement,
  ].join('\u0000');

function stryker(group: Group, concurrency: number, extraArgs: readonly string[], env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...extraArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group.name, MUTATION_CONCURRENCY: String(concurrency), ...env },
  });
  if (result.status !== 0) throw new Error(`Stryker failed on group ${group.name} (exit ${String(result.status)})`);
}

/**
 * Runs again, one test process at a time, the mutants of the group's report that no test ran against, and
 * writes their new verdicts into the report; those still unmeasured after RECHECKS runs are marked so.
 */
function recheckUnmeasured(group: Group): void {
  const reportFile = join(OUTPUT, `${group.name}.json`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as StrykerReport;
  for (let attempt = 1; attempt <= RECHECKS; attempt += 1) {
    const pending = Object.entries(report.files).flatMap(([file, { mutants }]) => mutants.filter(unmeasured).map((mutant) => ({ file, mutant })));
    if (pending.length === 0) break;
    console.log(`Running again ${pending.length} mutant(s) of ${group.name} that no test ran against (attempt ${attempt} of ${RECHECKS})`);
    const ranges = [...new Set(pending.map(({ file, mutant }) => `${file}:${mutant.location.start.line}-${mutant.location.end.line}`))];
    const recheckFile = join(OUTPUT, `${group.name}.recheck.json`);
    stryker(
      group,
      1,
      ranges.flatMap((range) => ['--mutate', range]),
      { MUTATION_REPORT: recheckFile, MUTATION_INCREMENTAL: '0' },
    );
    const again = JSON.parse(readFileSync(recheckFile, 'utf8')) as StrykerReport;
    const verdicts = new Map(Object.entries(again.files).flatMap(([file, { mutants }]) => mutants.map((mutant) => [mutantKey(file, mutant), mutant] as const)));
    for (const { file, mutant } of pending) {
      const verdict = verdicts.get(mutantKey(file, mutant));
      if (verdict === undefined) continue;
      mutant.status = verdict.status;
      mutant.statusReason = verdict.statusReason;
      mutant.testsCompleted = verdict.testsCompleted;
    }
  }
  for (const { mutants } of Object.values(report.files)) {
    for (const mutant of mutants.filter(unmeasured)) {
      mutant.status = 'RuntimeError';
      mutant.statusReason = NOT_MEASURED;
    }
  }
  writeFileSync(reportFile, JSON.stringify(report));
}

/** Drops from the incremental file (MUTATION_INCREMENTAL=1) the mutants no test ran against, so that the next run tests them. */
function forgetUnmeasured(group: Group): void {
  const incrementalFile = join(OUTPUT, `${group.name}.incremental.json`);
  if (!existsSync(incrementalFile)) return;
  const incremental = JSON.parse(readFileSync(incrementalFile, 'utf8')) as StrykerReport;
  for (const entry of Object.values(incremental.files)) entry.mutants = entry.mutants.filter((mutant) => !unmeasured(mutant));
  writeFileSync(incrementalFile, JSON.stringify(incremental));
}

function runGroup(group: Group, concurrency: number): void {
  const started = Date.now();
  forgetUnmeasured(group);
  stryker(group, concurrency, [], {});
  recheckUnmeasured(group);
  const record: RunRecord = {
    date: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    node: process.version,
    cores: cpus().length,
    concurrency,
  };
  writeFileSync(join(OUTPUT, `${group.name}.run.json`), JSON.stringify(record));
}

function count(mutants: readonly ReportedMutant[]): Counts {
  const counts: Counts = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, errors: 0, ignored: 0, notMeasured: 0 };
  for (const { status, statusReason } of mutants) {
    if (statusReason === NOT_MEASURED) counts.notMeasured += 1;
    else if (status === 'Killed') counts.killed += 1;
    else if (status === 'Survived') counts.survived += 1;
    else if (status === 'NoCoverage') counts.noCoverage += 1;
    else if (status === 'Timeout') counts.timeout += 1;
    else if (status === 'Ignored') counts.ignored += 1;
    else counts.errors += 1;
  }
  return counts;
}

/** Stryker's mutation score: detected (killed or timed out) over every valid mutant; ignored and erroring mutants do not count. */
function score(counts: Counts): number | undefined {
  const valid = counts.killed + counts.timeout + counts.survived + counts.noCoverage;
  return valid === 0 ? undefined : (100 * (counts.killed + counts.timeout)) / valid;
}

const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} %`);
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;

/** What results.md needs of one group's run: kept in the repository, unlike Stryker's report. */
interface GroupSummary {
  readonly run?: RunRecord;
  readonly files: Record<string, Counts>;
  readonly left: readonly { readonly where: string; readonly status: string; readonly mutator: string; readonly replacement: string }[];
}

/** Sums up the group's Stryker report, when there is one, in mutation/runs/<group>.json; else reads the committed summary. */
function summarize(group: Group): GroupSummary | undefined {
  const reportFile = join(OUTPUT, `${group.name}.json`);
  const runFile = join(OUTPUT, `${group.name}.run.json`);
  const summaryFile = join(SUMMARIES, `${group.name}.json`);
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as StrykerReport;
    const run = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as RunRecord) : undefined;
    const entries = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
    const summary: GroupSummary = {
      run,
      files: Object.fromEntries(entries.map(([file, { mutants }]) => [file, count(mutants)])),
      left: entries.flatMap(([file, { mutants }]) =>
        mutants
          .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage' || mutant.statusReason === NOT_MEASURED)
          .map((mutant) => ({
            where: `${file}:${mutant.location.start.line}`,
            status: mutant.statusReason === NOT_MEASURED ? 'Not measured' : mutant.status,
            mutator: mutant.mutatorName,
            replacement: (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80),
          })),
      ),
    };
    mkdirSync(SUMMARIES, { recursive: true });
    writeFileSync(summaryFile, `${JSON.stringify(summary, undefined, 1)}\n`);
    return summary;
  }
  return existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as GroupSummary) : undefined;
}

function total(counts: readonly Counts[]): Counts {
  const sum: Counts = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, errors: 0, ignored: 0, notMeasured: 0 };
  for (const one of counts) for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += one[key] ?? 0;
  return sum;
}

function writeReport(): void {
  const lines: string[] = [
    '# Mutation testing results',
    '',
    'Written by `npm run mutation` (scripts/mutation.ts) from Stryker runs on this machine; each module group of',
    '[groups.json](groups.json) mutates its own files and runs only its own test files (`vitest.mutation.config.mts`).',
    `Target (issue 28): mutation score ≥ ${TARGET_SCORE} % for every module. Score = (killed + timeouts) / (killed + timeouts + survived + no coverage);`,
    'mutants disabled with a `Stryker disable` comment are counted as ignored. "Not measured": a mutant whose runs, three times over, executed none of',
    'the tests covering it (a Stryker vitest-runner fault under load, stryker-mutator/stryker-js#6213); it counts neither way. Equivalent survivors: [equivalent.md](equivalent.md);',
    'how to run it, and why a module shows "not run": [README.md](README.md). Each group\'s last run is summed up in [runs/](runs).',
    '',
  ];
  const summary: string[] = [
    row(['Module', 'Killed', 'Survived', 'No coverage', 'Timeouts', 'Ignored', 'Not measured', 'Score', `Target ≥ ${TARGET_SCORE} %`, 'Run']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']),
  ];
  const details: string[] = [];
  const survivors: string[] = [];
  const machines = new Set<string>();
  for (const group of groups) {
    const result = summarize(group);
    if (result === undefined) {
      summary.push(row([group.title, '', '', '', '', '', '', 'not run', 'not run', '']));
      continue;
    }
    const { run } = result;
    if (run) machines.add(`${run.cores} cores, Node ${run.node}, Stryker concurrency ${run.concurrency}`);
    const sum = total(Object.values(result.files));
    const groupScore = score(sum);
    const met = groupScore !== undefined && groupScore >= TARGET_SCORE ? 'met' : 'missed';
    const when = run ? `${run.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(run.seconds / 60)} min` : '';
    summary.push(row([group.title, sum.killed, sum.survived, sum.noCoverage, sum.timeout, sum.ignored, sum.notMeasured ?? 0, percent(groupScore), met, when]));
    details.push(
      '',
      `### ${group.title}`,
      '',
      row(['File', 'Killed', 'Survived', 'No coverage', 'Timeouts', 'Score']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const [file, counts] of Object.entries(result.files)) {
      details.push(row([`\`${file}\``, counts.killed, counts.survived, counts.noCoverage, counts.timeout, percent(score(counts))]));
    }
    for (const mutant of result.left) {
      survivors.push(row([`\`${mutant.where}\``, mutant.status, mutant.mutator, `\`${mutant.replacement.replace(/\|/g, '\\|')}\``]));
    }
  }
  lines.push(`Machine: ${[...machines].join('; ') || 'unknown'}.`, '', ...summary, '', '## Per file', ...details, '');
  lines.push('## Mutants left (survived, not covered or not measured)', '', 'Equivalent ones are explained in [equivalent.md](equivalent.md).', '');
  lines.push(row(['Where', 'Status', 'Mutator', 'Replacement']), row(['---', '---', '---', '---']), ...survivors, '');
  writeFileSync(join(ROOT, 'mutation/results.md'), lines.join('\n'));
}

function main(args: readonly string[]): void {
  const concurrency = Number(process.env.MUTATION_CONCURRENCY ?? 1);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const chosen = names.length === 0 ? groups : groups.filter((group) => names.includes(group.name));
  if (chosen.length !== Math.max(names.length, chosen.length)) throw new Error(`unknown group among ${names.join(', ')}`);
  if (args.includes('--recheck')) for (const group of chosen) recheckUnmeasured(group);
  else if (!args.includes('--report')) for (const group of chosen) runGroup(group, concurrency);
  writeReport();
}

main(process.argv.slice(2));
