/**
 * The benchmark's unit of work, shared by every variant of the AWS app: a fleet of services,
 * each with two generated secrets that rotate, one role that reads them, one Web ACL with its
 * rate limits, and alarms on that Web ACL; grouped into stacks that stay well under
 * CloudFormation's 500-resource limit.
 */
export const SERVICES_PER_STACK = 25;
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;
export const SECRETS_PER_SERVICE = ['API_TOKEN', 'SIGNING_KEY'] as const;
export const NOTIFY_EMAIL = 'security@example.com';
export const ROTATION_DAYS = 30;

/** Services per stack: stack i holds services [i * SERVICES_PER_STACK, …). */
export function stackGroups(services: number): number[][] {
  const groups: number[][] = [];
  for (let first = 0; first < services; first += SERVICES_PER_STACK) {
    groups.push(Array.from({ length: Math.min(SERVICES_PER_STACK, services - first) }, (_, offset) => first + offset));
  }
  return groups;
}

export const serviceName = (index: number): string => `svc${String(index).padStart(4, '0')}`;

/** The rate limits of one service's Web ACL: a per-IP flood limit, a login limit and a per-user limit on its API. */
export function serviceRateLimits(index: number) {
  const name = serviceName(index);
  return [
    { name: 'per-ip', key: 'ip' as const, limit: 1_000, windowSeconds: 300, action: 'block' as const },
    { name: 'auth', match: { paths: [`/${name}/auth/login`] }, key: 'ip' as const, limit: 5, windowSeconds: 60, action: 'block' as const },
    { name: 'per-user', match: { pathPrefix: `/${name}/api/` }, key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60, action: 'block' as const },
  ];
}
