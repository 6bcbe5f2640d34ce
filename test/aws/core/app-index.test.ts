import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { resolved, resolvedValue } from '../../../lib/aws/core/app-index';

const stack = () => new Stack(new App(), 'Stack');

describe('resolved', () => {
  it('returns token-free data as it is, without copying it', () => {
    const rules = [
      {
        name: 'r',
        priority: 0,
        statement: { geoMatchStatement: { countryCodes: ['RU'] } },
        action: { block: {} },
        visibilityConfig: { metricName: 'r', cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true },
      },
    ];
    const acl = new wafv2.CfnWebACL(stack(), 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { metricName: 'acl', cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true },
      rules,
    });
    expect(resolved(acl, 'rules')).toBe(rules);
  });

  it('resolves data that holds a token anywhere, to CloudFormation intrinsics or the value a lazy produces', () => {
    const scope = stack();
    const secret = new secretsmanager.CfnSecret(scope, 'Secret', {});
    const acl = new wafv2.CfnWebACL(scope, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { metricName: 'acl', cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true },
      rules: [
        {
          name: Lazy.string({ produce: () => 'lazy-name' }),
          priority: 0,
          statement: { labelMatchStatement: { scope: 'LABEL', key: secret.ref } },
          action: { block: {} },
          visibilityConfig: { metricName: 'r', cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true },
        },
      ],
    });
    expect(resolved(acl, 'rules')).toEqual([
      expect.objectContaining({ name: 'lazy-name', statement: { labelMatchStatement: { scope: 'LABEL', key: { Ref: 'Secret' } } } }),
    ]);
  });

  it('resolves class instances, list tokens and token keys, and drops undefined entries, as a synthesized template would', () => {
    const scope = stack();
    const secret = new secretsmanager.CfnSecret(scope, 'Secret', {});
    expect(
      resolvedValue(secret, { document: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }) }),
    ).toEqual({ document: { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' } });
    expect(resolvedValue(secret, Lazy.list({ produce: () => ['*'] }))).toEqual(['*']);
    expect(resolvedValue(secret, { [`${Lazy.string({ produce: () => 'issuer' })}:aud`]: 'x' })).toEqual({ 'issuer:aud': 'x' });
    expect(resolvedValue(secret, { days: Lazy.number({ produce: () => Duration.days(2).toDays() }) })).toEqual({ days: 2 });
    expect(resolvedValue(secret, { kept: 'x', dropped: undefined })).toEqual({ kept: 'x' });
    expect(resolvedValue(secret, undefined)).toBeUndefined();
  });
});
