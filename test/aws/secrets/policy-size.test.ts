import { describe, expect, it } from 'vitest';
import { resolvedSizeBound } from '../../../lib/aws/secrets/policy-size';

describe('resolvedSizeBound', () => {
  it('is the serialized length of a document without intrinsics', () => {
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['a:B', 'c:D'], Resource: '*' }] };
    expect(resolvedSizeBound(document, () => undefined)).toBe(JSON.stringify(document).length);
  });

  it('counts references at their bound, pseudo parameters at their longest, and joins part by part', () => {
    const arn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:x']],
    };
    // aws-us-gov (10), a 14-character region, a 12-digit account.
    expect(resolvedSizeBound(arn, () => undefined)).toBe('"arn::secretsmanager:::secret:x"'.length + 10 + 14 + 12);
    expect(resolvedSizeBound({ Ref: 'Secret1' }, (id) => (id === 'Secret1' ? 90 : undefined))).toBe(92);
    expect(resolvedSizeBound([{ 'Fn::GetAtt': ['Key', 'Arn'] }], () => undefined)).toBe(2 + 2_048 + 2);
  });
});
