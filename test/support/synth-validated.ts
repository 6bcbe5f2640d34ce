import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll } from 'vitest';

interface ValidationReport {
  readonly pluginReports: readonly { readonly violations?: readonly { readonly ruleName: string; readonly description: string }[] }[];
}

/** Turns aws-cdk-lib's built-in CloudFormation validator on for the tests of one file. */
export function useCloudFormationValidator(): void {
  const previous = process.env.CDK_VALIDATION;
  beforeAll(() => {
    process.env.CDK_VALIDATION = 'true';
  });
  afterAll(() => {
    process.env.CDK_VALIDATION = previous;
  });
}

/** Synthesizes under the built-in CloudFormation validator in strict mode; returns its violations. */
export function synthValidated(addResources: (stack: Stack) => void, region = 'eu-west-1'): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-validate-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  addResources(new Stack(app, 'Edge', { env: { account: '123456789012', region } }));
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) => plugin.violations ?? []).map((v) => `${v.ruleName}: ${v.description}`);
}
