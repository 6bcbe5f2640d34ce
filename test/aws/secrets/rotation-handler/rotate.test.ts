import { createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { rotateSecret, type RotationStep } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue, valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };

/** The spec pinned in the function's configuration for each model: the one it was created with. */
const pinned = new WeakMap<SecretsManagerModel, GenerationSpec>();

/** A secret whose AWSCURRENT an earlier rotation by the function made; or, given an initial value, CloudFormation's. */
function model(spec: GenerationSpec = hex64, initial?: string) {
  const stages = initial === undefined ? ['AWSCURRENT', ROTATED_LABEL] : ['AWSCURRENT'];
  const secrets = new SecretsManagerModel(
    'production/gateway/JWT_SECRET',
    initial ?? generateValue(spec),
    [{ Key: GENERATION_TAG, Value: JSON.stringify(spec) }],
    stages,
  );
  pinned.set(secrets, spec);
  return secrets;
}

const pinsOf = (secrets: SecretsManagerModel) => new Map([[secrets.secretId, pinned.get(secrets) ?? hex64]]);

async function run(secrets: SecretsManagerModel, token: string, steps: RotationStep[] = STEPS) {
  for (const Step of steps) await rotateSecret({ Step, SecretId: secrets.secretId, ClientRequestToken: token }, secrets, pinsOf(secrets));
}

describe('rotateSecret', () => {
  it('rotates fully: a new current value of the configured size, the old one previous', async () => {
    const secrets = model();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    await run(secrets, 't1');
    const current = secrets.valueAt('AWSCURRENT') ?? '';
    expect(current).toMatch(/^[0-9a-f]{128}$/);
    expect(current).not.toBe(old);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(old);
    expect(secrets.valueAt('AWSPENDING')).toBeUndefined();
  });

  it.each([
    ['createSecret', 'putSecretValue'],
    ['createSecret', 'getSecretValue'],
    ['setSecret', 'describeSecret'],
    ['testSecret', 'getSecretValue'],
    ['finishSecret', 'updateSecretVersionStage'],
  ] as const)('recovers when %s fails in %s and is retried', async (failingStep, method) => {
    const secrets = model();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    for (const step of STEPS) {
      if (step === failingStep) {
        secrets.failNext(method);
        await expect(run(secrets, 't1', [step])).rejects.toThrow(/injected failure/);
      }
      await run(secrets, 't1', [step]);
    }
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(old);
    expect(valueProblem(secrets.valueAt('AWSCURRENT') ?? '', hex64)).toBeUndefined();
  });

  it('replays a finished step without changing anything', async () => {
    const secrets = model();
    secrets.startRotation('t1');
    await run(secrets, 't1', ['createSecret']);
    const pending = secrets.valueAt('AWSPENDING');
    await run(secrets, 't1', ['createSecret']);
    expect(secrets.valueAt('AWSPENDING')).toBe(pending);
    await run(secrets, 't1', ['setSecret', 'testSecret', 'finishSecret']);
    const current = secrets.valueAt('AWSCURRENT');
    await run(secrets, 't1', ['finishSecret']);
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
  });

  it('finishes a pending rotation on retry before a second one can start', async () => {
    const secrets = model();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('first');
    secrets.failNext('getSecretValue');
    await expect(run(secrets, 'first')).rejects.toThrow(/injected failure/);
    expect(() => secrets.startRotation('second')).toThrow(/a previous rotation \(first\) isn't complete/);
    secrets.startRotation('first'); // Secrets Manager retries with the same token
    await run(secrets, 'first');
    const first = secrets.valueAt('AWSCURRENT');
    expect(first).not.toBe(old);
    secrets.startRotation('second');
    await run(secrets, 'second');
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(first);
    expect(secrets.valueAt('AWSCURRENT')).not.toBe(first);
  });

  it.each(['putSecretValue', 'updateSecretVersionStage'] as const)('recovers when the response of %s is lost after it took effect', async (method) => {
    const secrets = model();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    secrets.failNext(method, 'after');
    await expect(run(secrets, 't1')).rejects.toThrow(/lost response/);
    await run(secrets, 't1');
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(old);
    expect(valueProblem(secrets.valueAt('AWSCURRENT') ?? '', hex64)).toBeUndefined();
  });

  it('keeps HMAC tokens signed before a rotation verifiable through AWSPREVIOUS (HS256)', async () => {
    const secrets = model();
    const hmac = (key: string) => createHmac('sha256', Buffer.from(key, 'hex')).update('header.payload').digest('base64url');
    const signature = hmac(secrets.valueAt('AWSCURRENT') ?? '');
    secrets.startRotation('t1');
    await run(secrets, 't1');
    expect(hmac(secrets.valueAt('AWSPREVIOUS') ?? '')).toBe(signature);
    expect(hmac(secrets.valueAt('AWSCURRENT') ?? '')).not.toBe(signature);
  });

  it('refuses a generation tag below the schema floor', async () => {
    const secrets = model();
    secrets.tags[0].Value = '{"bytes":1,"encoding":"hex"}';
    secrets.startRotation('t1');
    await expect(run(secrets, 't1', ['createSecret'])).rejects.toThrow(/is not a generation spec Bulwark accepts/);
  });

  it('keeps tokens signed before a rotation verifiable through AWSPREVIOUS (RS256 key pairs)', async () => {
    const spec: GenerationSpec = { bytes: 64, encoding: 'hex', keyPair: 'rsa-2048' };
    const secrets = model(spec);
    const before = JSON.parse(secrets.valueAt('AWSCURRENT') ?? '') as { privateKey: string };
    const token = Buffer.from('header.payload');
    const signature = sign('sha256', token, createPrivateKey(before.privateKey));
    secrets.startRotation('t1');
    await run(secrets, 't1');
    const publicKeyOf = (stage: string) => createPublicKey((JSON.parse(secrets.valueAt(stage) ?? '') as { publicKey: string }).publicKey);
    expect(verify('sha256', token, publicKeyOf('AWSPREVIOUS'), signature)).toBe(true);
    expect(verify('sha256', token, publicKeyOf('AWSCURRENT'), signature)).toBe(false);
  });

  it('refuses a pending value that does not fit the spec', async () => {
    const secrets = model();
    secrets.startRotation('t1');
    await secrets.putSecretValue(secrets.secretId, 't1', 'too-short', ['AWSPENDING']);
    await expect(run(secrets, 't1', ['testSecret'])).rejects.toThrow(/pending value of production\/gateway\/JWT_SECRET is not hex/);
  });

  it('refuses to run when rotation is off or the version is unknown', async () => {
    const secrets = model();
    await expect(run(secrets, 'nope', ['createSecret'])).rejects.toThrow(/is not staged for rotation/);
    secrets.rotationEnabled = false;
    await expect(run(secrets, 'nope', ['createSecret'])).rejects.toThrow(/rotation is not enabled/);
  });
});

describe('rotateSecret never promotes an untested or weaker value', () => {
  const labels = (secrets: SecretsManagerModel) => Object.fromEntries([...secrets.versions].map(([id, v]) => [id, [...v.stages].sort()]));

  it('refuses finishSecret after a failed testSecret (an operator retrying the last step), moving no label', async () => {
    const secrets = model();
    const old = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    await secrets.putSecretValue(secrets.secretId, 't1', 'ab'.repeat(16), ['AWSPENDING']);
    await expect(run(secrets, 't1', ['testSecret'])).rejects.toThrow(/holds 16 bytes, not 64/);
    const before = labels(secrets);
    await expect(run(secrets, 't1', ['finishSecret'])).rejects.toThrow('pending value of production/gateway/JWT_SECRET holds 16 bytes, not 64');
    expect(labels(secrets)).toEqual(before);
    expect(secrets.valueAt('AWSCURRENT')).toBe(old);
  });

  it('refuses finishSecret on a pending version with no value yet (called before createSecret), moving no label', async () => {
    const secrets = model();
    secrets.startRotation('t1');
    const before = labels(secrets);
    await expect(run(secrets, 't1', ['finishSecret'])).rejects.toThrow(
      'version t1 of production/gateway/JWT_SECRET has no pending value yet (createSecret has not run)',
    );
    await expect(run(secrets, 't1', ['testSecret'])).rejects.toThrow(/has no pending value yet/);
    expect(labels(secrets)).toEqual(before);
  });

  it.each([
    ['64 to 16 bytes', { bytes: 16, encoding: 'hex' }],
    ['hex to base64', { bytes: 64, encoding: 'base64' }],
    ['random bytes to a key pair', { bytes: 64, encoding: 'hex', keyPair: 'rsa-2048' }],
  ])('refuses every step when the tag was edited from %s, generating nothing', async (_, edited) => {
    const secrets = model();
    secrets.tags[0].Value = JSON.stringify(edited);
    secrets.startRotation('t1');
    for (const step of STEPS)
      await expect(run(secrets, 't1', [step])).rejects.toThrow(/the bulwark:generate tag of production\/gateway\/JWT_SECRET asks for .* the pinned hex:64/);
    expect(secrets.versions.get('t1')?.value).toBeUndefined();
  });

  it('refuses a secret the function has no pinned spec for', async () => {
    const secrets = model();
    secrets.startRotation('t1');
    await expect(rotateSecret({ Step: 'createSecret', SecretId: secrets.secretId, ClientRequestToken: 't1' }, secrets, new Map())).rejects.toThrow(
      /no generation spec is pinned for production\/gateway\/JWT_SECRET/,
    );
  });

  it('takes AWSPREVIOUS off the placeholder CloudFormation created, also when finishSecret crashed between its calls', async () => {
    const placeholder = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';
    for (const crash of [false, true]) {
      const secrets = model(hex64, placeholder);
      secrets.startRotation('t1');
      await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
      if (crash) {
        // AWSCURRENT moved, then the function died before it took AWSPENDING and AWSPREVIOUS off.
        secrets.failNext('updateSecretVersionStage', 'after');
        await expect(run(secrets, 't1', ['finishSecret'])).rejects.toThrow(/lost response/);
        expect(secrets.valueAt('AWSPREVIOUS')).toBe(placeholder);
      }
      await run(secrets, 't1', ['finishSecret']);
      expect(valueProblem(secrets.valueAt('AWSCURRENT') ?? '', hex64)).toBeUndefined();
      expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
      expect(secrets.valueAt('AWSPENDING')).toBeUndefined();
    }
  });

  it("takes AWSPREVIOUS off CloudFormation's placeholder even when it happens to fit the spec (64 letters and digits are 48 bytes of base64)", async () => {
    const base64of48: GenerationSpec = { bytes: 48, encoding: 'base64' };
    const placeholder = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';
    expect(valueProblem(placeholder, base64of48)).toBeUndefined();
    for (const crash of [false, true]) {
      const secrets = model(base64of48, placeholder);
      secrets.startRotation('t1');
      await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
      if (crash) {
        secrets.failNext('updateSecretVersionStage', 'after');
        await expect(run(secrets, 't1', ['finishSecret'])).rejects.toThrow(/lost response/);
      }
      await run(secrets, 't1', ['finishSecret']);
      expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
      expect(secrets.versions.get('t1')?.stages.has(ROTATED_LABEL)).toBe(true);
      // The next rotation keeps the value this one promoted as AWSPREVIOUS.
      const promoted = secrets.valueAt('AWSCURRENT');
      secrets.startRotation('t2');
      await run(secrets, 't2');
      expect(secrets.valueAt('AWSPREVIOUS')).toBe(promoted);
      expect(secrets.versions.get('t1')?.stages.has(ROTATED_LABEL)).toBe(false);
    }
  });

  it('finishes when the gate took AWSPREVIOUS off meanwhile (the label is already gone)', async () => {
    const placeholder = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';
    const secrets = model(hex64, placeholder);
    secrets.startRotation('t1');
    await run(secrets, 't1', ['createSecret', 'setSecret', 'testSecret']);
    // The gate reads the labels after AWSCURRENT moved and takes AWSPREVIOUS off the placeholder
    // between finishSecret's read of the labels and its own removal.
    const describe = secrets.describeSecret.bind(secrets);
    let reads = 0;
    secrets.describeSecret = async (secretId: string) => {
      const answer = await describe(secretId);
      reads += 1;
      if (reads === 2) await secrets.updateSecretVersionStage(secretId, 'AWSPREVIOUS', undefined, 'v0');
      return answer;
    };
    await run(secrets, 't1', ['finishSecret']);
    expect(secrets.valueAt('AWSPREVIOUS')).toBeUndefined();
    expect(valueProblem(secrets.valueAt('AWSCURRENT') ?? '', hex64)).toBeUndefined();
  });
});
