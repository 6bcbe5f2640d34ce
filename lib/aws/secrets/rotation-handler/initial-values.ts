import { effectiveSpec, type GenerationSpec } from './generation-spec';
import type { SecretsPort } from './rotate';
import { holderOf, removeLabelIfAttached, ROTATED_LABEL } from './staging-labels';
import { valueProblem } from './value-check';

/*
 * The deploy-time gate: a CloudFormation custom resource, served by the rotation function, that
 * succeeds only once every secret it names holds an AWSCURRENT value that a rotation by this
 * function made and that fits its pinned spec (the first rotation, which the rotation schedule
 * starts when it is created, has finished) and no AWSPREVIOUS that does not fit. Resources that read the secrets depend on it. Plain Node.js,
 * shipped in the asset as is.
 */

/** What CloudFormation sends a custom resource. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly SecretIds?: readonly string[] };
  /** On Update: the properties before it. */
  readonly OldResourceProperties?: { readonly SecretIds?: readonly string[] };
}

/** What the custom resource answers CloudFormation (no secret value, ever). */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

export interface GateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The gate's physical ID: one per custom resource, stable across updates. */
export const GATE_PHYSICAL_ID = 'bulwark-initial-values';

/** Thrown when the gate's time is up before a call: the gate then answers FAILED. */
export class GateDeadlineError extends Error {
  constructor() {
    super('the gate ran out of time');
    this.name = 'GateDeadlineError';
  }
}

/** Answers one custom resource event: Delete always succeeds; Create and Update wait for every secret until `deadline`. */
/** The fields that tie a response to its request: the same in every answer to one event. */
export function responseIdentity(
  event: CustomResourceEvent,
): Pick<CustomResourceResponse, 'PhysicalResourceId' | 'StackId' | 'RequestId' | 'LogicalResourceId'> {
  return {
    PhysicalResourceId: event.PhysicalResourceId ?? GATE_PHYSICAL_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
}

export async function initialValuesResponse(
  event: CustomResourceEvent,
  port: SecretsPort,
  pins: ReadonlyMap<string, GenerationSpec>,
  deadline: number,
  clock: GateClock,
): Promise<CustomResourceResponse> {
  const base = responseIdentity(event);
  if (event.RequestType === 'Delete') return { ...base, Status: 'SUCCESS', Reason: 'nothing to undo' };
  // Every secret, on Update too: a secret whose rotation has since failed, or was never proven, is caught.
  const secretIds = event.ResourceProperties.SecretIds ?? [];
  try {
    const waiting = await awaitInitialValues(secretIds, port, pins, deadline, clock);
    if (waiting.length === 0)
      return { ...base, Status: 'SUCCESS', Reason: `${secretIds.length} secrets hold values a rotation by this function made, which fit their specs` };
    return {
      ...base,
      Status: 'FAILED',
      Reason: `no value made by a rotation that fits the spec yet (did the first rotation fail? see the rotation function's logs): ${waiting.join('; ')}`.slice(
        0,
        3_000,
      ),
    };
  } catch (error) {
    return { ...base, Status: 'FAILED', Reason: `${(error as Error).message}`.slice(0, 3_000) };
  }
}

/**
 * Polls until every secret is ready or the deadline passes; returns what is still wrong, by
 * secret. The deadline is checked before every secret and every call: a secret not reached in
 * time is reported as such, never as ready.
 */
export async function awaitInitialValues(
  secretIds: readonly string[],
  port: SecretsPort,
  pins: ReadonlyMap<string, GenerationSpec>,
  deadline: number,
  clock: GateClock,
): Promise<string[]> {
  const timed = withDeadline(port, deadline, clock);
  const outOfTime = 'was not checked: the gate ran out of time';
  // What was last found wrong with each secret, reported for a secret the last pass did not reach.
  const last = new Map<string, string>();
  let waiting = [...secretIds];
  for (;;) {
    // One secret at a time, so that a hundred secrets stay within Secrets Manager's request
    // quotas; an error (throttling, a refused tag) counts as not ready yet, and is reported if it lasts.
    const still: string[] = [];
    for (const [index, secretId] of waiting.entries()) {
      if (clock.now() >= deadline) {
        still.push(...waiting.slice(index));
        break;
      }
      const problem = await readinessProblem(secretId, timed, pins).catch((error: Error) =>
        error instanceof GateDeadlineError ? (last.get(secretId) ?? outOfTime) : `could not be checked: ${error.message}`,
      );
      if (problem !== undefined) {
        last.set(secretId, problem);
        still.push(secretId);
      }
    }
    waiting = still;
    if (waiting.length > 0 && clock.now() < deadline) await clock.sleep(Math.min(3_000, Math.max(0, deadline - clock.now())));
    if (waiting.length === 0 || clock.now() >= deadline) return waiting.map((secretId) => `${secretId} ${last.get(secretId) ?? outOfTime}`);
  }
}

/** The port, refusing every call once the deadline has passed. */
function withDeadline(port: SecretsPort, deadline: number, clock: GateClock): SecretsPort {
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (clock.now() >= deadline) throw new GateDeadlineError();
      return call(...args);
    };
  return {
    describeSecret: guard((secretId: string) => port.describeSecret(secretId)),
    getSecretValue: guard((secretId: string, version: { VersionId?: string; VersionStage?: string }) => port.getSecretValue(secretId, version)),
    putSecretValue: guard((secretId: string, token: string, value: string, stages: string[]) => port.putSecretValue(secretId, token, value, stages)),
    updateSecretVersionStage: guard((secretId: string, stage: string, moveTo: string | undefined, removeFrom: string | undefined) =>
      port.updateSecretVersionStage(secretId, stage, moveTo, removeFrom),
    ),
  };
}

/**
 * Why a secret is not ready yet, or undefined when it is: a rotation by this function made
 * AWSCURRENT (it holds BULWARK_ROTATED, which only finishSecret puts on a version), no
 * rotation is in progress, and the value fits the spec. A value that fits is not enough: CloudFormation's
 * placeholder fits some specs (64 letters and digits are 48 bytes of base64). A value that does
 * not fit and is AWSPREVIOUS loses the label here, as finishSecret does.
 */
async function readinessProblem(secretId: string, port: SecretsPort, pins: ReadonlyMap<string, GenerationSpec>): Promise<string | undefined> {
  const description = await port.describeSecret(secretId);
  const spec = effectiveSpec(description.Name ?? secretId, pins, description.Tags);
  const stages = description.VersionIdsToStages ?? {};
  const current = holderOf(stages, 'AWSCURRENT');
  if (current === undefined) return 'has no AWSCURRENT version';
  const pending = holderOf(stages, 'AWSPENDING');
  if (pending !== undefined && pending !== current) return 'is still rotating (a version is AWSPENDING)';
  // Not LastRotatedDate: Secrets Manager records a rotation that was started, and one an operator abandoned.
  if (!stages[current]?.includes(ROTATED_LABEL)) return 'AWSCURRENT was not made by a rotation of this function (still the value CloudFormation created?)';
  const problem = valueProblem((await port.getSecretValue(secretId, { VersionId: current, VersionStage: 'AWSCURRENT' })).SecretString ?? '', spec);
  if (problem) return `AWSCURRENT ${problem}`;
  const previous = holderOf(stages, 'AWSPREVIOUS');
  if (previous === undefined || previous === current) return undefined;
  const old = (await port.getSecretValue(secretId, { VersionId: previous, VersionStage: 'AWSPREVIOUS' })).SecretString ?? '';
  if (valueProblem(old, spec) === undefined) return undefined;
  // finishSecret may take it off meanwhile: that is done too.
  await removeLabelIfAttached(port, secretId, 'AWSPREVIOUS', previous);
  return 'AWSPREVIOUS does not fit the spec (taking the label off it)';
}
