import { createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, generateValue, rotateSecret, valueProblem, type GenerationSpec, type RotationStep } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { SecretsManagerModel } from './secrets-manager-model';

const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };

function model(spec: GenerationSpec = hex64, initial = generateValue(spec)) {
  return new SecretsManagerModel('production/gateway/JWT_SECRET', initial, [{ Key: GENERATION_TAG, Value: JSON.stringify(spec) }]);
}

async function run(secrets: SecretsManagerModel, token: string, steps: RotationStep[] = STEPS) {
  for (const Step of steps) await rotateSecret({ Step, SecretId: secrets.secretId, ClientRequestToken: token }, secrets);
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

  it('refuses a generation tag weakened after deployment', async () => {
    const secrets = new SecretsManagerModel('production/gateway/JWT_SECRET', generateValue(hex64), [{ Key: GENERATION_TAG, Value: '{"bytes":1,"encoding":"hex"}' }]);
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

describe('generateValue and valueProblem', () => {
  it.each([
    [{ bytes: 64, encoding: 'hex' } as const, /^[0-9a-f]{128}$/],
    [{ bytes: 32, encoding: 'base64' } as const, /^[A-Za-z0-9+/]{43}=$/],
  ])('generates %j', (spec, shape) => {
    const value = generateValue(spec);
    expect(value).toMatch(shape);
    expect(valueProblem(value, spec)).toBeUndefined();
    expect(generateValue(spec)).not.toBe(value);
  });

  it('names what is wrong with a value', () => {
    expect(valueProblem('abcd', hex64)).toBe('holds 2 bytes, not 64');
    expect(valueProblem('{}', { ...hex64, keyPair: 'rsa-2048' })).toBe('is not a JSON RSA key pair');
  });
});
