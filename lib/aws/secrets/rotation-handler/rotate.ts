import { effectiveSpec, type GenerationSpec } from './generation-spec';
import { holderOf, removeLabelIfAttached, ROTATED_LABEL } from './staging-labels';
import { generateValue, valueProblem } from './value-check';

/*
 * The four-step Secrets Manager rotation protocol for values Bulwark generates. Plain Node.js
 * with no dependencies: it is compiled to JavaScript and shipped as the Lambda asset as is.
 *
 * Guarantees, whatever order, repetition or interleaving the steps arrive in:
 * - a value becomes AWSCURRENT only through finishSecret, which reads the AWSPENDING version of
 *   its token and checks it exactly as testSecret does (no value, or one that does not fit the
 *   pinned spec: it throws and moves no label). A version's value cannot change once put
 *   (PutSecretValue refuses another value for the same version), so the value checked is the
 *   value promoted;
 * - the spec is the one pinned in the function's configuration; a tag asking for another is refused;
 * - a value this function did not promote (the placeholder CloudFormation creates, even when
 *   it happens to fit the spec), or that does not fit the spec, never stays AWSPREVIOUS:
 *   finishSecret takes the label off it. Each version finishSecret promotes gets the
 *   BULWARK_ROTATED label (on one version at a time), which the deploy-time gate also reads.
 */

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

/** The Secrets Manager calls rotation needs, so tests can run the protocol against a model. */
export interface SecretsPort {
  describeSecret(secretId: string): Promise<{
    Name?: string;
    RotationEnabled?: boolean;
    LastRotatedDate?: Date;
    VersionIdsToStages?: Record<string, string[]>;
    Tags?: { Key?: string; Value?: string }[];
  }>;
  /** Rejects with an error named ResourceNotFoundException when no such version exists. */
  getSecretValue(secretId: string, version: { VersionId?: string; VersionStage?: string }): Promise<{ SecretString?: string; VersionId?: string }>;
  putSecretValue(secretId: string, token: string, secretString: string, stages: string[]): Promise<void>;
  updateSecretVersionStage(secretId: string, stage: string, moveToVersionId: string | undefined, removeFromVersionId: string | undefined): Promise<void>;
}

/**
 * Runs one rotation step with the specs pinned for the function (by secret name). Every step may
 * be retried: a step that already happened does nothing more.
 */
export async function rotateSecret(event: RotationEvent, port: SecretsPort, pins: ReadonlyMap<string, GenerationSpec>): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = event;
  const description = await port.describeSecret(secretId);
  if (!description.RotationEnabled) throw new Error(`rotation is not enabled for ${secretId}`);
  const spec = effectiveSpec(description.Name ?? secretId, pins, description.Tags);
  const stages = description.VersionIdsToStages ?? {};
  if (!(token in stages)) throw new Error(`version ${token} of ${secretId} is not staged for rotation`);
  if (stages[token].includes('AWSCURRENT')) {
    // Already finished: a retried finishSecret (perhaps after a crash between its calls), or a replay.
    if (step === 'finishSecret') await settle(port, secretId, token, spec);
    return;
  }
  if (!stages[token].includes('AWSPENDING')) throw new Error(`version ${token} of ${secretId} is not AWSPENDING`);

  switch (step) {
    case 'createSecret': {
      await port.getSecretValue(secretId, { VersionStage: 'AWSCURRENT' }); // fails early if the secret has no current value
      if ((await pendingValue(port, secretId, token)) !== undefined) return;
      await port.putSecretValue(secretId, token, generateValue(spec), ['AWSPENDING']);
      return;
    }
    case 'setSecret':
      // A generated value lives only in Secrets Manager: there is no downstream system to update.
      return;
    case 'testSecret':
      await checkPending(port, secretId, token, spec);
      return;
    case 'finishSecret': {
      // The same check as testSecret, here too: finishSecret may come without a successful testSecret before it.
      await checkPending(port, secretId, token, spec);
      const current = holderOf(stages, 'AWSCURRENT');
      // Moving AWSCURRENT makes Secrets Manager label the old version AWSPREVIOUS: tokens signed
      // with it keep verifying until the next rotation.
      await port.updateSecretVersionStage(secretId, 'AWSCURRENT', token, current);
      await settle(port, secretId, token, spec);
      return;
    }
    default:
      throw new Error(`unknown rotation step ${String(step)}`);
  }
}

/** Refuses a pending version without a value, or whose value does not fit the spec. */
async function checkPending(port: SecretsPort, secretId: string, token: string, spec: GenerationSpec): Promise<void> {
  const value = await pendingValue(port, secretId, token);
  if (value === undefined) throw new Error(`version ${token} of ${secretId} has no pending value yet (createSecret has not run)`);
  const problem = valueProblem(value, spec);
  if (problem) throw new Error(`pending value of ${secretId} ${problem}`);
}

/**
 * After AWSCURRENT moved to the token: AWSPENDING off it; AWSPREVIOUS off the version it came
 * from unless that version was promoted by this function too (it held BULWARK_ROTATED) and its
 * value fits the spec, so that verifiers of older tokens never read the first placeholder or a
 * value made under a spec since strengthened; then BULWARK_ROTATED onto the token. Retried
 * after a crash, it judges AWSPREVIOUS again only by its value: once the token holds
 * BULWARK_ROTATED, the earlier run has judged its origin already.
 */
async function settle(port: SecretsPort, secretId: string, token: string, spec: GenerationSpec): Promise<void> {
  const stages = (await port.describeSecret(secretId)).VersionIdsToStages ?? {};
  if (stages[token]?.includes('AWSPENDING')) await removeLabelIfAttached(port, secretId, 'AWSPENDING', token);
  const previous = holderOf(stages, 'AWSPREVIOUS');
  const marked = holderOf(stages, ROTATED_LABEL);
  if (previous !== undefined && previous !== token) {
    const promotedByUs = marked === token || marked === previous;
    const value = await versionValue(port, secretId, { VersionId: previous, VersionStage: 'AWSPREVIOUS' });
    if (!promotedByUs || value === undefined || valueProblem(value, spec) !== undefined) await removeLabelIfAttached(port, secretId, 'AWSPREVIOUS', previous);
  }
  if (marked !== token) await port.updateSecretVersionStage(secretId, ROTATED_LABEL, token, marked);
}

async function pendingValue(port: SecretsPort, secretId: string, token: string): Promise<string | undefined> {
  return versionValue(port, secretId, { VersionId: token, VersionStage: 'AWSPENDING' });
}

async function versionValue(port: SecretsPort, secretId: string, version: { VersionId: string; VersionStage: string }): Promise<string | undefined> {
  try {
    return (await port.getSecretValue(secretId, version)).SecretString;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
