import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('bin/aws-app.ts', () => {
  it('synthesizes the strict edge with zero BulwarkChecks findings and zero findings from the strict CloudFormation validator', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-cdk-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'aws-app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_VALIDATION: 'true',
        CDK_CONTEXT_JSON: JSON.stringify({ '@aws-cdk/core:validateAgainstDefaultRules': true }),
      },
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
    const template = JSON.parse(readFileSync(join(outdir, 'BulwarkEdge.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));
    for (const type of [
      'AWS::WAFv2::WebACL',
      'AWS::WAFv2::WebACLAssociation',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::CloudFront::Distribution',
      'AWS::CloudFront::ResponseHeadersPolicy',
      'AWS::SecretsManager::RotationSchedule',
      'AWS::CloudWatch::Alarm',
      'AWS::CertificateManager::Certificate',
    ]) {
      expect(types, type).toContain(type);
    }
  });
});
