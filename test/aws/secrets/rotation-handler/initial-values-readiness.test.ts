// The gate's readiness decision for one secret, case by case: what keeps a deployment waiting
// (and then failing) and what lets it through (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { awaitInitialValues, initialValuesResponse, type CustomResourceEvent } from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const NAME = 'production/gateway/JWT_SECRET';
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const pins = new Map([[NAME, hex64]]);
const tags = () => [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }];

/** A clock that never sleeps past the deadline: one pass over the secrets, then the answer. */
const oneCheck = () => {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
};

const waitingFor = (secrets: SecretsManagerModel, secretIds = [NAME]) => awaitInitialValues(secretIds, secrets, pins, 1, oneCheck());

describe('a secret is not ready', () => {
  it('with no AWSCURRENT version', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), [ROTATED_LABEL]);
    expect(await waitingFor(secrets)).toEqual([`${NAME} has no AWSCURRENT version`]);
  });

  it('while another version is AWSPENDING', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ['AWSCURRENT', ROTATED_LABEL]);
    secrets.startRotation('t1');
    expect(await waitingFor(secrets)).toEqual([`${NAME} is still rotating (a version is AWSPENDING)`]);
  });

  it('when the rotated AWSCURRENT no longer fits the pinned spec', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue({ bytes: 32, encoding: 'hex' }), tags(), ['AWSCURRENT', ROTATED_LABEL]);
    expect(await waitingFor(secrets)).toEqual([`${NAME} AWSCURRENT holds 32 bytes, not 64`]);
  });
});

describe('a secret is ready', () => {
  it('when AWSPENDING is on the current version itself (a rotation that finished)', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ['AWSCURRENT', 'AWSPENDING', ROTATED_LABEL]);
    expect(await waitingFor(secrets)).toEqual([]);
  });

  it('keeping an AWSPREVIOUS that fits the spec', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ['AWSPREVIOUS']);
    await secrets.putSecretValue(NAME, 'v1', generateValue(hex64), ['AWSCURRENT']);
    await secrets.updateSecretVersionStage(NAME, ROTATED_LABEL, 'v1', undefined);
    const previous = secrets.valueAt('AWSPREVIOUS');
    expect(await waitingFor(secrets)).toEqual([]);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(previous);
  });

  it('when the event names it by ARN and its pin is by name', async () => {
    const arn = `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${NAME}-AbCdEf`;
    const secrets = new SecretsManagerModel(arn, generateValue(hex64), tags(), ['AWSCURRENT', ROTATED_LABEL]);
    const describe = secrets.describeSecret.bind(secrets);
    secrets.describeSecret = async (secretId: string) => ({ ...(await describe(secretId)), Name: NAME });
    expect(await waitingFor(secrets, [arn])).toEqual([]);
  });
});

describe("the gate's answer", () => {
  const event: CustomResourceEvent = {
    RequestType: 'Create',
    ResponseURL: 'https://bucket.s3.amazonaws.com/x',
    StackId: 'stack',
    RequestId: 'request',
    LogicalResourceId: 'Gate',
    ResourceProperties: { SecretIds: Array.from({ length: 200 }, (_, i) => `${NAME}-${i}`) },
  };

  it('keeps its reason within 3,000 characters when many secrets wait', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ['AWSCURRENT', ROTATED_LABEL]);
    const answer = await initialValuesResponse(event, secrets, pins, 1, oneCheck());
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toHaveLength(3_000);
    expect(answer.Reason).toMatch(/^no value made by a rotation that fits the spec yet/);
  });

  it('counts the secrets it checked when it succeeds', async () => {
    const secrets = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ['AWSCURRENT', ROTATED_LABEL]);
    const answer = await initialValuesResponse({ ...event, ResourceProperties: { SecretIds: [NAME] } }, secrets, pins, 1, oneCheck());
    expect(answer).toMatchObject({ Status: 'SUCCESS', Reason: '1 secrets hold values a rotation by this function made, which fit their specs' });
  });
});
