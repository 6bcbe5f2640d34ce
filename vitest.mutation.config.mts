import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// The mutation run's tests: only the group's own test files (MUTATION_TESTS, a JSON list of globs that stryker.config.mjs sets).
const tests = JSON.parse(process.env.MUTATION_TESTS ?? '[]') as string[];

export default defineConfig({ ...base, test: { ...base.test, include: tests.length > 0 ? tests : base.test?.include } });
