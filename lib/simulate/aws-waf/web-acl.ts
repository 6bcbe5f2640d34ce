import type { EdgeVerdict, SimulatedEdge } from '../edge-verdict';
import { RequestClock } from '../request-clock';
import type { SimulatedRequest } from '../simulated-request';
import { bodyInspectionLimit, type ProtectedResource } from './field-to-match';
import { RequestContext } from './request-context';
import { actionOf, compileRules, type RuleAction, type RuleTrace } from './rules';
import type { CfnTemplate } from './template-resources';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/**
 * The account in labels offline (`awswaf:<account>:webacl:<name>:<label>`): a synthesized
 * template rarely holds a literal account, so rules' labels use this one unless the caller
 * gives the real one. LabelMatch keys written without the `awswaf:…` prefix match either way.
 */
export const OFFLINE_ACCOUNT = '000000000000';

export interface CompileWebAclInput {
  /** The `AWS::WAFv2::WebACL` resource's `Properties`, as synthesized (PascalCase). */
  readonly properties: unknown;
  /** The whole template, for the IP sets, regex pattern sets and rule groups it refers to. */
  readonly template: CfnTemplate;
  /** The edge's name in reports (`aws`, or `aws:<stack>/<logical id>`). */
  readonly name: string;
  /** Where the rules were read from, e.g. the template file. */
  readonly source: string;
  /** The Web ACL's logical id (names it when its `Name` is not a literal). */
  readonly logicalId: string;
  /** The account in labels. @default OFFLINE_ACCOUNT */
  readonly account?: string;
  /** What a REGIONAL Web ACL protects, for its body inspection limit. @default 'APPLICATION_LOAD_BALANCER' (8 KB) */
  readonly protectedResource?: ProtectedResource;
}

/**
 * Compiles a synthesized Web ACL once into an edge that judges requests one by one, in time
 * order (rate-based rules keep their counters across calls). A request without `time` is
 * taken to arrive at the last time seen (0 before any).
 *
 * @throws WebAclSimulationError when the Web ACL, a rule or a referenced resource has a shape AWS WAF would reject
 */
export function compileWebAcl(input: CompileWebAclInput): SimulatedEdge {
  const properties = input.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new WebAclSimulationError(null, 'Properties', `expected the Web ACL's Properties object, received ${quoteValue(properties)}`);
  }
  const record = properties as Record<string, unknown>;
  const aclName = typeof record.Name === 'string' ? record.Name : input.logicalId;
  const account = input.account ?? OFFLINE_ACCOUNT;
  if (record.DefaultAction === undefined) throw new WebAclSimulationError(null, 'DefaultAction', 'missing: expected {Allow: {}} or {Block: {}}');
  const defaultAction: RuleAction = actionOf(record.DefaultAction, null, 'DefaultAction');
  if (defaultAction.action !== 'allow' && defaultAction.action !== 'block') {
    throw new WebAclSimulationError(null, 'DefaultAction', `expected {Allow: {}} or {Block: {}}, received ${quoteValue(record.DefaultAction)}`);
  }
  const rules = compileRules(record.Rules, {
    template: input.template,
    bodyLimit: bodyInspectionLimit(record.Scope, record.AssociationConfig, input.protectedResource),
    labelPrefix: `awswaf:${account}:webacl:${aclName}:`,
    account,
    namePrefix: '',
    inRuleGroup: false,
  });
  const clock = new RequestClock();
  return {
    name: input.name,
    kind: 'aws',
    source: input.source,
    evaluate(request: SimulatedRequest): EdgeVerdict {
      const context = new RequestContext(request, clock.timeOf(request));
      const trace: RuleTrace = { matched: [] };
      const terminal = rules.run(context, trace, false);
      const decided = terminal ?? { ...defaultAction, rule: null };
      const labels = [...context.labels].filter(([, certainty]) => certainty === 'certain').map(([label]) => label);
      const action = decided.action as 'allow' | 'block' | 'captcha' | 'challenge';
      if (trace.firstUnknown !== undefined) {
        return {
          action: 'unknown',
          rule: trace.firstUnknown.rule,
          reason: trace.firstUnknown.reason,
          matched: trace.matched,
          labels,
          otherwise: { action, rule: decided.rule },
        };
      }
      return {
        action,
        rule: decided.rule,
        matched: trace.matched,
        labels,
        ...(decided.responseCode !== undefined ? { responseCode: decided.responseCode } : {}),
      };
    },
  };
}
