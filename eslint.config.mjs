// Lint, run by `npm test` (npm run lint): typescript-eslint's type-checked recommendations on
// the library, its CLI and tooling; its plain recommendations on the tests (type-aware rules
// over every test file cost a minute on this machine, and tests build hostile input on purpose).
// Type-aware rules need TypeScript's JavaScript API, which TypeScript 7 no longer ships: the
// `typescript` package is pinned to 6 for them and for the build; `typescript-7` type-checks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'node_modules/**',
      'cdk.out/**',
      'cdktf.out/**',
      'coverage/**',
      '**/*.js',
      '**/*.d.ts',
      '.tmp-*/**',
      '.mutation/**',
      // CDK apps written by others, kept byte for byte as their authors wrote them.
      'test/fixtures/real-world/**',
      '*.mjs',
      '*.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Lazy require() keeps optional and heavy modules (yaml, re2js, cdktf) off the import path of apps that never use them;
      // the rotation function loads the AWS SDK that Lambda's runtime provides (not a dependency of Bulwark).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^yaml$', '^re2js$', '^cdktf', '^@cdktf/', '^aws-cdk-lib', '^cdk-nag', '^@aws-sdk/'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**/*.ts', 'packages/*/lib/**/*.ts', 'bin/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
  },
  {
    // The benchmark's child processes time module loading as a phase of its own: require() is the point.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests build hostile and malformed input on purpose: control characters in patterns included.
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
