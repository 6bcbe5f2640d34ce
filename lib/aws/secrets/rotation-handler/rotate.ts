import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';

/*
 * The four-step Secrets Manager rotation protocol for values Bulwark generates. Plain Node.js
 * with no dependencies: it is compiled to JavaScript and shipped as the Lambda asset as is.
 */

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

/** How a value is generated; stored on the secret as the `bulwark:generate` tag (JSON). */
export interface GenerationSpec {
  readonly bytes: number;
  readonly encoding: 'hex' | 'base64';
  readonly keyPair?: 'rsa-2048' | 'rsa-4096';
}

export const GENERATION_TAG = 'bulwark:generate';

/** The Secrets Manager calls rotation needs, so tests can run the protocol against a model. */
export interface SecretsPort {
  describeSecret(secretId: string): Promise<{ RotationEnabled?: boolean; VersionIdsToStages?: Record<string, string[]>; Tags?: { Key?: string; Value?: string }[] }>;
  /** Rejects with an error named ResourceNotFoundException when no such version exists. */
  getSecretValue(secretId: string, version: { VersionId?: string; VersionStage?: string }): Promise<{ SecretString?: string; VersionId?: string }>;
  putSecretValue(secretId: string, token: string, secretString: string, stages: string[]): Promise<void>;
  updateSecretVersionStage(secretId: string, stage: string, moveToVersionId: string | undefined, removeFromVersionId: string | undefined): Promise<void>;
}

/** Runs one rotation step. Every step may be retried: a step that already happened does nothing. */
export async function rotateSecret(event: RotationEvent, port: SecretsPort): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = event;
  const description = await port.describeSecret(secretId);
  if (!description.RotationEnabled) throw new Error(`rotation is not enabled for ${secretId}`);
  const stages = description.VersionIdsToStages ?? {};
  if (!(token in stages)) throw new Error(`version ${token} of ${secretId} is not staged for rotation`);
  if (stages[token].includes('AWSCURRENT')) return; // already finished: a retried finishSecret, or a replay
  if (!stages[token].includes('AWSPENDING')) throw new Error(`version ${token} of ${secretId} is not AWSPENDING`);
  const spec = generationSpec(description.Tags);

  switch (step) {
    case 'createSecret': {
      await port.getSecretValue(secretId, { VersionStage: 'AWSCURRENT' }); // fails early if the secret has no current value
      if (await versionExists(port, secretId, token)) return;
      await port.putSecretValue(secretId, token, generateValue(spec), ['AWSPENDING']);
      return;
    }
    case 'setSecret':
      // A generated value lives only in Secrets Manager: there is no downstream system to update.
      return;
    case 'testSecret': {
      const pending = await port.getSecretValue(secretId, { VersionId: token, VersionStage: 'AWSPENDING' });
      const problem = valueProblem(pending.SecretString ?? '', spec);
      if (problem) throw new Error(`pending value of ${secretId} ${problem}`);
      return;
    }
    case 'finishSecret': {
      const current = Object.entries(stages).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
      // Moving AWSCURRENT makes Secrets Manager label the old version AWSPREVIOUS: tokens signed
      // with it keep verifying until the next rotation.
      await port.updateSecretVersionStage(secretId, 'AWSCURRENT', token, current);
      await port.updateSecretVersionStage(secretId, 'AWSPENDING', undefined, token);
      return;
    }
    default:
      throw new Error(`unknown rotation step ${String(step)}`);
  }
}

/** A new value: random bytes in the configured encoding, or an RSA key pair as JSON (PEM). */
export function generateValue(spec: GenerationSpec): string {
  if (spec.keyPair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: spec.keyPair === 'rsa-4096' ? 4096 : 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return JSON.stringify({ privateKey, publicKey });
  }
  return randomBytes(spec.bytes).toString(spec.encoding);
}

/** Why a value does not fit its spec, or undefined when it does. */
export function valueProblem(value: string, spec: GenerationSpec): string | undefined {
  if (spec.keyPair) {
    try {
      const { privateKey, publicKey } = JSON.parse(value) as { privateKey: string; publicKey: string };
      const probe = Buffer.from('bulwark');
      const signature = sign('sha256', probe, createPrivateKey(privateKey));
      return verify('sha256', probe, createPublicKey(publicKey), signature) ? undefined : 'holds a private and public key that do not match';
    } catch {
      return 'is not a JSON RSA key pair';
    }
  }
  const decoded = Buffer.from(value, spec.encoding);
  if (decoded.toString(spec.encoding) !== value) return `is not ${spec.encoding}`;
  return decoded.length === spec.bytes ? undefined : `holds ${decoded.length} bytes, not ${spec.bytes}`;
}

/** Reads the spec from the secret's tag and refuses a weakened one (tags can be edited by anyone allowed to tag). */
export function generationSpec(tags: { Key?: string; Value?: string }[] | undefined): GenerationSpec {
  const tag = tags?.find((t) => t.Key === GENERATION_TAG)?.Value;
  if (tag === undefined) throw new Error(`the secret has no ${GENERATION_TAG} tag, so Bulwark does not know how to generate its value`);
  const spec = JSON.parse(tag) as Partial<GenerationSpec>;
  const valid = Number.isInteger(spec.bytes) && (spec.bytes as number) >= MIN_BYTES && (spec.bytes as number) <= 4_096 &&
    (spec.encoding === 'hex' || spec.encoding === 'base64') &&
    (spec.keyPair === undefined || spec.keyPair === 'rsa-2048' || spec.keyPair === 'rsa-4096');
  if (!valid) throw new Error(`the ${GENERATION_TAG} tag ${tag} is not a generation spec Bulwark accepts (at least ${MIN_BYTES} bytes, hex or base64, rsa-2048 or rsa-4096)`);
  return spec as GenerationSpec;
}

/** The profile schema's minimum: a tag asking for less was not written by Bulwark. */
const MIN_BYTES = 16;

async function versionExists(port: SecretsPort, secretId: string, token: string): Promise<boolean> {
  try {
    await port.getSecretValue(secretId, { VersionId: token, VersionStage: 'AWSPENDING' });
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
