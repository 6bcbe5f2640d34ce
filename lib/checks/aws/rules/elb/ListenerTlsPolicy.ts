import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** ELB security policies that allow only TLS 1.2 and 1.3 (the TLS13-1-2 and TLS13-1-3 families, FS-1-2 and TLS-1-2). */
const TLS12_OR_BETTER = /^ELBSecurityPolicy-(TLS13-1-[23]|FS-1-2|TLS-1-2)-/;

/** An HTTPS listener uses a security policy that accepts nothing below TLS 1.2. */
export const ListenerTlsPolicy: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || resolved(node, 'protocol') !== 'HTTPS') return NOT_APPLICABLE;
  const policy = resolved(node, 'sslPolicy');
  if (isIntrinsic(policy)) return UNRESOLVED;
  return compliantIf(typeof policy === 'string' && TLS12_OR_BETTER.test(policy));
};
