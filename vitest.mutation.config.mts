import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// The mutation run's tests: only the group's own test files (MUTATION_TESTS, a JSON list of globs that stryker.config.mjs sets).
const tests = JSON.parse(process.env.MUTATION_TESTS ?? '[]') as string[];
// MUTATION_ISOLATE=0 (stryker.config.mjs sets it for a group with "fastModuleCache"): the test files of a run share
// one worker and its module cache, so aws-cdk-lib is loaded once per run (one mutant's) rather than once per file.
const shared = process.env.MUTATION_ISOLATE === '0' ? { isolate: false } : {};

export default defineConfig({ ...base, test: { ...base.test, include: tests.length > 0 ? tests : base.test?.include, ...shared } });
