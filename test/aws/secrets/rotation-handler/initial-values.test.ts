import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { initialValuesResponse, type CustomResourceEvent } from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import { rotateSecret, type SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { generateValue } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { SecretsManagerModel } from './secrets-manager-model';

const NAME = 'production/gateway/JWT_SECRET';
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const pins = new Map([[NAME, hex64]]);
const PLACEHOLDER = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';
/** The stages of a first value that a rotation by the function promoted. */
const ROTATED = ['AWSCURRENT', ROTATED_LABEL];

const event = (RequestType: CustomResourceEvent['RequestType'], SecretIds: string[], OldSecretIds?: string[]): CustomResourceEvent => ({
  RequestType,
  ResponseURL: 'https://example.com/response',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'SecretsInitialValues',
  ResourceProperties: { SecretIds },
  ...(OldSecretIds ? { OldResourceProperties: { SecretIds: OldSecretIds }, PhysicalResourceId: 'bulwark-initial-values' } : {}),
});

/** A clock whose sleep runs what Secrets Manager does meanwhile (the first rotation, started by the schedule). */
function clock(meanwhile: () => Promise<void> = async () => undefined) {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      await meanwhile();
    },
  };
}

async function rotateOnce(secrets: SecretsManagerModel, token: string) {
  secrets.startRotation(token);
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)
    await rotateSecret({ Step, SecretId: NAME, ClientRequestToken: token }, secrets, pins);
}

describe('the initial-values gate', () => {
  it('waits for the first rotation to replace the placeholder, then succeeds', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    let polls = 0;
    const response = await initialValuesResponse(
      event('Create', [NAME]),
      secrets,
      pins,
      60_000,
      clock(async () => {
        polls += 1;
        if (polls === 2) await rotateOnce(secrets, 'first');
      }),
    );
    expect(response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'bulwark-initial-values',
      RequestId: 'request',
      LogicalResourceId: 'SecretsInitialValues',
    });
    expect(polls).toBe(2);
  });

  it('fails the deployment when the first value never fits the spec, without saying what the value is', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`${NAME} AWSCURRENT was not made by a rotation of this function`);
    expect(response.Reason).not.toContain(PLACEHOLDER);
  });

  it('fails when the tag asks for a weaker spec than the one pinned', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: '{"bytes":16,"encoding":"hex"}' }], ROTATED);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 1, clock());
    expect(response).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/JWT_SECRET could not be checked: the bulwark:generate tag .* asks for hex:16, weaker than the pinned hex:64/),
    });
  });

  it('waits out a transient error (throttling) instead of failing at once', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }], ROTATED);
    secrets.failNext('describeSecret');
    expect((await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock())).Status).toBe('SUCCESS');
    secrets.failNext('describeSecret');
    expect(await initialValuesResponse(event('Create', [NAME]), secrets, pins, 1, clock())).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining(`${NAME} could not be checked: injected failure in describeSecret`),
    });
  });

  it('checks every secret on an update, not only those it adds, and lets a delete through', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }], ROTATED);
    expect((await initialValuesResponse(event('Update', [NAME], [NAME]), secrets, pins, 1, clock())).Status).toBe('SUCCESS');
    // The model knows one secret: the other, already there before the update, is checked too and fails.
    expect(await initialValuesResponse(event('Update', ['production/gone/OLD', NAME], ['production/gone/OLD']), secrets, pins, 1, clock())).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('production/gone/OLD could not be checked'),
    });
    // A secret whose rotation has since been undone (the placeholder back as AWSCURRENT) fails an update too.
    const undone = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    expect((await initialValuesResponse(event('Update', [NAME], [NAME]), undone, pins, 1, clock())).Status).toBe('FAILED');
    expect((await initialValuesResponse(event('Delete', ['production/gone/OLD']), secrets, new Map(), 0, clock())).Status).toBe('SUCCESS');
  });

  it("never takes CloudFormation's placeholder for a first value, even when it fits the spec (64 letters and digits are 48 bytes of base64)", async () => {
    const base64of48: GenerationSpec = { bytes: 48, encoding: 'base64' };
    const pins48 = new Map([[NAME, base64of48]]);
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(base64of48) }]);
    expect(await initialValuesResponse(event('Create', [NAME]), secrets, pins48, 10_000, clock())).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('AWSCURRENT was not made by a rotation of this function'),
    });
    // A rotation started (Secrets Manager may already record it) but not finished: still not ready.
    secrets.startRotation('first');
    await rotateSecret({ Step: 'createSecret', SecretId: NAME, ClientRequestToken: 'first' }, secrets, pins48);
    expect(await initialValuesResponse(event('Create', [NAME]), secrets, pins48, 10_000, clock())).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('is still rotating'),
    });
    for (const Step of ['setSecret', 'testSecret', 'finishSecret'] as const)
      await rotateSecret({ Step, SecretId: NAME, ClientRequestToken: 'first' }, secrets, pins48);
    expect((await initialValuesResponse(event('Create', [NAME]), secrets, pins48, 10_000, clock())).Status).toBe('SUCCESS');
    expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
  });

  it('checks the deadline before every secret and every call, and answers FAILED when time runs out', async () => {
    // 60 secrets, each call 150 ms (latency, or the SDK backing off); the placeholder is never replaced.
    const names = Array.from({ length: 60 }, (_, index) => `production/gateway/T${index}`);
    const manyPins = new Map(names.map((name) => [name, hex64]));
    let now = 0;
    const slow: SecretsPort = {
      describeSecret: async (secretId) => {
        now += 150;
        return {
          Name: secretId,
          RotationEnabled: true,
          LastRotatedDate: new Date(0),
          VersionIdsToStages: { v0: ['AWSCURRENT'] },
          Tags: [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }],
        };
      },
      getSecretValue: async () => {
        now += 150;
        return { SecretString: PLACEHOLDER };
      },
      putSecretValue: async () => {
        throw new Error('not called');
      },
      updateSecretVersionStage: async () => {
        throw new Error('not called');
      },
    };
    const deadline = 105_000;
    const response = await initialValuesResponse(event('Create', names), slow, manyPins, deadline, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    // At most the one call under way when the deadline came.
    expect(now).toBeLessThanOrEqual(deadline + 150);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/the gate ran out of time|AWSCURRENT was not made by a rotation/);
    // A pass that cannot finish in time says which secrets it did not reach.
    now = 0;
    const short = await initialValuesResponse(event('Create', names), slow, manyPins, 1_000, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    expect(now).toBeLessThanOrEqual(1_000 + 150);
    expect(short).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('production/gateway/T9 was not checked: the gate ran out of time') });
  });
});

describe('the initial-values gate on a secret rotated before', () => {
  it('does not take a recorded rotation (LastRotatedDate) as proof: an abandoned one leaves the placeholder AWSCURRENT', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify({ bytes: 48, encoding: 'base64' }) }]);
    secrets.startRotation('abandoned');
    await secrets.updateSecretVersionStage(NAME, 'AWSPENDING', undefined, 'abandoned');
    expect((await secrets.describeSecret(NAME)).LastRotatedDate).toBeDefined();
    expect(
      (await initialValuesResponse(event('Create', [NAME]), secrets, new Map([[NAME, { bytes: 48, encoding: 'base64' } as GenerationSpec]]), 10_000, clock()))
        .Status,
    ).toBe('FAILED');
  });

  it('takes AWSPREVIOUS off the placeholder left there, and succeeds', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    // What the rotation of earlier versions left: the new value AWSCURRENT, the placeholder AWSPREVIOUS.
    await secrets.putSecretValue(NAME, 'rotated', generateValue(hex64), ['AWSCURRENT']);
    await secrets.updateSecretVersionStage(NAME, ROTATED_LABEL, 'rotated', undefined);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(PLACEHOLDER);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock());
    expect(response.Status).toBe('SUCCESS');
    expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
  });
});
