import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnIPSet } from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { extendPreset, toProfile } from '../../../lib/tooling';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';

describe('the strict Web ACL under the CloudFormation validator (strict mode)', () => {
  useCloudFormationValidator();

  it('has zero findings, with every rule kind, logging and an ALB association', () => {
    const violations = synthValidated((stack) => {
      const profile = toProfile(
        extendPreset('strict', {
          name: 'demo',
          waf: {
            ipAllowlist: ['10.0.0.0/8'],
            ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'],
            geoBlock: ['KP'],
            customRulesWhenManaged: true,
            managedRules: ['common', 'knownBadInputs', 'sqlDatabase', 'botControl'],
          },
          rateLimits: [
            { name: 'auth', match: { paths: ['/api/auth/login'] }, limit: 5, windowSeconds: 60 },
            {
              name: 'per-user',
              match: { pathPrefix: '/api/', methods: ['POST'] },
              key: [{ header: 'x-user-id' }, { cookie: 'sid' }, { queryArg: 'key' }, 'ip'],
              limit: 100,
              windowSeconds: 10,
              action: 'challenge',
            },
          ],
        }),
      );
      const acl = new HardenedWebAcl(stack, 'Waf', {
        profile,
        logOnlyMatchedRequests: true,
        managedRuleGroups: { common: { version: 'Version_1.10', ruleActionOverrides: { SizeRestrictions_BODY: WafRuleAction.COUNT } } },
      });
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
