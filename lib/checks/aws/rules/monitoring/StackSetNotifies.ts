import { parse } from 'yaml';
import type { AwsRule } from '../../aws-rule';
import { NOT_APPLICABLE, UNRESOLVED, compliantIf } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';

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

/** The embedded template's resources: TemplateBody is JSON or YAML (CloudFormation short-form tags are read as plain values). */
function parseTemplate(body: string): Record<string, unknown> | undefined {
  try {
    const template: unknown = parse(body, { logLevel: 'silent', uniqueKeys: false });
    const resources = isDataObject(template) ? template.Resources : undefined;
    return isDataObject(resources) ? resources : undefined;
  } catch {
    return undefined;
  }
}

/** Why one resource of the template notifies no one, `unresolved` when its actions are known only at deploy time, or undefined. */
function notifies(resource: Record<string, unknown>): string | undefined {
  const properties = isDataObject(resource.Properties) ? resource.Properties : {};
  if (resource.Type === 'AWS::CloudWatch::Alarm') {
    const { ActionsEnabled: enabled, AlarmActions: actions } = properties;
    if (isIntrinsic(enabled) || isIntrinsic(actions)) return 'unresolved';
    return enabled !== false && Array.isArray(actions) && actions.length > 0 ? undefined : 'alarm-without-action';
  }
  if (resource.Type === 'AWS::Events::Rule') {
    const targets = properties.Targets;
    if (isIntrinsic(targets)) return 'unresolved';
    return Array.isArray(targets) && targets.length > 0 ? undefined : 'rule-without-target';
  }
  return undefined;
}
