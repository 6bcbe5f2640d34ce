import { effectiveSpec, type GenerationSpec } from './generation-spec';
import type { SecretsPort } from './rotate';
import { valueProblem } from './value-check';

/*
 * The deploy-time gate: a CloudFormation custom resource, served by the rotation function, that
 * succeeds only once every secret it names holds an AWSCURRENT value that fits its pinned spec
 * (the first rotation, which the rotation schedule starts when it is created, has finished) and
 * no AWSPREVIOUS that does not. Resources that read the secrets depend on it. Plain Node.js,
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

/** Answers one custom resource event: Delete always succeeds; Create and Update wait for the secrets until `deadline`. */
export async function initialValuesResponse(event: CustomResourceEvent, port: SecretsPort, pins: ReadonlyMap<string, GenerationSpec>, deadline: number, clock: GateClock): Promise<CustomResourceResponse> {
  const base = { PhysicalResourceId: event.PhysicalResourceId ?? GATE_PHYSICAL_ID, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  if (event.RequestType === 'Delete') return { ...base, Status: 'SUCCESS', Reason: 'nothing to undo' };
  // Each secret is gated once, when it first appears: a later spec change takes effect at its next rotation.
  const before = new Set(event.RequestType === 'Update' ? event.OldResourceProperties?.SecretIds ?? [] : []);
  const secretIds = (event.ResourceProperties.SecretIds ?? []).filter((secretId) => !before.has(secretId));
  try {
    const waiting = await awaitInitialValues(secretIds, port, pins, deadline, clock);
    if (waiting.length === 0) return { ...base, Status: 'SUCCESS', Reason: `${secretIds.length} secrets hold values that fit their specs` };
    return { ...base, Status: 'FAILED', Reason: `no value that fits the spec yet (did the first rotation fail? see the rotation function's logs): ${waiting.join('; ')}`.slice(0, 3_000) };
  } catch (error) {
    return { ...base, Status: 'FAILED', Reason: `${(error as Error).message}`.slice(0, 3_000) };
  }
}

/** Polls until every secret is ready or the deadline passes; returns what is still wrong, by secret. */
export async function awaitInitialValues(secretIds: readonly string[], port: SecretsPort, pins: ReadonlyMap<string, GenerationSpec>, deadline: number, clock: GateClock): Promise<string[]> {
  let waiting = [...secretIds];
  let problems: string[] = [];
  for (;;) {
    // One secret at a time, so that a hundred secrets stay within Secrets Manager's request
    // quotas; an error (throttling, a refused tag) counts as not ready yet, and is reported if it lasts.
    const checked: (readonly [string, string | undefined])[] = [];
    for (const secretId of waiting) {
      checked.push([secretId, await readinessProblem(secretId, port, pins).catch((error: Error) => `could not be checked: ${error.message}`)]);
    }
    waiting = checked.filter(([, problem]) => problem !== undefined).map(([secretId]) => secretId);
    problems = checked.filter(([, problem]) => problem !== undefined).map(([secretId, problem]) => `${secretId} ${problem}`);
    if (waiting.length === 0 || clock.now() >= deadline) return problems;
    await clock.sleep(Math.min(3_000, Math.max(0, deadline - clock.now())));
  }
}

/**
 * Why a secret is not ready yet, or undefined when it is: AWSCURRENT must fit the spec. A value
 * that does not fit and is AWSPREVIOUS (the placeholder, left there by a rotation that finished
 * before Bulwark took it off, or by an older Bulwark) loses the label here, as finishSecret does.
 */
async function readinessProblem(secretId: string, port: SecretsPort, pins: ReadonlyMap<string, GenerationSpec>): Promise<string | undefined> {
  const description = await port.describeSecret(secretId);
  const spec = effectiveSpec(description.Name ?? secretId, pins, description.Tags);
  const holder = (stage: string) => Object.entries(description.VersionIdsToStages ?? {}).find(([, labels]) => labels.includes(stage))?.[0];
  const current = holder('AWSCURRENT');
  if (current === undefined) return 'has no AWSCURRENT version';
  const problem = valueProblem((await port.getSecretValue(secretId, { VersionId: current, VersionStage: 'AWSCURRENT' })).SecretString ?? '', spec);
  if (problem) return `AWSCURRENT ${problem}`;
  const previous = holder('AWSPREVIOUS');
  if (previous === undefined || previous === current) return undefined;
  const old = (await port.getSecretValue(secretId, { VersionId: previous, VersionStage: 'AWSPREVIOUS' })).SecretString ?? '';
  if (valueProblem(old, spec) === undefined) return undefined;
  try {
    await port.updateSecretVersionStage(secretId, 'AWSPREVIOUS', undefined, previous);
  } catch {
    // finishSecret may have taken it off meanwhile: the next poll looks again.
  }
  return 'AWSPREVIOUS does not fit the spec (taking the label off it)';
}
