import * as iam from 'aws-cdk-lib/aws-iam';
import type { Policy } from '../../policy/model';
import { isPrivateCidr } from '../../profile/cidr';
import { ENVIRONMENT_TAG } from './secret-tags';

/** What the network and environment rules deny. */
const READ = ['secretsmanager:GetSecretValue'];

/** Adds a statement to one secret's resource policy. */
export type ResourcePolicyAdder = (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult;

export interface ResourcePolicyOptions {
  /** No network rule (hosted rotation runs as a role Secrets Manager names, which one cannot exempt). */
  readonly exemptNetworkRule: boolean;
  /** The role of Bulwark's rotation function, exempt from the network rule, when it rotates the secret. */
  readonly rotationRoleArn?: string;
}

/**
 * Reads only from the allowed networks (public CIDRs by source IP, private ones by the VPC
 * source IP of an endpoint request, or named endpoints), except Bulwark's rotation function
 * on the secrets it rotates and AWS services acting for you (CloudFormation dynamic
 * references); and never by a principal tagged for another environment.
 */
export function resourcePolicyStatements(secrets: Pick<Policy['secrets'], 'access' | 'namespace'>, options: ResourcePolicyOptions): iam.PolicyStatement[] {
  const { access, namespace } = secrets;
  const networkRule = !options.exemptNetworkRule && (access.allowedCidrs.length > 0 || access.vpcEndpointIds.length > 0);
  return [
    ...(networkRule ? [denyReadsFromOtherNetworks(access, options.rotationRoleArn)] : []),
    new iam.PolicyStatement({
      sid: 'DenyOtherEnvironments',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: READ,
      resources: ['*'],
      conditions: {
        Null: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: 'false' },
        StringNotEquals: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: namespace },
      },
    }),
  ];
}

function denyReadsFromOtherNetworks(access: Policy['secrets']['access'], rotationRoleArn: string | undefined): iam.PolicyStatement {
  const privateCidrs = access.allowedCidrs.filter(isPrivateCidr);
  const publicCidrs = access.allowedCidrs.filter((cidr) => !isPrivateCidr(cidr));
  const notIp: Record<string, string[]> = {
    ...(publicCidrs.length > 0 ? { 'aws:SourceIp': publicCidrs } : {}),
    ...(privateCidrs.length > 0 ? { 'aws:VpcSourceIp': privateCidrs } : {}),
  };
  return new iam.PolicyStatement({
    sid: 'DenyReadsFromOtherNetworks',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: READ,
    resources: ['*'],
    conditions: {
      ...(Object.keys(notIp).length > 0 ? { NotIpAddress: notIp } : {}),
      ...(access.vpcEndpointIds.length > 0 ? { StringNotEquals: { 'aws:SourceVpce': [...access.vpcEndpointIds] } } : {}),
      BoolIfExists: { 'aws:ViaAWSService': 'false' },
      ...(rotationRoleArn === undefined ? {} : { ArnNotEquals: { 'aws:PrincipalArn': rotationRoleArn } }),
    },
  });
}

/** No one, not even the account, deletes a secret that rotates on schedule. */
export function denyDeletion(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['secretsmanager:DeleteSecret'],
    principals: [new iam.AccountRootPrincipal()],
    resources: ['*'],
  });
}
