import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, compliantIf, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { elbPolicyShortfall } from '../../../../aws/tls/security-policy-shortfall';
import { suiteAllowed } from '../../../../policy/tls-cipher-suites';
import type { TlsCipherPolicy } from '../../../../profile/schema';

/**
 * The Classic Load Balancer's predefined security policies: TLS-1-2-2017-01 and
 * TLS-1-2-Ext-2018-06 allow only TLS 1.2 but offer RSA key exchange; the others (2016-08,
 * TLS-1-1-2017-01, FS-2018-06, the dated ones, ELBSample-…) allow TLS 1.0 or 1.1.
 */
const CLASSIC_PREDEFINED = /^(ELBSecurityPolicy|ELBSample)-/;
/** Attributes of a custom SSL negotiation policy that name no cipher. */
const NOT_CIPHERS = ['Server-Defined-Cipher-Order', 'Reference-Security-Policy'];
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
 * A Classic Load Balancer SSL negotiation policy: a predefined policy it references (none
 * passes: the TLS-1-2 ones, the only ones without TLS 1.0, offer RSA key exchange), or custom
 * protocols and ciphers, which pass when TLS 1.2 is on, every protocol below it is written off
 * (a protocol left out is not assumed off), and every cipher written on is one tls.ciphers allows.
 */
function classicPolicyVerdict(attributes: unknown, ciphers: TlsCipherPolicy): Verdict {
  if (!Array.isArray(attributes) || !attributes.every(isDataObject)) return UNRESOLVED;
  const byName = new Map(attributes.map((attribute) => [attribute.name, attribute.value]));
  if (byName.has('Reference-Security-Policy')) return predefinedVerdict(byName.get('Reference-Security-Policy'));
  const below = BELOW_TLS12.map((protocol) => enabled(byName.get(protocol)));
  if (below.includes(true)) return NON_COMPLIANT;
  const cipherNames = [...byName.keys()].filter((name) => typeof name !== 'string' || (!name.startsWith('Protocol-') && !NOT_CIPHERS.includes(name)));
  if (cipherNames.some((name) => typeof name !== 'string')) return UNRESOLVED;
  const on = cipherNames.map((name) => [name as string, enabled(byName.get(name))] as const);
  if (on.some(([name, value]) => value === true && !suiteAllowed(name, ciphers))) return NON_COMPLIANT;
  if (on.some(([, value]) => value === undefined)) return UNRESOLVED;
  const tls12 = enabled(byName.get('Protocol-TLSv1.2'));
  if (tls12 === false) return NON_COMPLIANT;
  return tls12 === true &&
    BELOW_TLS12.filter((p) => p !== 'Protocol-SSLv2').every((protocol) => byName.has(protocol) && enabled(byName.get(protocol)) === false)
    ? COMPLIANT
    : UNRESOLVED;
}

/**
 * A predefined Classic Load Balancer policy by its name: each offers RSA key exchange (no
 * forward secrecy), so none meets tls.ciphers; one Bulwark does not know may be custom.
 */
function predefinedVerdict(name: unknown): Verdict {
  if (typeof name !== 'string') return UNRESOLVED;
  return CLASSIC_PREDEFINED.test(name) ? NON_COMPLIANT : UNRESOLVED;
}

/**
 * Each HTTPS or SSL listener of a Classic Load Balancer: the SSL negotiation policy among its
 * PolicyNames (defined in the load balancer's Policies, or named as a predefined policy). A
 * listener without one gets ELB's default, which allows TLS 1.0.
 */
function classicLoadBalancerVerdict(node: CfnResource, ciphers: TlsCipherPolicy): Verdict | typeof NOT_APPLICABLE {
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
      return policy.policyType === 'SSLNegotiationPolicyType' ? classicPolicyVerdict(policy.attributes, ciphers) : undefined;
    });
    const found = negotiation.filter((verdict): verdict is Verdict => verdict !== undefined);
    if (found.length === 0) return NON_COMPLIANT;
    return found.includes(NON_COMPLIANT) ? NON_COMPLIANT : found.includes(UNRESOLVED) ? UNRESOLVED : COMPLIANT;
  });
  return verdicts.includes(NON_COMPLIANT) ? NON_COMPLIANT : verdicts.includes(UNRESOLVED) ? UNRESOLVED : COMPLIANT;
}

/**
 * An HTTPS listener (ALB), TLS listener (NLB) or HTTPS/SSL listener of a Classic Load Balancer
 * uses a security policy that accepts nothing below the profile's tls.minVersion and only the
 * cipher suites of its tls.ciphers (forward-secret AEAD under modern; also forward-secret AES-CBC
 * under compatible). Under a TLS 1.3 floor, a policy that still accepts TLS 1.2 gives the finding
 * `tls-1.2-allowed`, and a Classic Load Balancer `tls-1.3-unsupported`: its SSL negotiation
 * offers no protocol above TLS 1.2.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-ssl-security-policy.html
 */
export const ListenerTlsPolicy: AwsRule = (node, { policy: { tls } }) => {
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancing::LoadBalancer') {
    const verdict = classicLoadBalancerVerdict(node, tls.ciphers);
    return verdict !== NOT_APPLICABLE && tls.minVersion === '1.3' ? ['tls-1.3-unsupported'] : verdict;
  }
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || !['HTTPS', 'TLS'].includes(resolved(node, 'protocol') as string))
    return NOT_APPLICABLE;
  const policy = resolved(node, 'sslPolicy');
  if (isIntrinsic(policy)) return UNRESOLVED;
  // Without one, ELB applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0.
  const shortfall = typeof policy === 'string' ? elbPolicyShortfall(policy, tls) : 'unknown';
  if (shortfall === 'tls-1.2-allowed') return [shortfall];
  return compliantIf(shortfall === undefined);
};
