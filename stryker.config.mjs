// Stryker for `npm run mutation` (scripts/mutation.ts): one run per module group of
// mutation/groups.json, chosen by MUTATION_GROUP, so each run mutates one module and runs only its tests.
import { readFileSync } from 'node:fs';

const groups = JSON.parse(readFileSync(new URL('./mutation/groups.json', import.meta.url), 'utf8'));
const name = process.env.MUTATION_GROUP;
const group = groups.find((candidate) => candidate.name === name);
if (group === undefined) throw new Error(`MUTATION_GROUP must name a group of mutation/groups.json (${groups.map((g) => g.name).join(', ')}); got ${name}`);

// The test processes Stryker starts inherit this: vitest.mutation.config.mts reads it.
process.env.MUTATION_TESTS = JSON.stringify(group.tests);
// A group with "fastModuleCache" runs a mutant's test files in one vitest worker, which they share with their
// module cache (vitest.mutation.config.mts reads MUTATION_ISOLATE), so aws-cdk-lib is loaded once per mutant rather
// than once per test file. Vitest ends that worker when the run ends, so each mutant still starts from fresh modules
// and static mutants are judged as before (mutation/README.md: measured on checks-aws-elb, same verdicts).
if (group.fastModuleCache === true) process.env.MUTATION_ISOLATE = '0';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: true },
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // 2 shared cores: one test process at a time.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 10_000,
  reporters: ['json', 'clear-text', 'progress'],
  // scripts/mutation.ts writes a re-run of the mutants no test ran against to a report of its own.
  jsonReporter: { fileName: process.env.MUTATION_REPORT ?? `.mutation/${group.name}.json` },
  tempDirName: '.mutation/stryker-tmp',
  // MUTATION_INCREMENTAL=1 re-tests only what changed since the group's last run (its survivors, when tests were added).
  incremental: process.env.MUTATION_INCREMENTAL === '1',
  incrementalFile: `.mutation/${group.name}.incremental.json`,
  cleanTempDir: 'always',
  // The sandbox needs the sources and tests only: not build output, reports or other agents' scratch.
  // dist/ is left out but for the compiled rotation handler, which the constructs the doctor's edge tests build need
  // (gitignore syntax: a file is kept only when each directory above it is).
  ignorePatterns: [
    '/dist/*',
    '!/dist/lib',
    '/dist/lib/*',
    '!/dist/lib/aws',
    '/dist/lib/aws/*',
    '!/dist/lib/aws/secrets',
    '/dist/lib/aws/secrets/*',
    '!/dist/lib/aws/secrets/rotation-handler',
    'dist-bench',
    'cdk.out',
    'cdktf.out',
    'coverage',
    '.mutation',
    '.tmp-*',
    'bench',
    'docs',
    'examples/**/cdk.out',
  ],
  thresholds: { high: 90, low: 80, break: null },
};
