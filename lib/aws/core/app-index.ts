import type { CfnResource, Stack } from 'aws-cdk-lib';
import { awsCdkLib } from './aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Everything the cross-resource rules need, gathered in one walk of the whole app (linear, not
 * a rescan per resource), following references across stacks: which resources a Web ACL
 * protects, which Web ACLs log, which secrets rotate, which certificates have alarms, which
 * rules a listener has.
 */
export class AppIndex {
  /** Builds the index of the app that contains `scope`. */
  public static of(scope: IConstruct): AppIndex {
    return new AppIndex(scope.node.root);
  }

  private readonly byType = new Map<string, CfnResource[]>();
  private readonly byStack = new Map<Stack, CfnResource[]>();
  /** Built per stack on first use: resolving every logical ID costs more than the rules that need them. */
  private readonly byLogicalId = new Map<Stack, Map<string, CfnResource>>();
  /** Resources named by a CfnWebACLAssociation. */
  public readonly protectedByWebAcl = new Set<CfnResource>();
  /** Logging configurations by the Web ACL they log. */
  public readonly loggingByWebAcl = new Map<CfnResource, CfnResource[]>();
  /** Rotation schedules by the secret they rotate (directly, or through its SecretTargetAttachment). */
  public readonly rotationBySecret = new Map<CfnResource, CfnResource[]>();
  /** Certificates an alarm watches (by its CertificateArn dimension). */
  public readonly alarmedCertificates = new Set<CfnResource>();
  /** The alarms that watch each certificate (by its CertificateArn dimension). */
  public readonly alarmsByCertificate = new Map<CfnResource, CfnResource[]>();
  /** Listener rules by the listener they belong to. */
  public readonly rulesByListener = new Map<CfnResource, CfnResource[]>();
  private derivedFor?: CfnResource;
  private derivedValues = new Map<string, unknown>();

  private constructor(root: IConstruct) {
    for (const node of root.node.findAll()) {
      if (!awsCdkLib().CfnResource.isCfnResource(node)) continue;
      append(this.byType, node.cfnResourceType, node);
      append(this.byStack, awsCdkLib().Stack.of(node), node);
    }
    for (const association of this.ofType('AWS::WAFv2::WebACLAssociation')) {
      for (const target of referencedResources(association, 'resourceArn')) this.protectedByWebAcl.add(target);
    }
    for (const logging of this.ofType('AWS::WAFv2::LoggingConfiguration')) {
      for (const acl of referencedResources(logging, 'resourceArn')) append(this.loggingByWebAcl, acl, logging);
    }
    for (const rule of this.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
      for (const listener of referencedResources(rule, 'listenerArn')) append(this.rulesByListener, listener, rule);
    }
    for (const schedule of this.ofType('AWS::SecretsManager::RotationSchedule')) {
      // RDS rotation (addRotationSingleUser, addRotationMultiUser) names the secret's target attachment, which names the secret.
      for (const target of referencedResources(schedule, 'secretId'))
        for (const secret of target.cfnResourceType === 'AWS::SecretsManager::SecretTargetAttachment' ? referencedResources(target, 'secretId') : [target])
          append(this.rotationBySecret, secret, schedule);
    }
    for (const alarm of this.ofType('AWS::CloudWatch::Alarm')) {
      const dimensions = (alarm as unknown as { dimensions?: unknown }).dimensions;
      for (const target of referencedResourcesIn(dimensions))
        if (target.cfnResourceType === 'AWS::CertificateManager::Certificate') {
          this.alarmedCertificates.add(target);
          append(this.alarmsByCertificate, target, alarm);
        }
    }
  }

  /** The resource a resolved `Ref` or `Fn::GetAtt` in `from`'s stack points at. */
  public target(from: CfnResource, intrinsic: unknown): CfnResource | undefined {
    const value = intrinsic as { Ref?: unknown; 'Fn::GetAtt'?: unknown[] } | undefined;
    const logicalId = typeof value?.Ref === 'string' ? value.Ref : Array.isArray(value?.['Fn::GetAtt']) ? value['Fn::GetAtt'][0] : undefined;
    if (typeof logicalId !== 'string') return undefined;
    const stack = awsCdkLib().Stack.of(from);
    let ids = this.byLogicalId.get(stack);
    if (!ids) {
      ids = new Map((this.byStack.get(stack) ?? []).map((resource) => [stack.resolve(resource.logicalId) as string, resource]));
      this.byLogicalId.set(stack, ids);
    }
    return ids.get(logicalId);
  }

  /**
   * A value derived from the resource being checked, computed once for all the rules that read
   * it (five read a Web ACL's rules, and resolving them is most of their cost). Only the
   * current resource's values are kept, so memory does not grow with the app.
   */
  public derived<T>(node: CfnResource, name: string, compute: () => T): T {
    if (node !== this.derivedFor) {
      this.derivedFor = node;
      this.derivedValues = new Map();
    }
    if (!this.derivedValues.has(name)) this.derivedValues.set(name, compute());
    return this.derivedValues.get(name) as T;
  }

  /** Every resource of a CloudFormation type in the app. */
  public ofType(type: string): readonly CfnResource[] {
    return this.byType.get(type) ?? [];
  }
}

/** Adds a value to the list under a key. */
function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** The resources a property of an L1 refers to through tokens (Ref, GetAtt, cross-stack imports). */
export function referencedResources(resource: CfnResource, property: string): CfnResource[] {
  return referencedResourcesIn((resource as unknown as Record<string, unknown>)[property]);
}

function referencedResourcesIn(value: unknown): CfnResource[] {
  const found: CfnResource[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!awsCdkLib().Token.isUnresolved(v)) return;
      for (const token of awsCdkLib().Tokenization.reverseString(v).tokens) collect(token);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (awsCdkLib().Tokenization.isResolvable(v)) {
      collect(v);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  const collect = (token: unknown) => {
    if (token instanceof awsCdkLib().Reference && awsCdkLib().CfnResource.isCfnResource(token.target)) found.push(token.target);
  };
  visit(value);
  return found;
}

/**
 * A property resolved to plain data, or undefined when it is absent. Tokens stay as
 * CloudFormation intrinsics. Token-free data is returned as it is, not copied (resolving copies
 * every value, and the copies are most of what checking a large app allocates): read it, never
 * change it.
 */
export function resolved<T = unknown>(resource: CfnResource, property: string): T | undefined {
  const value = (resource as unknown as Record<string, unknown>)[property];
  return value === undefined ? undefined : resolvedValue<T>(resource, value);
}

/** A value found on (or rendered from) a resource, resolved in its stack as `resolved` does. */
export function resolvedValue<T = unknown>(resource: CfnResource, value: unknown): T {
  return (value === undefined || isPlainData(value) ? value : awsCdkLib().Stack.of(resource).resolve(value)) as T;
}

/**
 * Whether a value is plain JSON-like data without a token anywhere in it, keys included (as
 * `resolve` would return it). Any string with a token marker (`${Token[`, a list token's
 * `#{Token[`) counts as a token.
 */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return !value.includes('Token[');
  if (typeof value === 'number') return !awsCdkLib().Token.isUnresolved(value);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  // Class instances (Lazy, PolicyDocument, Duration, ...) may render differently once resolved.
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.entries(value as Record<string, unknown>).every(([key, entry]) => entry !== undefined && !key.includes('Token[') && isPlainData(entry));
}

/** Whether resolved data still holds a CloudFormation intrinsic (a value only known at deploy time). */
export function isIntrinsic(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0]);
}

/** An object that is data: not a list, and not an intrinsic (Fn::If, Ref, …) standing for one. */
export function isDataObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value);
}
