import { formatDuration } from '../../../profile/duration';
import type { SecretTier } from '../../../profile/schema';
import { violationIf, type DoctorRule } from '../doctor-rule';

/** The checklists' ceiling on rotation intervals (Security Hardening Guide (Agent Secret Store) item 6; Security Deployment Guide (Aragora): "rotate quarterly"). */
export const MAX_ROTATION_DAYS = 90;
export const MAX_SESSION_SECONDS = 3_600;
export const MAX_TOKEN_SECONDS = 86_400;

const itemPath = (index: number, field: string) => `secrets.items[${index}].${field}`;

export const secretWithoutRotation: DoctorRule = ({ policy }) =>
  policy.secrets.items.flatMap((item, index) => violationIf(item.rotationDays === 0, itemPath(index, 'rotateAfterDays'), `${item.id} never rotates`));

export const secretRotatesTooLate: DoctorRule = ({ policy }) => {
  const ceiling = Math.min(policy.secrets.maxRotationDays, MAX_ROTATION_DAYS);
  return policy.secrets.items.flatMap((item, index) =>
    violationIf(item.rotationDays > ceiling, itemPath(index, 'rotateAfterDays'), `${item.id} rotates every ${item.rotationDays} days (at most ${ceiling})`),
  );
};

export const rotationCeilingTooHigh: DoctorRule = ({ policy }) =>
  violationIf(policy.secrets.maxRotationDays > MAX_ROTATION_DAYS, 'secrets.maxRotationDays', `${policy.secrets.maxRotationDays} days`);

/** A critical secret that every service can read, or that a read-everything service can read. */
export const criticalSecretReadableByAll: DoctorRule = ({ policy }) => {
  const { services, items } = policy.secrets;
  const everythingReaders = services.filter((service) => service.readsEverything).map((service) => service.name);
  return items.flatMap((item, index) => {
    if (item.tier !== 'critical') return [];
    if (services.length < 2) return [];
    const everyService = item.readers.length === services.length;
    if (!everyService && everythingReaders.length === 0) return [];
    const who = everyService ? `all ${services.length} services` : everythingReaders.join(', ');
    return [{ path: itemPath(index, 'tier'), observed: `${item.id} readable by ${who}` }];
  });
};

export const serviceReadsEverything: DoctorRule = ({ profile }) =>
  profile.secrets.services.flatMap((service, index) =>
    violationIf(service.reads.includes('*'), `secrets.services[${index}].reads`, `${service.name} reads "*"`),
  );

/** Production secrets, or critical ones anywhere, readable from any address. */
export const secretsWithoutIpAllowlist: DoctorRule = ({ policy }) => {
  const exposed = policy.environment === 'production' ? policy.secrets.items : policy.secrets.items.filter((item) => item.tier === 'critical');
  const restricted = policy.secrets.access.allowedCidrs.length > 0 || policy.secrets.access.vpcEndpointIds.length > 0;
  return violationIf(
    exposed.length > 0 && !restricted,
    'secrets.access.allowedCidrs',
    `${exposed.length} ${policy.environment === 'production' ? 'production' : 'critical'} secret(s), no CIDR or VPC endpoint restriction`,
  );
};

export const approvalsWithoutApprovers: DoctorRule = ({ policy }) => {
  const required = Object.values(policy.secrets.approvals).some((approval) => approval.requiredApprovals > 0);
  return violationIf(required && policy.secrets.approvers.length === 0, 'secrets.approvals.approvers', 'approvals required, no approvers listed');
};

export const longSessions: DoctorRule = ({ policy, profile }) => [
  ...violationIf(
    policy.secrets.access.maxSessionSeconds > MAX_SESSION_SECONDS,
    'secrets.access.maxSessionDuration',
    formatDuration(policy.secrets.access.maxSessionSeconds),
  ),
  ...profile.secrets.services.flatMap((service, index) => {
    const seconds = policy.secrets.services.find((s) => s.name === service.name)?.sessionSeconds ?? 0;
    return violationIf(
      service.tokenTtl !== undefined && seconds > MAX_SESSION_SECONDS && seconds <= MAX_TOKEN_SECONDS,
      `secrets.services[${index}].tokenTtl`,
      `${service.name}: ${formatDuration(seconds)}`,
    );
  }),
];

export const tokenOverADay: DoctorRule = ({ policy, profile }) =>
  profile.secrets.services.flatMap((service, index) => {
    const seconds = policy.secrets.services.find((s) => s.name === service.name)?.sessionSeconds ?? 0;
    return violationIf(seconds > MAX_TOKEN_SECONDS, `secrets.services[${index}].tokenTtl`, `${service.name}: ${formatDuration(seconds)}`);
  });

const GATED_TIERS: readonly SecretTier[] = ['sensitive', 'critical'];

export const secretsWithoutApproval: DoctorRule = ({ policy }) =>
  GATED_TIERS.flatMap((tier) => {
    const count = policy.secrets.items.filter((item) => item.tier === tier).length;
    const required = policy.secrets.approvals[tier]?.requiredApprovals ?? 0;
    return violationIf(count > 0 && required < 1, `secrets.approvals.${tier}`, `${count} ${tier} secret(s), no approval required`);
  });

/** The namespace is not the environment's own, so environments may share secrets. */
export const sharedNamespace: DoctorRule = ({ profile, policy }) =>
  violationIf(policy.secrets.namespace !== profile.environment, 'secrets.namespace', `"${policy.secrets.namespace}" in environment ${profile.environment}`);

export const auditDisabled: DoctorRule = ({ profile }) => violationIf(!profile.application.audit.enabled, 'application.audit.enabled', 'false');

export const auditReviewTooRare: DoctorRule = ({ profile }) =>
  violationIf(
    profile.application.audit.reviewIntervalDays > 7,
    'application.audit.reviewIntervalDays',
    `every ${profile.application.audit.reviewIntervalDays} days`,
  );

/** A secret the profile manages is also stored as a CI/CD variable. */
export const managedSecretInCi: DoctorRule = ({ profile }) => {
  const managed = new Set(profile.secrets.items.map((item) => item.name));
  return profile.application.ciSecrets.flatMap((name, index) =>
    violationIf(managed.has(name), `application.ciSecrets[${index}]`, `${name} is in CI/CD and in the secrets manager`),
  );
};

/** More than the one key that fetches the rest at run time is stored in CI/CD. */
export const severalCiSecrets: DoctorRule = ({ profile }) =>
  violationIf(
    profile.application.ciSecrets.length > 1,
    'application.ciSecrets',
    `${profile.application.ciSecrets.length} secrets: ${profile.application.ciSecrets.join(', ')}`,
  );
