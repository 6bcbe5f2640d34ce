// The rotation protocol's guards, each shown by what it protects: a step called on a version that
// is not being rotated moves no label (mutation testing, issue 28).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, modulusBits, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { rotateSecret, type RotationStep } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue, valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

function rotatedSecret() {
  const secrets = new SecretsManagerModel(
    'production/gateway/JWT_SECRET',
    generateValue(hex64),
    [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }],
    ['AWSCURRENT', ROTATED_LABEL],
  );
  const step = (Step: RotationStep, token: string) =>
    rotateSecret({ Step, SecretId: secrets.secretId, ClientRequestToken: token }, secrets, new Map([[secrets.secretId, hex64]]));
  return { secrets, step };
}

describe('a rotation step on a version that is not AWSPENDING', () => {
  it('finishSecret on the AWSPREVIOUS version is refused and does not roll the secret back', async () => {
    const { secrets, step } = rotatedSecret();
    secrets.startRotation('t1');
    for (const name of STEPS) await step(name, 't1');
    const current = secrets.valueAt('AWSCURRENT');
    const previous = secrets.valueAt('AWSPREVIOUS');
    expect(previous).toBeDefined();

    await expect(step('finishSecret', 'v0')).rejects.toThrow('version v0 of production/gateway/JWT_SECRET is not AWSPENDING');
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(previous);
  });

  it.each(STEPS)('%s on a version that is not staged at all is refused', async (name) => {
    const { secrets, step } = rotatedSecret();
    const current = secrets.valueAt('AWSCURRENT');
    await expect(step(name, 'unknown')).rejects.toThrow('version unknown of production/gateway/JWT_SECRET is not staged for rotation');
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
  });

  it('refuses every step while rotation is off for the secret', async () => {
    const { secrets, step } = rotatedSecret();
    secrets.startRotation('t1');
    secrets.rotationEnabled = false;
    await expect(step('createSecret', 't1')).rejects.toThrow('rotation is not enabled for production/gateway/JWT_SECRET');
    expect(secrets.valueAt('AWSPENDING')).toBeUndefined();
  });

  it('refuses a step it does not know', async () => {
    const { secrets, step } = rotatedSecret();
    secrets.startRotation('t1');
    await expect(step('deleteSecret' as RotationStep, 't1')).rejects.toThrow('unknown rotation step deleteSecret');
  });
});

describe('finishSecret without a checked pending value', () => {
  it('refuses to promote a version with no value, and one whose value does not fit the spec', async () => {
    const { secrets, step } = rotatedSecret();
    const current = secrets.valueAt('AWSCURRENT');
    secrets.startRotation('t1');
    await expect(step('finishSecret', 't1')).rejects.toThrow(/has no pending value yet/);
    await secrets.putSecretValue(secrets.secretId, 't1', 'ab', ['AWSPENDING']);
    await expect(step('testSecret', 't1')).rejects.toThrow('pending value of production/gateway/JWT_SECRET holds 1 bytes, not 64');
    await expect(step('finishSecret', 't1')).rejects.toThrow('pending value of production/gateway/JWT_SECRET holds 1 bytes, not 64');
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
  });
});

describe('RSA key pairs', () => {
  it('makes rsa-4096 keys of 4096 bits and refuses a 2048-bit key for that spec', () => {
    const spec: GenerationSpec = { bytes: 64, encoding: 'hex', keyPair: 'rsa-4096' };
    expect(modulusBits('rsa-4096')).toBe(4_096);
    expect(modulusBits('rsa-2048')).toBe(2_048);
    const value = generateValue(spec);
    const { privateKey, publicKey } = JSON.parse(value) as { privateKey: string; publicKey: string };
    expect(createPrivateKey(privateKey).asymmetricKeyDetails?.modulusLength).toBe(4_096);
    expect(createPublicKey(publicKey).asymmetricKeyDetails?.modulusLength).toBe(4_096);
    expect(valueProblem(value, spec)).toBeUndefined();
    expect(valueProblem(generateValue({ ...spec, keyPair: 'rsa-2048' }), spec)).toBe('holds an RSA-2048 private key, not RSA-4096');
  });
});
