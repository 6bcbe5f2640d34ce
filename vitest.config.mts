import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // The packages' own names resolve to their sources (as tsconfig.json's paths do for tsc and
    // tsx), so that tests, the library and bulwark-cloudflare share one copy of every module.
    alias: [
      { find: /^bulwark$/, replacement: source('./lib/index.ts') },
      { find: /^bulwark\/tooling$/, replacement: source('./lib/tooling/index.ts') },
      { find: /^bulwark\/aws$/, replacement: source('./lib/aws/index.ts') },
      { find: /^bulwark\/cloudflare$/, replacement: source('./lib/cloudflare/index.ts') },
      { find: /^bulwark-cloudflare$/, replacement: source('./packages/cloudflare/lib/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // CDK's built-in CloudFormation validator costs seconds per test file; tests that need
    // it turn it on for their own App.
    env: { CDK_VALIDATION: 'false' },
    testTimeout: 60_000,
  },
});
