import type { AwsRule } from '../../aws-rule';
import { NOT_APPLICABLE, UNRESOLVED, compliantIf } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { parseCloudFormationYaml } from '../../cloudformation-yaml';

/** What CloudFormation takes as a logical ID; any other key is named generically in a finding. */
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/**
 * Every alarm in a StackSet's embedded template has an enabled action and every EventBridge rule
 * a target: the template deploys to each account of the StackSet, where no other check sees it
 * (CW1 reads the app's own alarms, not those inside TemplateBody). A template elsewhere
 * (TemplateURL), one built at deploy time, or an action list that is an intrinsic there, is unresolved.
 */
export const StackSetNotifies: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudFormation::StackSet') return NOT_APPLICABLE;
  const body = resolved(node, 'templateBody');
  if (body === undefined) return resolved(node, 'templateUrl') === undefined ? NOT_APPLICABLE : UNRESOLVED;
  const template = typeof body === 'string' ? parseTemplate(body) : undefined;
  if (template === undefined) return UNRESOLVED;
  const findings: string[] = [];
  let unresolved = false;
  for (const [logicalId, resource] of Object.entries(template)) {
    if (!isDataObject(resource)) continue;
    const verdict = notifies(resource);
    if (verdict === 'unresolved') unresolved = true;
    else if (verdict !== undefined) findings.push(`${verdict}:${LOGICAL_ID.test(logicalId) ? logicalId : 'resource'}`);
  }
  if (unresolved) findings.push(...UNRESOLVED);
  return findings.length > 0 ? findings : compliantIf(true);
};

/** The embedded template's resources: TemplateBody is JSON or YAML (short-form tags such as `!If` read as the intrinsics they stand for). */
function parseTemplate(body: string): Record<string, unknown> | undefined {
  try {
    const template = parseCloudFormationYaml(body);
    const resources = isDataObject(template) ? template.Resources : undefined;
    return isDataObject(resources) ? resources : undefined;
  } catch {
    return undefined;
  }
}

/** Why one resource of the template notifies no one, `unresolved` when its actions are known only at deploy time, or undefined. */
function notifies(resource: Record<string, unknown>): string | undefined {
  if (resource.Type !== 'AWS::CloudWatch::Alarm' && resource.Type !== 'AWS::Events::Rule') return undefined;
  if (isIntrinsic(resource.Properties)) return 'unresolved';
  const properties = isDataObject(resource.Properties) ? resource.Properties : {};
  if (resource.Type === 'AWS::CloudWatch::Alarm') {
    const { ActionsEnabled: enabled, AlarmActions: actions } = properties;
    if (isIntrinsic(enabled)) return 'unresolved';
    // CloudFormation takes a Boolean as true/false or as the strings "true"/"false".
    const on = enabled === undefined || enabled === true || (typeof enabled === 'string' && enabled.toLowerCase() === 'true');
    if (!on) return 'alarm-without-action';
    const verdict = someEntry(actions);
    return verdict === true ? undefined : verdict === 'unresolved' ? verdict : 'alarm-without-action';
  }
  const verdict = someEntry(properties.Targets);
  return verdict === true ? undefined : verdict === 'unresolved' ? verdict : 'rule-without-target';
}

/**
 * Whether a list surely holds an entry: an entry that may turn into AWS::NoValue (an Fn::If, a
 * Ref to it) does not count, and makes the list unresolved when nothing else is in it.
 */
function someEntry(list: unknown): boolean | 'unresolved' {
  if (isIntrinsic(list)) return 'unresolved';
  if (!Array.isArray(list)) return false;
  let maybe = false;
  for (const entry of list as unknown[]) {
    const ref = isIntrinsic(entry) ? (entry as Record<string, unknown>).Ref : undefined;
    if (ref === 'AWS::NoValue') continue;
    if (isIntrinsic(entry) && Object.hasOwn(entry as object, 'Fn::If')) maybe = true;
    else return true;
  }
  return maybe ? 'unresolved' : false;
}
