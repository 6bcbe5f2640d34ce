/**
 * `npm run bench`: what Bulwark costs. Writes bench/results.md and prints the same tables.
 * Sizes and runs can be lowered for a quick look (BENCH_SERVICES=1,100 BENCH_RULES=10
 * BENCH_RUNS=3, BENCH_SIM_REQUESTS=10000,100000), which writes bench/results-quick.md instead:
 * bench/results.md is committed from a run with the defaults. BENCH_SECTIONS=simulate runs only
 * section 4 (efficacy: section 5, scale: section 6) and replaces it in bench/results.md (or
 * results-quick.md), leaving the others as they were measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { AWS_VARIANTS, type AwsVariant } from './aws/synth-child';
import { CLOUDFORMATION_RESOURCE_LIMIT, SERVICES_PER_STACK } from './aws/fleet-shape';
import { webAclCapacities, zoneQuotas } from './capacity';
import { IMPORT_ENTRIES } from './cloudflare/import-child';
import { milliseconds, seconds, table } from './format';
import { measure, type Job, type Summary } from './measure';
import { repositoryRoot } from './paths';
import { parseSetting } from './settings';
import { simulateSection } from './simulate/simulate-section';
import { efficacySection } from './efficacy/efficacy-section';
import { scaleSection } from './scale/scale-section';
import { TARGETS, awsTargets, mark } from './targets';

/** A setting from the environment; a refused value ends the run with exit code 2 and the reason. */
function setting(name: string, fallback: number[]): number[] {
  const result = parseSetting(name, process.env[name], fallback);
  if ('values' in result) return result.values;
  process.stderr.write(`${result.error}\n`);
  process.exit(2);
}
const SERVICES = setting('BENCH_SERVICES', [1, 100, 1_000]);
const RULES = setting('BENCH_RULES', [10, 100, 1_000]);
const [RUNS] = setting('BENCH_RUNS', [5]);
const SIM_REQUESTS = setting('BENCH_SIM_REQUESTS', [10_000, 1_000_000]);
const QUICK = ['BENCH_SERVICES', 'BENCH_RULES', 'BENCH_RUNS', 'BENCH_SIM_REQUESTS'].some((name) => (process.env[name] ?? '') !== '');
const SECTIONS = (process.env.BENCH_SECTIONS ?? '').split(',').filter((name) => name !== '');
const SECTION_NAMES = ['simulate', 'efficacy', 'scale'];
if (SECTIONS.some((name) => !SECTION_NAMES.includes(name))) {
  process.stderr.write(
    `BENCH_SECTIONS=${SECTIONS.join(',')}: expected some of ${SECTION_NAMES.join(', ')}, comma-separated (or leave it unset to run every section)\n`,
  );
  process.exit(2);
}
const resultsFile = join(repositoryRoot(), 'bench', QUICK ? 'results-quick.md' : 'results.md');

const script = (path: string) => join(__dirname, path);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Replaces the section headed `## <heading>` of the results file (or appends it), leaving the others as they were measured. */
function replaceSection(heading: string, section: string): void {
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Bulwark benchmark results\n';
  const start = previous.indexOf(`\n## ${heading}`);
  const next = start < 0 ? -1 : previous.indexOf('\n## ', start + 1);
  const updated =
    start < 0 ? `${previous.trimEnd()}\n\n${section}` : `${previous.slice(0, start + 1)}${section.trimEnd()}\n${next < 0 ? '' : previous.slice(next)}`;
  writeFileSync(resultsFile, updated);
  process.stdout.write(section);
}

if (SECTIONS.length > 0) {
  void (async () => {
    if (SECTIONS.includes('simulate')) replaceSection('4. Simulate', simulateSection(SIM_REQUESTS, RUNS, progress));
    if (SECTIONS.includes('efficacy')) replaceSection('5. Attack rule efficacy', await efficacySection(progress));
    if (SECTIONS.includes('scale')) replaceSection('6. Checks at scale', scaleSection(RUNS, progress));
  })();
} else {
  runEverySection();
}

function runEverySection(): void {
  const mebibytes = (summary: Summary) => summary.maxRssMiB.toFixed(0);
  const range = (summary: Summary) => `${seconds(summary.wallRangeMs[0])}–${seconds(summary.wallRangeMs[1])}`;

  // 1. AWS synth and check.
  const VARIANT_LABEL: Record<AwsVariant, string> = {
    l1: '(a) plain aws-cdk-lib L1',
    'l1-nested': '(a‴) a with each resource three constructs deep, as a library nests them (for information)',
    'l1+profile': "(a″) a plus Bulwark's profile work (a floor, for information)",
    l2: '(a′) aws-cdk-lib L2, for information',
    bulwark: '(b) Bulwark constructs',
    'bulwark+bulwark-checks': '(c) b + BulwarkChecks',
    'bulwark+aws-solutions': '(d) b + AwsSolutionsChecks',
  };
  const awsKey = (services: number, variant: AwsVariant, validator: 'on' | 'off') => `aws ${services} ${variant} validator-${validator}`;
  const awsJobs: Job[] = SERVICES.flatMap((services) => [
    ...AWS_VARIANTS.map((variant) => ({
      key: awsKey(services, variant, 'off'),
      script: script('aws/synth-child.js'),
      args: [variant, String(services), 'off'],
    })),
    { key: awsKey(services, 'bulwark', 'on'), script: script('aws/synth-child.js'), args: ['bulwark', String(services), 'on'] },
  ]);
  const awsWarmUp = AWS_VARIANTS.map((variant) => ({ key: `warm-up ${variant}`, script: script('aws/synth-child.js'), args: [variant, '1', 'on'] }));
  progress(`AWS: ${awsJobs.length} rows x ${RUNS} runs`);
  const aws = measure(awsJobs, RUNS, awsWarmUp, progress);
  const measured = (results: Map<string, Summary>, key: string): Summary => {
    const summary = results.get(key);
    if (!summary) throw new Error(`no measurement for ${key}`);
    return summary;
  };
  const awsRow = (services: number, variant: AwsVariant, validator: 'on' | 'off') => measured(aws, awsKey(services, variant, validator));
  const awsRows = SERVICES.flatMap((services) => [
    ...AWS_VARIANTS.map((variant) => ({ services, label: VARIANT_LABEL[variant], summary: awsRow(services, variant, 'off') })),
    { services, label: '(b) with the built-in CloudFormation validator on (strict)', summary: awsRow(services, 'bulwark', 'on') },
  ]);
  const derived = awsTargets(SERVICES, (services, variant, validator = 'off') => awsRow(services, variant, validator));

  // 2. Cloudflare.
  const zoneJobs: Job[] = RULES.map((added) => ({ key: `zone ${added}`, script: script('cloudflare/zone-child.js'), args: [String(added)] }));
  const importJobs: Job[] = Object.keys(IMPORT_ENTRIES).map((entry) => ({
    key: `import ${entry}`,
    script: script('cloudflare/import-child.js'),
    args: [entry],
  }));
  progress(`Cloudflare: ${zoneJobs.length + importJobs.length} rows x ${RUNS} runs`);
  const cloudflare = measure([...zoneJobs, ...importJobs], RUNS, [zoneJobs[0], ...importJobs], progress);

  // 3. Capacity.
  const acl = webAclCapacities();
  // 4. Simulate.
  const simulate = simulateSection(SIM_REQUESTS, RUNS, progress);
  const zones = zoneQuotas();

  const report = [
    '# Bulwark benchmark results',
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}. Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Every figure is the median of ${RUNS} runs, each a fresh \`node\` process running JavaScript compiled by tsc (dist-bench/, no loader), run round-robin across the rows of a table after a discarded warm-up; "wall" is spawn to exit, as CI sees it, and the phases are timed inside the process. Peak memory is the largest peak resident set size of the runs. Times on this machine drift by several per cent between runs: compare ratios within one run of the benchmark, not seconds across runs.`,
    '',
    '## 1. AWS synth and check',
    '',
    `A service is two generated secrets that rotate (Bulwark's rotation function, one per stack), the role that reads them, a regional Web ACL with three rate limits (per IP, login, per user on its API) behind the strict preset's managed groups and bad-bot rule, its encrypted WAF log group, and two alarms on it; ${SERVICES_PER_STACK} services per stack keep each stack under CloudFormation's ${CLOUDFORMATION_RESOURCE_LIMIT} resources. (a) writes the same resources, rules and policies by hand with L1 constructs (bench/aws/l1-fleet.ts) and (a′) with aws-cdk-lib's L2 constructs (bench/aws/l2-fleet.ts), to tell what L2 constructs cost from what Bulwark adds; (a″) is (a) plus the profile work the Bulwark fleet does: loading the profile schema and its validator, parsing each stack's and each service's profile, building their policies and compiling each Web ACL's rules (bench/aws/profile-floor-fleet.ts), a floor for b: what b costs beyond it is the construct layer; (a‴) is (a) with every resource put three constructs below its stack (<stack>/Fleet/<id>/Resource), as a construct library nests what it creates, which tells what aws-cdk-lib charges for the depth alone. test/bench/fleet-equivalence.test.ts checks that a, a′, a‴ and b create the same resources, stack by stack (a″ builds a). All rows run with the built-in CloudFormation validator off (CDK_VALIDATION=false) except the last of each size.`,
    '',
    table(
      [
        'services',
        'app',
        'stacks',
        'resources',
        'wall s',
        'wall range s',
        'import ms',
        'construct ms',
        'synth ms',
        'checks ms (validate, in process)',
        'findings (all validation plugins)',
        'peak MiB',
      ],
      awsRows.map(({ services, label, summary }) => [
        services,
        label,
        summary.counts.stacks,
        summary.counts.resources,
        seconds(summary.wallMs),
        range(summary),
        milliseconds(summary.phases.import),
        milliseconds(summary.phases.construct),
        milliseconds(summary.phases.synth),
        summary.counts.checkMs > 0 ? milliseconds(summary.counts.checkMs) : '-',
        summary.counts.findings,
        mebibytes(summary),
      ]),
    ),
    '',
    "Targets, from the runs above. b / a, b / a′, the floor a″ / a and the nesting a‴ / a compare wall times, each the median of the ratios of the two rows' runs in the same round (each round runs every row once, in a few minutes at 1,000 services), which cancels the drift of the machine's speed that the two rows' medians can each catch differently; the ratio of the medians is shown beside b / a. A check pack's cost is measured inside the process: its import beyond b's plus its validate() call; the difference of wall-clock medians (c − b, d − b), which also holds aws-cdk-lib's report writing, is shown beside it: at 1,000 services it is within the wall range of b. The growth target is judged on validate() alone, since a fixed import cost would flatter it.",
    '',
    table(
      ['measure', 'services', 'value', 'target', 'result'],
      derived.map((row) => [row.measure, row.services, row.value, row.target, mark(row.met)]),
    ),
    '',
    '## 2. Cloudflare',
    '',
    `A zone on the Enterprise plan with the strict profile's own rules plus the added policy rules: a tenth of them API rate limits written in the profile (up to the plan's 100 rate-limit rules), the rest per-partner blocks (bench/cloudflare/rule-fleet.ts). Construct includes compiling and linting every expression; synth writes the Terraform JSON.`,
    '',
    table(
      [
        'added rules',
        'policy rules',
        'custom rules',
        'rate-limit rules',
        'Terraform JSON KiB',
        'wall s',
        'wall range s',
        'import ms',
        'construct ms',
        'synth ms',
        'peak MiB',
      ],
      RULES.map((added) => {
        const summary = measured(cloudflare, `zone ${added}`);
        return [
          added,
          summary.counts.policyRules,
          summary.counts.customRules,
          summary.counts.rateLimitRules,
          (summary.counts.terraformJsonBytes / 1024).toFixed(0),
          seconds(summary.wallMs),
          range(summary),
          milliseconds(summary.phases.import),
          milliseconds(summary.phases.construct),
          milliseconds(summary.phases.synth),
          mebibytes(summary),
        ];
      }),
    ),
    '',
    "Import time of each entry point in a fresh process (the provider's index loads every resource of the provider; Bulwark imports only the two it uses):",
    '',
    table(
      ['entry', 'import ms', 'wall s', 'peak MiB'],
      Object.keys(IMPORT_ENTRIES).map((entry) => {
        const summary = measured(cloudflare, `import ${entry}`);
        return [entry, milliseconds(summary.phases.import), seconds(summary.wallMs), mebibytes(summary)];
      }),
    ),
    '',
    '## 3. Capacity',
    '',
    `WCU of each preset's regional Web ACL against the ${TARGETS.wcuBudget.toLocaleString('en-US')} WCU included in the base price (target: within it).`,
    '',
    table(
      ['profile', 'WCU', 'budget', 'target'],
      acl.map((row) => [row.preset, row.capacity, row.budget, mark(row.met)]),
    ),
    '',
    'Cloudflare rules each profile compiles to on each plan, against the plan\'s quotas (used / quota). The target, judged on the profile\'s own plan (for a preset, which names none, the default: free): within every quota, nothing refused; the other plans are shown for information. A rate limit the plan cannot carry (quota, period, key) is left to the AWS edge when the profile enforces it there too, with a warning at synth naming it (the "AWS only" column); one that only Cloudflare enforces is refused at synth with the reason and the options. Free counts one rate-limit rule over 10 seconds, so a preset on both edges keeps its per-IP limit on Cloudflare and its login limit on AWS.',
    '',
    table(
      ['profile', 'plan', 'custom rules', 'rate-limit rules', 'header transforms', 'AWS only', 'fits', 'target (own plan)', 'refused because'],
      zones.map((row) => [
        row.preset,
        row.plan,
        row.customRules,
        row.rateLimitRules,
        row.transformRules,
        row.awsOnly === '' ? '-' : row.awsOnly,
        row.fits ? 'yes' : 'no',
        mark(row.met),
        row.refused === '' ? '-' : row.refused,
      ]),
    ),
    '',
    simulate,
  ].join('\n');

  void efficacySection(progress).then((efficacy) => {
    const scale = scaleSection(RUNS, progress);
    writeFileSync(resultsFile, `${report}\n${efficacy}\n${scale}`);
    process.stdout.write(`${report}\n${efficacy}\n${scale}`);
  });
}
