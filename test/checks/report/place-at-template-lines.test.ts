import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib';
import type { CheckFinding } from '../../../lib/checks/report/finding';
import { MAX_TEMPLATE_LINES_BYTES, placeAtTemplateLines } from '../../../lib/checks/report/place-at-template-lines';
import { readCloudAssemblyFindings } from '../../../lib/checks/report/read-cloud-assembly';

/**
 * A cloud assembly whose validation report records no creation traces, as one synthesized from
 * code outside the working directory or without source maps: its findings name no line of code.
 */
function untracedAssembly(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-untraced-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'Api');
  new secretsmanager.Secret(stack, 'First');
  new secretsmanager.Secret(stack, 'Second');
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
  const reportFile = join(outdir, 'validation-report.json');
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { violations: { violatingConstructs: { stackTraces?: unknown }[] }[] }[] };
  for (const plugin of report.pluginReports)
    for (const violation of plugin.violations) for (const construct of violation.violatingConstructs) delete construct.stackTraces;
  writeFileSync(reportFile, JSON.stringify(report));
  return outdir;
}

/** The 1-based line on which the template declares a logical ID (CDK writes one key per line). */
function declaredLine(file: string, logicalId: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.trimStart().startsWith(`"${logicalId}": {`)) + 1
  );
}

const secretFindings = (findings: readonly CheckFinding[]) =>
  findings.filter((finding) => finding.ruleId === 'Bulwark-SEC1' && finding.location.kind === 'resource');

describe('placeAtTemplateLines', () => {
  it("places each finding without a source line at its logical ID's line in the template that holds it", () => {
    const dir = untracedAssembly();
    const findings = readCloudAssemblyFindings(dir);
    expect(secretFindings(findings).length).toBe(2);
    for (const finding of secretFindings(placeAtTemplateLines(dir, findings))) {
      if (finding.location.kind !== 'resource') continue;
      expect(finding.location.source).toBeUndefined();
      const line = declaredLine(join(dir, 'Api.template.json'), finding.location.logicalId ?? '');
      expect(line).toBeGreaterThan(1);
      expect(finding.location.templatePosition).toEqual({ line, column: 3 });
    }
  });

  it('leaves a finding that names its source line as it is', () => {
    const dir = untracedAssembly();
    const source = { file: 'infra/app.ts', line: 12, column: 5 };
    const traced = readCloudAssemblyFindings(dir).map((finding) =>
      finding.location.kind === 'resource' ? { ...finding, location: { ...finding.location, source } } : finding,
    );
    for (const finding of placeAtTemplateLines(dir, traced))
      if (finding.location.kind === 'resource') expect(finding.location.templatePosition).toBeUndefined();
  });

  it('leaves findings unplaced, without throwing, when their template is gone, not a template, or a link out of the assembly', () => {
    for (const spoil of [
      (file: string) => rmSync(file),
      (file: string) => writeFileSync(file, '{ "Resources": [ unterminated'),
      (file: string) => {
        const outside = join(mkdtempSync(join(tmpdir(), 'bulwark-outside-')), 'template.json');
        writeFileSync(outside, readFileSync(file));
        rmSync(file);
        symlinkSync(outside, file);
      },
    ]) {
      const dir = untracedAssembly();
      const findings = readCloudAssemblyFindings(dir);
      spoil(join(dir, 'Api.template.json'));
      const placed = placeAtTemplateLines(dir, findings);
      expect(placed).toEqual(findings);
    }
  });
});

describe('placeAtTemplateLines on a template above MAX_TEMPLATE_LINES_BYTES', () => {
  it('keeps the template file without a line, instead of parsing it', () => {
    const dir = untracedAssembly();
    const findings = readCloudAssemblyFindings(dir);
    const file = join(dir, 'Api.template.json');
    const template = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...template, Description: 'x'.repeat(MAX_TEMPLATE_LINES_BYTES) }, undefined, 1));
    expect(placeAtTemplateLines(dir, findings)).toEqual(findings);
  });
});
