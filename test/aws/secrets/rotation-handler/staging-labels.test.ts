// removeLabelIfAttached: a label another caller took off already is done; any other failure is
// thrown so that Secrets Manager retries the step (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import type { SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { holderOf, removeLabelIfAttached, ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A port whose labels are `stages`, and whose updateSecretVersionStage runs `update` (after counting the call). */
function port(stages: Record<string, string[]>, update: () => void = () => undefined) {
  const calls: unknown[][] = [];
  const secrets: SecretsPort = {
    describeSecret: async () => ({ VersionIdsToStages: stages }),
    getSecretValue: async () => ({}),
    putSecretValue: async () => undefined,
    updateSecretVersionStage: async (...args) => {
      calls.push(args);
      update();
    },
  };
  return { secrets, calls };
}

describe('removeLabelIfAttached', () => {
  it('takes the label off the version that holds it', async () => {
    const { secrets, calls } = port({ v1: ['AWSPREVIOUS'] });
    await removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v1');
    expect(calls).toEqual([['s', 'AWSPREVIOUS', undefined, 'v1']]);
  });

  it('calls nothing when the version does not hold the label, or is not listed', async () => {
    const { secrets, calls } = port({ v1: ['AWSCURRENT'], v2: ['AWSPREVIOUS'] });
    await removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v1');
    await removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v3');
    expect(calls).toEqual([]);
  });

  it('is done when the call is refused because the label left the version meanwhile', async () => {
    const stages: Record<string, string[]> = { v1: ['AWSPREVIOUS'] };
    const { secrets } = port(stages, () => {
      stages.v1 = [];
      throw named('InvalidParameterException', 'AWSPREVIOUS is not attached to v1');
    });
    await expect(removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v1')).resolves.toBeUndefined();
  });

  it('throws an InvalidParameterException while the label is still on the version', async () => {
    const { secrets } = port({ v1: ['AWSPREVIOUS'] }, () => {
      throw named('InvalidParameterException', 'refused');
    });
    await expect(removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v1')).rejects.toThrow('refused');
  });

  it('throws any other failure, even when the label has left the version (a lost response is retried, not assumed)', async () => {
    const stages: Record<string, string[]> = { v1: ['AWSPREVIOUS'] };
    const { secrets } = port(stages, () => {
      stages.v1 = [];
      throw named('InternalServiceError', 'lost response');
    });
    await expect(removeLabelIfAttached(secrets, 's', 'AWSPREVIOUS', 'v1')).rejects.toThrow('lost response');
  });
});

describe('holderOf', () => {
  it('names the version holding a label, or none', () => {
    expect(holderOf({ v1: ['AWSCURRENT'], v2: ['AWSPREVIOUS', ROTATED_LABEL] }, ROTATED_LABEL)).toBe('v2');
    expect(holderOf({ v1: ['AWSCURRENT'] }, 'AWSPENDING')).toBeUndefined();
  });

  it('uses the label name the deploy-time gate reads', () => {
    expect(ROTATED_LABEL).toBe('BULWARK_ROTATED');
  });
});
