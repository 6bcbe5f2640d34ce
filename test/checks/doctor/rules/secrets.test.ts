import { describe, expect, it } from 'vitest';
import {
  approvalsWithoutApprovers,
  auditDisabled,
  auditReviewTooRare,
  criticalSecretReadableByAll,
  longSessions,
  managedSecretInCi,
  rotationCeilingTooHigh,
  secretRotatesTooLate,
  secretWithoutRotation,
  secretsWithoutApproval,
  secretsWithoutIpAllowlist,
  serviceReadsEverything,
  severalCiSecrets,
  sharedNamespace,
  tokenOverADay,
} from '../../../../lib/checks/doctor/rules/secrets';
import { violations } from './doctor-context';

/* The strict example holds production/gateway/JWT_SIGNING_KEY (critical, every 30 days), production/payment/STRIPE_SECRET_KEY (critical) and production/payment/DATABASE_URL (sensitive). */
const secrets = (settings: Record<string, unknown>) => ({ secrets: settings });
const oneItem = (item: Record<string, unknown>) => secrets({ items: [{ name: 'API_KEY', service: 'gateway', ...item }] });
const staging = { environment: 'staging' };

describe('rotation', () => {
  it('reports a secret that never rotates, at its item', () => {
    expect(violations(secretWithoutRotation, oneItem({ rotateAfterDays: 0 }))).toEqual([
      { path: 'secrets.items[0].rotateAfterDays', observed: 'production/gateway/API_KEY never rotates' },
    ]);
    expect(violations(secretWithoutRotation, oneItem({ rotateAfterDays: 1 }))).toEqual([]);
  });

  it('reports rotation over 90 days, not at 90', () => {
    const rotating = (days: number) => ({ secrets: { maxRotationDays: 90, items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: days }] } });
    expect(violations(secretRotatesTooLate, rotating(91))).toEqual([
      { path: 'secrets.items[0].rotateAfterDays', observed: 'production/gateway/API_KEY rotates every 91 days (at most 90)' },
    ]);
    expect(violations(secretRotatesTooLate, rotating(90))).toEqual([]);
  });

  it('holds items to a lower ceiling of the profile, and never lets a higher one pass 90 days', () => {
    const lower = { secrets: { maxRotationDays: 30, items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 31 }] } };
    expect(violations(secretRotatesTooLate, lower)).toEqual([
      { path: 'secrets.items[0].rotateAfterDays', observed: 'production/gateway/API_KEY rotates every 31 days (at most 30)' },
    ]);
    expect(
      violations(secretRotatesTooLate, { secrets: { maxRotationDays: 30, items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 30 }] } }),
    ).toEqual([]);
    expect(violations(secretRotatesTooLate, { secrets: { maxRotationDays: 120, items: [{ name: 'API_KEY', service: 'gateway' }] } })).toEqual([
      { path: 'secrets.items[0].rotateAfterDays', observed: 'production/gateway/API_KEY rotates every 120 days (at most 90)' },
    ]);
  });

  it('reports a rotation ceiling over 90 days, not at 90', () => {
    expect(violations(rotationCeilingTooHigh, secrets({ maxRotationDays: 91 }))).toEqual([{ path: 'secrets.maxRotationDays', observed: '91 days' }]);
    expect(violations(rotationCeilingTooHigh, secrets({ maxRotationDays: 90 }))).toEqual([]);
  });
});

describe('criticalSecretReadableByAll', () => {
  it('passes critical secrets each read by its own service', () => {
    expect(violations(criticalSecretReadableByAll)).toEqual([]);
  });

  it('reports a critical secret every service reads, and not a sensitive one', () => {
    const patch = secrets({
      services: [
        { name: 'gateway', reads: ['gateway/*', 'payment/*'] },
        { name: 'payment', reads: ['payment/*'] },
      ],
    });
    expect(violations(criticalSecretReadableByAll, patch)).toEqual([
      { path: 'secrets.items[1].tier', observed: 'production/payment/STRIPE_SECRET_KEY readable by all 2 services' },
    ]);
  });

  it('reports every critical secret a read-everything service reads: by all services when it is every reader, else naming it', () => {
    const patch = secrets({
      services: [
        { name: 'gateway', reads: ['gateway/*'] },
        { name: 'payment', reads: ['*'] },
      ],
    });
    expect(violations(criticalSecretReadableByAll, patch)).toEqual([
      { path: 'secrets.items[0].tier', observed: 'production/gateway/JWT_SIGNING_KEY readable by all 2 services' },
      { path: 'secrets.items[1].tier', observed: 'production/payment/STRIPE_SECRET_KEY readable by payment' },
    ]);
  });

  it('does not judge a single service, which reads its secrets whatever it is granted', () => {
    const patch = secrets({ items: [{ name: 'API_KEY', service: 'gateway', tier: 'critical' }], services: [{ name: 'gateway', reads: ['*'] }] });
    expect(violations(criticalSecretReadableByAll, patch)).toEqual([]);
  });
});

describe('serviceReadsEverything', () => {
  it('reports a service reading "*", at its index', () => {
    const patch = secrets({
      services: [
        { name: 'gateway', reads: ['gateway/*'] },
        { name: 'payment', reads: ['*'] },
      ],
    });
    expect(violations(serviceReadsEverything, patch)).toEqual([{ path: 'secrets.services[1].reads', observed: 'payment reads "*"' }]);
    expect(violations(serviceReadsEverything)).toEqual([]);
  });
});

describe('secretsWithoutIpAllowlist', () => {
  it('reports production secrets readable from any address, counting them', () => {
    expect(violations(secretsWithoutIpAllowlist, secrets({ access: { allowedCidrs: [] } }))).toEqual([
      { path: 'secrets.access.allowedCidrs', observed: '3 production secret(s), no CIDR or VPC endpoint restriction' },
    ]);
  });

  it('passes a CIDR or a VPC endpoint restriction', () => {
    expect(violations(secretsWithoutIpAllowlist)).toEqual([]);
    expect(violations(secretsWithoutIpAllowlist, secrets({ access: { allowedCidrs: [], vpcEndpointIds: ['vpce-0123456789abcdef0'] } }))).toEqual([]);
  });

  it('outside production, reports critical secrets only', () => {
    expect(violations(secretsWithoutIpAllowlist, { ...staging, ...secrets({ access: { allowedCidrs: [] } }) })).toEqual([
      { path: 'secrets.access.allowedCidrs', observed: '2 critical secret(s), no CIDR or VPC endpoint restriction' },
    ]);
    expect(
      violations(secretsWithoutIpAllowlist, { ...staging, ...secrets({ items: [{ name: 'API_KEY', service: 'gateway' }], access: { allowedCidrs: [] } }) }),
    ).toEqual([]);
  });

  it('passes a production profile without secrets', () => {
    expect(violations(secretsWithoutIpAllowlist, secrets({ items: [], access: { allowedCidrs: [] } }))).toEqual([]);
  });
});

describe('approvals', () => {
  it('reports approvals required with no approvers', () => {
    expect(violations(approvalsWithoutApprovers, secrets({ approvals: { approvers: [] } }))).toEqual([
      { path: 'secrets.approvals.approvers', observed: 'approvals required, no approvers listed' },
    ]);
  });

  it('passes no approvers when no tier requires an approval', () => {
    const none = secrets({ approvals: { sensitive: { requiredApprovals: 0 }, critical: { requiredApprovals: 0 }, approvers: [] } });
    expect(violations(approvalsWithoutApprovers, none)).toEqual([]);
  });

  it('reports each sensitive or critical tier holding secrets without an approval', () => {
    const none = secrets({ approvals: { sensitive: { requiredApprovals: 0 }, critical: { requiredApprovals: 0 } } });
    expect(violations(secretsWithoutApproval, none)).toEqual([
      { path: 'secrets.approvals.sensitive', observed: '1 sensitive secret(s), no approval required' },
      { path: 'secrets.approvals.critical', observed: '2 critical secret(s), no approval required' },
    ]);
    expect(violations(secretsWithoutApproval, secrets({ approvals: { sensitive: { requiredApprovals: 1 }, critical: { requiredApprovals: 1 } } }))).toEqual([]);
  });

  it('does not ask an approval of a tier that holds no secret', () => {
    expect(violations(secretsWithoutApproval, { secrets: { items: [{ name: 'API_KEY', service: 'gateway' }], approvals: null } })).toEqual([]);
  });
});

describe('sessions and tokens', () => {
  it('reports a role session over an hour, not an hour', () => {
    expect(violations(longSessions, secrets({ access: { maxSessionDuration: '2h' } }))).toEqual([
      { path: 'secrets.access.maxSessionDuration', observed: '2h' },
    ]);
    expect(violations(longSessions, secrets({ access: { maxSessionDuration: '1h' } }))).toEqual([]);
  });

  it('reports a service token over an hour up to a day as a long session, and over a day as too long a token', () => {
    const ttl = (tokenTtl: string) =>
      secrets({
        services: [
          { name: 'gateway', reads: ['gateway/*'], tokenTtl },
          { name: 'payment', reads: ['payment/*'] },
        ],
      });
    expect(violations(longSessions, ttl('3600s'))).toEqual([]);
    expect(violations(longSessions, ttl('3601s'))).toEqual([{ path: 'secrets.services[0].tokenTtl', observed: 'gateway: 3601s' }]);
    expect(violations(longSessions, ttl('1d'))).toEqual([{ path: 'secrets.services[0].tokenTtl', observed: 'gateway: 1d' }]);
    expect(violations(tokenOverADay, ttl('1d'))).toEqual([]);
    expect(violations(longSessions, ttl('86401s'))).toEqual([]);
    expect(violations(tokenOverADay, ttl('86401s'))).toEqual([{ path: 'secrets.services[0].tokenTtl', observed: 'gateway: 86401s' }]);
  });

  it('reports the role session once, not again at services that take it by default', () => {
    expect(violations(longSessions, secrets({ access: { maxSessionDuration: '12h' } }))).toEqual([
      { path: 'secrets.access.maxSessionDuration', observed: '12h' },
    ]);
  });
});

describe('sharedNamespace', () => {
  it('reports a namespace other than the environment, and passes the environment', () => {
    expect(violations(sharedNamespace, secrets({ namespace: 'shared' }))).toEqual([
      { path: 'secrets.namespace', observed: '"shared" in environment production' },
    ]);
    expect(violations(sharedNamespace, secrets({ namespace: 'production' }))).toEqual([]);
  });
});

describe('audit', () => {
  it('reports the audit log off and passes it on', () => {
    expect(violations(auditDisabled, { application: { audit: { enabled: false } } })).toEqual([{ path: 'application.audit.enabled', observed: 'false' }]);
    expect(violations(auditDisabled, { application: { audit: { enabled: true } } })).toEqual([]);
  });

  it('reports reviews rarer than weekly, not weekly', () => {
    expect(violations(auditReviewTooRare, { application: { audit: { reviewIntervalDays: 8 } } })).toEqual([
      { path: 'application.audit.reviewIntervalDays', observed: 'every 8 days' },
    ]);
    expect(violations(auditReviewTooRare, { application: { audit: { reviewIntervalDays: 7 } } })).toEqual([]);
  });
});

describe('CI/CD secrets', () => {
  it('reports a managed secret also stored in CI/CD, at its index', () => {
    expect(violations(managedSecretInCi, { application: { ciSecrets: ['DEPLOY_KEY', 'DATABASE_URL'] } })).toEqual([
      { path: 'application.ciSecrets[1]', observed: 'DATABASE_URL is in CI/CD and in the secrets manager' },
    ]);
    expect(violations(managedSecretInCi, { application: { ciSecrets: ['DEPLOY_KEY'] } })).toEqual([]);
  });

  it('reports more than one CI/CD secret, listing them, and passes one', () => {
    expect(violations(severalCiSecrets, { application: { ciSecrets: ['DEPLOY_KEY', 'NPM_TOKEN'] } })).toEqual([
      { path: 'application.ciSecrets', observed: '2 secrets: DEPLOY_KEY, NPM_TOKEN' },
    ]);
    expect(violations(severalCiSecrets, { application: { ciSecrets: ['DEPLOY_KEY'] } })).toEqual([]);
  });
});
