import { Annotations, Names } from 'aws-cdk-lib';
import { CfnIPSet, CfnRegexPatternSet } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { Policy } from '../../policy/model';
import { compileWafRules, RESPONSE_BODY_FORBIDDEN, RESPONSE_BODY_RATE_LIMITED, type CompiledWafRules, type WafFinding } from './compile-rules';
import { managedRuleGroupOptionsBySet, type ManagedRuleGroups } from './managed-rule-groups-props';
import { WebAclScope } from './web-acl-scope';
import { WafFindingSeverity } from './waf-finding-severity';

/** The profile's AWS rules, compiled once, with the IP sets and regex pattern sets they refer to. */
export interface ProfileWafRules {
  readonly compiled: CompiledWafRules;
  /** IP sets by `<rule id>-v4` / `<rule id>-v6`. */
  readonly ipSets: Record<string, CfnIPSet>;
  /** Regex pattern sets by rule id (`<rule id>-2`… when a rule needs more than one). */
  readonly regexPatternSets: Record<string, CfnRegexPatternSet>;
}

/**
 * Compiles the policy's AWS rules for a Web ACL or rule group of `webAclScope` owned by `owner`,
 * creating one IP set per list and address family and one regex pattern set per ten patterns as
 * children of `owner` (made on first use). HardenedWebAcl and the Firewall Manager policy share
 * it, so both carry the same rules at the same capacity.
 */
export function compileProfileWafRules(
  owner: Construct,
  policy: Policy,
  webAclScope: WebAclScope,
  managedRuleGroups: ManagedRuleGroups | undefined,
): ProfileWafRules {
  const ipSets: Record<string, CfnIPSet> = {};
  const regexPatternSets: Record<string, CfnRegexPatternSet> = {};
  const origin = policy.network.origin;
  const compiled = compileWafRules(policy, {
    metricPrefix: Names.uniqueResourceName(owner, { maxLength: 60, separator: '-' }),
    managedRuleGroups: managedRuleGroupOptionsBySet(managedRuleGroups),
    // A CloudFront-scope ACL sees the viewer's own address; only the origin-side one sits behind the proxy.
    ...(webAclScope === WebAclScope.REGIONAL && origin.clientIpHeader
      ? { clientIpHeader: origin.clientIpHeader, clientIpHeaderMatchable: origin.clientIpHeaderMatchable }
      : {}),
    ...(webAclScope === WebAclScope.REGIONAL && origin.behind === 'cloudfront' ? { behindCloudFront: true } : {}),
    ipSetArn: (spec) => {
      ipSets[spec.id] ??= new CfnIPSet(owner, `IpSet-${spec.id}`, {
        scope: webAclScope,
        ipAddressVersion: spec.ipAddressVersion,
        addresses: [...spec.addresses],
        description: `Bulwark ${spec.id}`,
      });
      return ipSets[spec.id].attrArn;
    },
    regexPatternSetArn: (spec) => {
      regexPatternSets[spec.id] ??= new CfnRegexPatternSet(owner, `RegexPatternSet-${spec.id}`, {
        scope: webAclScope,
        regularExpressionList: [...spec.regularExpressions],
        description: spec.description,
      });
      return regexPatternSets[spec.id].attrArn;
    },
  });
  return { compiled, ipSets, regexPatternSets };
}

/** The JSON bodies of Bulwark's 403 and 429 responses, which its block actions name; fresh each time, since an L1 keeps what it is given. */
export function bulwarkResponseBodies(): Record<string, { contentType: string; content: string }> {
  return {
    [RESPONSE_BODY_FORBIDDEN]: { contentType: 'APPLICATION_JSON', content: '{"error":"forbidden"}' },
    [RESPONSE_BODY_RATE_LIMITED]: { contentType: 'APPLICATION_JSON', content: '{"error":"too many requests"}' },
  };
}

/** The compiler's warnings and notes as annotations of `owner` (its errors are thrown as problems). */
export function annotateWafFindings(owner: Construct, findings: readonly WafFinding[]): void {
  for (const finding of findings.filter((f) => f.severity !== WafFindingSeverity.ERROR)) {
    const text = `${finding.ruleId} (${finding.source}): ${finding.message}`;
    if (finding.severity === WafFindingSeverity.WARNING) Annotations.of(owner).addWarningV2(`bulwark:waf-${finding.ruleId}`, text);
    else Annotations.of(owner).addInfo(text);
  }
}
