import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnIPSet } from 'aws-cdk-lib/aws-wafv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { extendPreset } from '../../../lib';

interface ValidationReport {
  readonly pluginReports: readonly { readonly violations?: readonly { readonly ruleName: string; readonly description: string }[] }[];
}

/** Synthesizes under aws-cdk-lib's built-in CloudFormation validator in strict mode; returns its violations. */
function synthValidated(addResources: (stack: Stack) => void): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-validate-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  addResources(new Stack(app, 'Edge', { env: { account: '123456789012', region: 'eu-west-1' } }));
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) => plugin.violations ?? []).map((v) => `${v.ruleName}: ${v.description}`);
}

describe('the strict Web ACL under the CloudFormation validator (strict mode)', () => {
  const previous = process.env.CDK_VALIDATION;
  beforeAll(() => { process.env.CDK_VALIDATION = 'true'; });
  afterAll(() => { process.env.CDK_VALIDATION = previous; });

  it('has zero findings, with every rule kind, logging and an ALB association', () => {
    const violations = synthValidated((stack) => {
      const profile = extendPreset('strict', {
        name: 'demo',
        waf: { ipAllowlist: ['10.0.0.0/8'], ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'], geoBlock: ['KP'], customRulesWhenManaged: true, managedRules: ['common', 'knownBadInputs', 'sqlDatabase', 'botControl'] },
        rateLimits: [
          { name: 'auth', match: { paths: ['/api/auth/login'] }, limit: 5, windowSeconds: 60 },
          { name: 'per-user', match: { pathPrefix: '/api/', methods: ['POST'] }, key: [{ header: 'x-user-id' }, { cookie: 'sid' }, { queryArg: 'key' }, 'ip'], limit: 100, windowSeconds: 10, action: 'challenge' },
        ],
      });
      const acl = new HardenedWebAcl(stack, 'Waf', { profile, logOnlyMatchedRequests: true, managedRuleGroups: { common: { version: 'Version_1.10', ruleActionOverrides: { SizeRestrictions_BODY: 'count' } } } });
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      acl.associateLoadBalancer(new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true }));
    });
    expect(violations).toEqual([]);
  });

  it('does report a bad resource in the same setup, so an empty report means something', () => {
    const violations = synthValidated((stack) => {
      new CfnIPSet(stack, 'Bad', { scope: 'GLOBAL', ipAddressVersion: 'IPV4', addresses: [] });
    });
    expect(violations.join('\n')).toMatch(/GLOBAL/);
  });
});
