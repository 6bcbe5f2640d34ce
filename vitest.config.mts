import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CDK's built-in CloudFormation validator costs seconds per test file; tests that need
    // it turn it on for their own App.
    env: { CDK_VALIDATION: 'false' },
    testTimeout: 60_000,
  },
});
