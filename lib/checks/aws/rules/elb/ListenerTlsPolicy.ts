import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, compliantIf, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** ELB security policies that allow only TLS 1.2 and 1.3 (the TLS13-1-2 and TLS13-1-3 families, FS-1-2 and TLS-1-2). */
const TLS12_OR_BETTER = /^ELBSecurityPolicy-(TLS13-1-[23]|FS-1-2|TLS-1-2)-/;

/** The Classic Load Balancer's predefined security policies that allow only TLS 1.2. */
const CLASSIC_TLS12_ONLY = ['ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06'];
/** Its other predefined policies, which all allow TLS 1.0 or 1.1 (2016-08, TLS-1-1-2017-01, FS-2018-06, the dated ones, ELBSample-…). */
const CLASSIC_PREDEFINED = /^(ELBSecurityPolicy|ELBSample)-/;
/** The protocols a custom SSL negotiation policy may enable below TLS 1.2. */
const BELOW_TLS12 = ['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1'];

type Verdict = typeof COMPLIANT | typeof NON_COMPLIANT | typeof UNRESOLVED;

/** Whether an attribute value turns a protocol on: 'true' or true; undefined when known only at deploy time. */
function enabled(value: unknown): boolean | undefined {
  if (value === true || value === false) return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  return undefined;
}

/**
 * A Classic Load Balancer SSL negotiation policy: a predefined policy it references (only the
 * TLS-1-2 ones pass), or custom protocols, which pass when TLS 1.2 is on and every protocol
 * below it is written off (a protocol left out is not assumed off).
 */
function classicPolicyVerdict(attributes: unknown): Verdict {
  if (!Array.isArray(attributes) || !attributes.every(isDataObject)) return UNRESOLVED;
  const byName = new Map(attributes.map((attribute) => [attribute.name, attribute.value]));
  if (byName.has('Reference-Security-Policy')) return predefinedVerdict(byName.get('Reference-Security-Policy'));
  const below = BELOW_TLS12.map((protocol) => enabled(byName.get(protocol)));
  if (below.includes(true)) return NON_COMPLIANT;
  const tls12 = enabled(byName.get('Protocol-TLSv1.2'));
  if (tls12 === false) return NON_COMPLIANT;
  return tls12 === true &&
    BELOW_TLS12.filter((p) => p !== 'Protocol-SSLv2').every((protocol) => byName.has(protocol) && enabled(byName.get(protocol)) === false)
    ? COMPLIANT
    : UNRESOLVED;
}

/** A predefined Classic Load Balancer policy by its name. */
function predefinedVerdict(name: unknown): Verdict {
  if (typeof name !== 'string') return UNRESOLVED;
  if (CLASSIC_TLS12_ONLY.includes(name)) return COMPLIANT;
  return CLASSIC_PREDEFINED.test(name) ? NON_COMPLIANT : UNRESOLVED;
}

/**
 * Each HTTPS or SSL listener of a Classic Load Balancer: the SSL negotiation policy among its
 * PolicyNames (defined in the load balancer's Policies, or named as a predefined policy). A
 * listener without one gets ELB's default, which allows TLS 1.0.
 */
function classicLoadBalancerVerdict(node: CfnResource): Verdict | typeof NOT_APPLICABLE {
  const listeners = resolved<unknown>(node, 'listeners');
  if (!Array.isArray(listeners) || !listeners.every(isDataObject)) return UNRESOLVED;
  const secure = listeners.filter((listener) => typeof listener.protocol !== 'string' || ['HTTPS', 'SSL'].includes(listener.protocol.toUpperCase()));
  if (secure.length === 0) return NOT_APPLICABLE;
  const policies = resolved<unknown>(node, 'policies') ?? [];
  if (!Array.isArray(policies) || !policies.every(isDataObject)) return UNRESOLVED;
  const verdicts = secure.map((listener): Verdict => {
    if (typeof listener.protocol !== 'string') return UNRESOLVED;
    const names = listener.policyNames ?? [];
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) return UNRESOLVED;
    const negotiation = (names as string[]).map((name): Verdict | undefined => {
      const policy = policies.find((candidate) => candidate.policyName === name);
      // Neither defined here nor predefined: a policy made outside the template.
      if (policy === undefined) return CLASSIC_PREDEFINED.test(name) ? predefinedVerdict(name) : UNRESOLVED;
      if (isIntrinsic(policy.policyType)) return UNRESOLVED;
      return policy.policyType === 'SSLNegotiationPolicyType' ? classicPolicyVerdict(policy.attributes) : undefined;
    });
    const found = negotiation.filter((verdict): verdict is Verdict => verdict !== undefined);
    if (found.length === 0) return NON_COMPLIANT;
    return found.includes(NON_COMPLIANT) ? NON_COMPLIANT : found.includes(UNRESOLVED) ? UNRESOLVED : COMPLIANT;
  });
  return verdicts.includes(NON_COMPLIANT) ? NON_COMPLIANT : verdicts.includes(UNRESOLVED) ? UNRESOLVED : COMPLIANT;
}

/**
 * An HTTPS listener (ALB), TLS listener (NLB) or HTTPS/SSL listener of a Classic Load Balancer
 * uses a security policy that accepts nothing below TLS 1.2.
 */
export const ListenerTlsPolicy: AwsRule = (node) => {
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancing::LoadBalancer') return classicLoadBalancerVerdict(node);
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || !['HTTPS', 'TLS'].includes(resolved(node, 'protocol') as string))
    return NOT_APPLICABLE;
  const policy = resolved(node, 'sslPolicy');
  if (isIntrinsic(policy)) return UNRESOLVED;
  return compliantIf(typeof policy === 'string' && TLS12_OR_BETTER.test(policy));
};
