import type { CfnResource } from 'aws-cdk-lib';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/**
 * An application load balancer's attribute value, 'unresolved' when the attributes are a token,
 * undefined when unset. (No attribute value is the word "unresolved", so the string type holds both.)
 */
export function loadBalancerAttribute(node: CfnResource, key: string): string | undefined {
  const attributes = resolved<unknown>(node, 'loadBalancerAttributes');
  if (attributes === undefined) return undefined;
  if (!Array.isArray(attributes) || isIntrinsic(attributes)) return 'unresolved';
  const entry = attributes.find((a) => (a as { key?: unknown }).key === key) as { value?: unknown } | undefined;
  if (entry === undefined) return undefined;
  return typeof entry.value === 'string' ? entry.value : 'unresolved';
}

/** Whether a resource is an application load balancer (the default type). */
export function isApplicationLoadBalancer(node: CfnResource): boolean {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') return false;
  const type = resolved(node, 'type');
  return type === undefined || type === 'application';
}
