import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { initialValuesResponse, type CustomResourceEvent } from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import { rotateSecret } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { generateValue } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const NAME = 'production/gateway/JWT_SECRET';
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const pins = new Map([[NAME, hex64]]);
const PLACEHOLDER = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';

const event = (RequestType: CustomResourceEvent['RequestType'], SecretIds: string[], OldSecretIds?: string[]): CustomResourceEvent => ({
  RequestType, ResponseURL: 'https://example.com/response', StackId: 'stack', RequestId: 'request', LogicalResourceId: 'SecretsInitialValues',
  ResourceProperties: { SecretIds }, ...(OldSecretIds ? { OldResourceProperties: { SecretIds: OldSecretIds }, PhysicalResourceId: 'bulwark-initial-values' } : {}),
});

/** A clock whose sleep runs what Secrets Manager does meanwhile (the first rotation, started by the schedule). */
function clock(meanwhile: () => Promise<void> = async () => undefined) {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => { now += ms; await meanwhile(); } };
}

async function rotateOnce(secrets: SecretsManagerModel, token: string) {
  secrets.startRotation(token);
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) await rotateSecret({ Step, SecretId: NAME, ClientRequestToken: token }, secrets, pins);
}

describe('the initial-values gate', () => {
  it('waits for the first rotation to replace the placeholder, then succeeds', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    let polls = 0;
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 60_000, clock(async () => {
      polls += 1;
      if (polls === 2) await rotateOnce(secrets, 'first');
    }));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'bulwark-initial-values', RequestId: 'request', LogicalResourceId: 'SecretsInitialValues' });
    expect(polls).toBe(2);
  });

  it('fails the deployment when the first value never fits the spec, without saying what the value is', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`${NAME} AWSCURRENT is not hex`);
    expect(response.Reason).not.toContain(PLACEHOLDER);
  });

  it('fails when the tag asks for a weaker spec than the one pinned', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: '{"bytes":16,"encoding":"hex"}' }]);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 0, clock());
    expect(response).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/JWT_SECRET could not be checked: the bulwark:generate tag .* asks for hex:16, weaker than the pinned hex:64/) });
  });

  it('waits out a transient error (throttling) instead of failing at once', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    secrets.failNext('describeSecret');
    expect((await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock())).Status).toBe('SUCCESS');
    secrets.failNext('describeSecret');
    expect(await initialValuesResponse(event('Create', [NAME]), secrets, pins, 0, clock())).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining(`${NAME} could not be checked: injected failure in describeSecret`) });
  });

  it('checks only the secrets an update adds, and lets a delete through', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    // The model knows one secret: checking the other would fail.
    expect((await initialValuesResponse(event('Update', ['production/gone/OLD', NAME], ['production/gone/OLD']), secrets, pins, 0, clock())).Status).toBe('SUCCESS');
    expect((await initialValuesResponse(event('Create', ['production/gone/OLD', NAME]), secrets, pins, 0, clock())).Status).toBe('FAILED');
    expect((await initialValuesResponse(event('Delete', ['production/gone/OLD']), secrets, new Map(), 0, clock())).Status).toBe('SUCCESS');
  });
});

describe('the initial-values gate on a secret an older Bulwark rotated', () => {
  it('takes AWSPREVIOUS off the placeholder left there, and succeeds', async () => {
    const secrets = new SecretsManagerModel(NAME, PLACEHOLDER, [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }]);
    // What the rotation of earlier versions left: the new value AWSCURRENT, the placeholder AWSPREVIOUS.
    await secrets.putSecretValue(NAME, 'rotated', generateValue(hex64), ['AWSCURRENT']);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(PLACEHOLDER);
    const response = await initialValuesResponse(event('Create', [NAME]), secrets, pins, 10_000, clock());
    expect(response.Status).toBe('SUCCESS');
    expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
  });
});
