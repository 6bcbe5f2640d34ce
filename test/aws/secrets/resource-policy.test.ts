import { describe, expect, it } from 'vitest';
import { resourcePolicyStatements } from '../../../lib/aws/secrets/resource-policy';

const json = (access: { allowedCidrs: string[]; vpcEndpointIds: string[] }, options: Parameters<typeof resourcePolicyStatements>[1]) =>
  resourcePolicyStatements({ access: { ...access, maxSessionSeconds: 3_600 }, namespace: 'production' }, options).map(
    (statement) => statement.toStatementJson() as Record<string, unknown>,
  );

describe('resourcePolicyStatements', () => {
  it('always denies principals tagged for another environment', () => {
    expect(json({ allowedCidrs: [], vpcEndpointIds: [] }, { exemptNetworkRule: false })).toEqual([
      expect.objectContaining({
        Sid: 'DenyOtherEnvironments',
        Condition: { Null: { 'aws:PrincipalTag/bulwark:environment': 'false' }, StringNotEquals: { 'aws:PrincipalTag/bulwark:environment': 'production' } },
      }),
    ]);
  });

  it('denies reads from other networks: public CIDRs by source IP, private ones by VPC source IP, endpoints by ID', () => {
    const [network] = json(
      { allowedCidrs: ['10.0.0.0/16', '203.0.113.0/24'], vpcEndpointIds: ['vpce-1'] },
      { exemptNetworkRule: false, rotationRoleArn: 'arn:role' },
    );
    expect(network).toMatchObject({
      Sid: 'DenyReadsFromOtherNetworks',
      Condition: {
        NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'], 'aws:VpcSourceIp': ['10.0.0.0/16'] },
        StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] },
        BoolIfExists: { 'aws:ViaAWSService': 'false' },
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:role' },
      },
    });
  });

  it('has no network rule for a secret exempt from one, and exempts no role unless one rotates the secret', () => {
    const access = { allowedCidrs: ['203.0.113.0/24'], vpcEndpointIds: [] };
    expect(json(access, { exemptNetworkRule: true }).map((statement) => statement.Sid)).toEqual(['DenyOtherEnvironments']);
    expect(json(access, { exemptNetworkRule: false })[0].Condition).not.toHaveProperty('ArnNotEquals');
  });
});
