// What each rotation step does to the secret's versions and labels, in the cases the other rotation
// tests leave open (mutation testing, issue 28): the new value is only AWSPENDING until
// finishSecret, setSecret touches nothing, a replayed step other than finishSecret moves no label,
// and AWSPREVIOUS is kept only on a value this function promoted that still fits the pinned spec.
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { rotateSecret, type RotationStep } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue, valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const NAME = 'production/gateway/JWT_SECRET';
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const hex128: GenerationSpec = { bytes: 128, encoding: 'hex' };
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const PLACEHOLDER = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';

/** A secret the function rotated before (its AWSCURRENT holds BULWARK_ROTATED), or CloudFormation's placeholder. */
function secret(options: { value?: string; spec?: GenerationSpec; rotated?: boolean } = {}) {
  const spec = options.spec ?? hex64;
  return new SecretsManagerModel(
    NAME,
    options.value ?? generateValue(hex64),
    [{ Key: GENERATION_TAG, Value: JSON.stringify(spec) }],
    (options.rotated ?? true) ? ['AWSCURRENT', ROTATED_LABEL] : ['AWSCURRENT'],
  );
}

async function run(secrets: SecretsManagerModel, token: string, steps: RotationStep[] = STEPS, spec: GenerationSpec = hex64, secretId = NAME) {
  for (const Step of steps) await rotateSecret({ Step, SecretId: secretId, ClientRequestToken: token }, secrets, new Map([[NAME, spec]]));
}

const labels = (secrets: SecretsManagerModel) => Object.fromEntries([...secrets.versions].map(([id, v]) => [id, [...v.stages].sort()]));

describe('createSecret', () => {
  it('labels the new value AWSPENDING only: AWSCURRENT stays on the old value until finishSecret', async () => {
    const secrets = secret();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    await run(secrets, 't1', ['createSecret']);
    expect(labels(secrets)).toEqual({ v0: ['AWSCURRENT', ROTATED_LABEL], t1: ['AWSPENDING'] });
    expect(secrets.valueAt('AWSCURRENT')).toBe(old);
    expect(valueProblem(secrets.valueAt('AWSPENDING') ?? '', hex64)).toBeUndefined();
  });
});

describe('setSecret', () => {
  it('reads and moves nothing: a weak pending value is left for testSecret and finishSecret to refuse', async () => {
    const secrets = secret();
    secrets.startRotation('t1');
    await secrets.putSecretValue(NAME, 't1', 'ab', ['AWSPENDING']);
    const before = labels(secrets);
    secrets.failNext('getSecretValue');
    await run(secrets, 't1', ['setSecret']);
    expect(labels(secrets)).toEqual(before);
    secrets.clearFailures();
    await expect(run(secrets, 't1', ['testSecret'])).rejects.toThrow('holds 1 bytes, not 64');
  });

  it('succeeds before createSecret has put a value', async () => {
    const secrets = secret();
    secrets.startRotation('t1');
    await expect(run(secrets, 't1', ['setSecret'])).resolves.toBeUndefined();
    expect(secrets.versions.get('t1')?.value).toBeUndefined();
  });
});

describe('a step replayed on a version already AWSCURRENT', () => {
  it('moves no label unless it is finishSecret, which then settles the labels', async () => {
    const secrets = secret({ value: PLACEHOLDER, rotated: false });
    secrets.startRotation('t1');
    await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
    // AWSCURRENT moved, then finishSecret died before it settled AWSPENDING, AWSPREVIOUS and BULWARK_ROTATED.
    secrets.failNext('updateSecretVersionStage', 'after');
    await expect(run(secrets, 't1', ['finishSecret'])).rejects.toThrow(/lost response/);
    const crashed = labels(secrets);
    expect(crashed).toEqual({ v0: ['AWSPREVIOUS'], t1: ['AWSCURRENT', 'AWSPENDING'] });

    await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
    expect(labels(secrets)).toEqual(crashed);

    await run(secrets, 't1', ['finishSecret']);
    expect(labels(secrets)).toEqual({ v0: [], t1: ['AWSCURRENT', ROTATED_LABEL] });
  });
});

describe('AWSPREVIOUS after finishSecret', () => {
  it('stays on the value an earlier rotation by this function promoted, which then loses BULWARK_ROTATED', async () => {
    const secrets = secret();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    await run(secrets, 't1');
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(old);
    expect(labels(secrets)).toEqual({ v0: ['AWSPREVIOUS'], t1: ['AWSCURRENT', 'BULWARK_ROTATED'] });
  });

  it('is taken off a value this function promoted that no longer fits a strengthened pinned spec', async () => {
    const secrets = secret({ spec: hex128 });
    secrets.startRotation('t1');
    await run(secrets, 't1', STEPS, hex128);
    expect(secrets.valueAt('AWSCURRENT')).toMatch(/^[0-9a-f]{256}$/);
    expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
    expect(labels(secrets)).toEqual({ v0: [], t1: ['AWSCURRENT', ROTATED_LABEL] });
  });

  it('is taken off a version this function promoted that has no text value to check', async () => {
    const secrets = secret();
    secrets.startRotation('t1');
    await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
    const v0 = secrets.versions.get('v0');
    if (v0) v0.value = undefined; // a version holding a binary value: GetSecretValue gives no SecretString
    await run(secrets, 't1', ['finishSecret']);
    expect(labels(secrets)).toEqual({ v0: [], t1: ['AWSCURRENT', ROTATED_LABEL] });
  });
});

describe('the pinned spec', () => {
  it('is found by the secret name when the event names the secret by its ARN', async () => {
    const arn = `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${NAME}-AbCdEf`;
    const secrets = new SecretsManagerModel(arn, generateValue(hex64), [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }], ['AWSCURRENT', ROTATED_LABEL]);
    const describe = secrets.describeSecret.bind(secrets);
    secrets.describeSecret = async (secretId: string) => ({ ...(await describe(secretId)), Name: NAME });
    secrets.startRotation('t1');
    await run(secrets, 't1', STEPS, hex64, arn);
    expect(secrets.valueAt('AWSCURRENT')).toMatch(/^[0-9a-f]{128}$/);
  });
});
