import { describe, expect, it } from 'vitest';
import { findIntrinsic, isIntrinsic, resolveResource, type CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';

const TEMPLATE: CfnTemplate = {
  Resources: { Set: { Type: 'AWS::WAFv2::IPSet', Properties: { Addresses: [] } }, Other: { Type: 'AWS::S3::Bucket', Properties: {} } },
};

describe('resolveResource', () => {
  it('follows Fn::GetAtt (both forms) and Ref to a resource of the template', () => {
    expect(resolveResource(TEMPLATE, { 'Fn::GetAtt': ['Set', 'Arn'] }, 'AWS::WAFv2::IPSet')).toMatchObject({ logicalId: 'Set' });
    expect(resolveResource(TEMPLATE, { 'Fn::GetAtt': 'Set.Arn' }, 'AWS::WAFv2::IPSet')).toMatchObject({ logicalId: 'Set' });
    expect(resolveResource(TEMPLATE, { Ref: 'Set' }, 'AWS::WAFv2::IPSet')).toMatchObject({ logicalId: 'Set' });
  });

  it('says why a literal ARN, another function, a missing resource or another type cannot be read', () => {
    expect(resolveResource(TEMPLATE, 'arn:aws:wafv2:us-east-1:1:global/ipset/x/1', 'AWS::WAFv2::IPSet')).toEqual({
      unresolved: expect.stringMatching(/not a resource of this template/) as unknown,
    });
    expect(resolveResource(TEMPLATE, { 'Fn::ImportValue': 'x' }, 'AWS::WAFv2::IPSet')).toHaveProperty('unresolved');
    expect(resolveResource(TEMPLATE, { Ref: 'Gone' }, 'AWS::WAFv2::IPSet')).toEqual({ unresolved: 'AWS::WAFv2::IPSet Gone is not in this template' });
    expect(resolveResource(TEMPLATE, { Ref: 'Other' }, 'AWS::WAFv2::IPSet')).toEqual({ unresolved: 'Other is of type AWS::S3::Bucket, not AWS::WAFv2::IPSet' });
  });
});

describe('isIntrinsic', () => {
  it('tells functions from literals', () => {
    expect(isIntrinsic({ Ref: 'x' })).toBe(true);
    expect(isIntrinsic({ 'Fn::Join': ['', []] })).toBe(true);
    expect(isIntrinsic('x')).toBe(false);
    expect(isIntrinsic({ Name: 'x' })).toBe(false);
  });
});

describe('findIntrinsic', () => {
  it('gives the path of the first function, skipping the given keys', () => {
    expect(findIntrinsic({ A: { B: [1, { Ref: 'x' }] } }, [])).toBe('A.B[1]');
    expect(findIntrinsic({ Arn: { 'Fn::GetAtt': ['S', 'Arn'] }, C: 'literal' }, ['Arn'])).toBeUndefined();
  });
});
