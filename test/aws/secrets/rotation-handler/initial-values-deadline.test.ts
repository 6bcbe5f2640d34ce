// The gate's answers at their edges: a deadline that passes in the middle of a secret's check,
// a Delete, an event without secrets, several secrets waiting, an error in the gate itself, and
// an AWSPREVIOUS that does not fit (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import {
  awaitInitialValues,
  GateDeadlineError,
  initialValuesResponse,
  type CustomResourceEvent,
  type GateClock,
} from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import type { SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

const NAME = 'production/gateway/JWT_SECRET';
const OTHER = 'production/gateway/SESSION_SECRET';
const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const pins = new Map([
  [NAME, hex64],
  [OTHER, hex64],
]);
const tags = () => [{ Key: GENERATION_TAG, Value: JSON.stringify(hex64) }];
const ROTATED = ['AWSCURRENT', ROTATED_LABEL];
const DEADLINE = 10_000;

/** A clock that records its sleeps; `now` is set by the test (or by a port call). */
function recordingClock(start = 0) {
  const sleeps: number[] = [];
  const clock = {
    now: start,
    sleeps,
    port: undefined as unknown as GateClock,
  };
  clock.port = {
    now: () => clock.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.now += ms;
    },
  };
  return clock;
}

/** The secrets, by id; `after` runs after each call of the named method (the time it took). */
function ports(models: SecretsManagerModel[], after: Partial<Record<keyof SecretsPort, (secretId: string) => void>> = {}): SecretsPort {
  const of = (secretId: string) => models.find((model) => model.secretId === secretId) ?? models[0];
  const timed =
    <A extends [string, ...unknown[]], R>(method: keyof SecretsPort, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await call(...args);
      after[method]?.(args[0]);
      return result;
    };
  return {
    describeSecret: timed('describeSecret', (secretId: string) => of(secretId).describeSecret(secretId)),
    getSecretValue: timed('getSecretValue', (secretId: string, version: { VersionId?: string; VersionStage?: string }) =>
      of(secretId).getSecretValue(secretId, version),
    ),
    putSecretValue: timed('putSecretValue', (secretId: string, token: string, value: string, stages: string[]) =>
      of(secretId).putSecretValue(secretId, token, value, stages),
    ),
    updateSecretVersionStage: timed('updateSecretVersionStage', (secretId: string, stage: string, moveTo: string | undefined, removeFrom: string | undefined) =>
      of(secretId).updateSecretVersionStage(secretId, stage, moveTo, removeFrom),
    ),
  };
}

const event = (RequestType: CustomResourceEvent['RequestType'], SecretIds?: string[]): CustomResourceEvent => ({
  RequestType,
  ResponseURL: 'https://bucket.s3.amazonaws.com/x',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Gate',
  ResourceProperties: SecretIds === undefined ? {} : { SecretIds },
});

describe('a deadline that passes in the middle of a check', () => {
  it('leaves the secret not ready ("was not checked"), even one whose value fits: no call is made after the deadline', async () => {
    const secret = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ROTATED);
    const clock = recordingClock();
    let reads = 0;
    // DescribeSecret returns exactly at the deadline: the value is not read.
    const port = ports([secret], {
      describeSecret: () => void (clock.now = DEADLINE),
      getSecretValue: () => void (reads += 1),
    });
    expect(await awaitInitialValues([NAME], port, pins, DEADLINE, clock.port)).toEqual([`${NAME} was not checked: the gate ran out of time`]);
    expect(reads).toBe(0);
  });

  it('reports what the last pass found wrong with a secret that the deadline then interrupted', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags());
    const clock = recordingClock();
    let describes = 0;
    // The first pass finds the placeholder; the second is interrupted after DescribeSecret.
    const port = ports([secret], {
      describeSecret: () => {
        describes += 1;
        if (describes === 2) {
          secret.versions.get('v0')?.stages.add(ROTATED_LABEL);
          clock.now = DEADLINE;
        }
      },
    });
    expect(await awaitInitialValues([NAME], port, pins, DEADLINE, clock.port)).toEqual([
      `${NAME} AWSCURRENT was not made by a rotation of this function (still the value CloudFormation created?)`,
    ]);
    expect(describes).toBe(2);
  });

  it('does not report a secret it found ready as waiting when the deadline passes before the next one', async () => {
    const ready = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ROTATED);
    const other = new SecretsManagerModel(OTHER, generateValue(hex64), tags(), ROTATED);
    const clock = recordingClock();
    const port = ports([ready, other], { getSecretValue: (secretId) => void (secretId === NAME && (clock.now = DEADLINE)) });
    expect(await awaitInitialValues([NAME, OTHER], port, pins, DEADLINE, clock.port)).toEqual([`${OTHER} was not checked: the gate ran out of time`]);
  });

  it('does not sleep once the deadline is reached, and answers at once', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags());
    const clock = recordingClock();
    // DescribeSecret returns exactly at the deadline; the placeholder lacks the label, so no other call.
    const port = ports([secret], { describeSecret: () => void (clock.now = DEADLINE) });
    expect(await awaitInitialValues([NAME], port, pins, DEADLINE, clock.port)).toEqual([
      `${NAME} AWSCURRENT was not made by a rotation of this function (still the value CloudFormation created?)`,
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not sleep when every secret is ready', async () => {
    const secret = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ROTATED);
    const clock = recordingClock();
    expect(await awaitInitialValues([NAME], secret, pins, DEADLINE, clock.port)).toEqual([]);
    expect(clock.sleeps).toEqual([]);
    expect(clock.now).toBe(0);
  });

  it('says the gate ran out of time when a call is refused after the deadline', () => {
    const error = new GateDeadlineError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GateDeadlineError');
    expect(error.message).toBe('the gate ran out of time');
  });
});

describe("the gate's answer", () => {
  it('to a Delete: SUCCESS, "nothing to undo"', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags());
    expect(await initialValuesResponse(event('Delete', [NAME]), secret, pins, DEADLINE, recordingClock().port)).toMatchObject({
      Status: 'SUCCESS',
      Reason: 'nothing to undo',
    });
  });

  it('to an event that names no secrets: SUCCESS for 0 secrets, without a call', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags());
    secret.failNext('describeSecret');
    expect(await initialValuesResponse(event('Create'), secret, pins, DEADLINE, recordingClock().port)).toMatchObject({
      Status: 'SUCCESS',
      Reason: '0 secrets hold values a rotation by this function made, which fit their specs',
    });
  });

  it('lists every waiting secret, separated by "; "', async () => {
    const secrets = [new SecretsManagerModel(NAME, 'placeholder', tags()), new SecretsManagerModel(OTHER, 'placeholder', tags())];
    const answer = await initialValuesResponse(event('Create', [NAME, OTHER]), ports(secrets), pins, DEADLINE, recordingClock(DEADLINE).port);
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toContain(`: ${NAME} was not checked: the gate ran out of time; ${OTHER} was not checked: the gate ran out of time`);
  });

  it('turns an error of the gate itself (its clock) into FAILED with the error, cut to 3,000 characters', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags());
    const clock: GateClock = {
      now: () => 0,
      sleep: async () => {
        throw new Error(`timer broke ${'x'.repeat(5_000)}`);
      },
    };
    const answer = await initialValuesResponse(event('Create', [NAME]), secret, pins, DEADLINE, clock);
    expect(answer).toMatchObject({ Status: 'FAILED', RequestId: 'request', LogicalResourceId: 'Gate', StackId: 'stack' });
    expect(answer.Reason).toBe(`timer broke ${'x'.repeat(5_000)}`.slice(0, 3_000));
  });

  it('says why it waits for a secret whose AWSPREVIOUS does not fit the spec', async () => {
    const secret = new SecretsManagerModel(NAME, 'placeholder', tags(), ['AWSPREVIOUS']);
    await secret.putSecretValue(NAME, 'v1', generateValue(hex64), ['AWSCURRENT']);
    await secret.updateSecretVersionStage(NAME, ROTATED_LABEL, 'v1', undefined);
    const clock = recordingClock();
    const port = ports([secret], { updateSecretVersionStage: () => void (clock.now = DEADLINE) });
    expect(await awaitInitialValues([NAME], port, pins, DEADLINE, clock.port)).toEqual([`${NAME} AWSPREVIOUS does not fit the spec (taking the label off it)`]);
    expect(secret.valueAt('AWSPREVIOUS')).toBeUndefined();
  });
});

describe('the value the gate reads', () => {
  it('is the version it found AWSCURRENT: a value put meanwhile by someone else is not passed', async () => {
    const secret = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ROTATED);
    const clock = recordingClock();
    let describes = 0;
    // Between DescribeSecret and GetSecretValue, an operator puts a value that fits (no rotation made it).
    const port = ports([secret], {
      describeSecret: () => {
        describes += 1;
        if (describes === 1) void secret.putSecretValue(NAME, 'operator', generateValue(hex64), ['AWSCURRENT']);
      },
    });
    // One pass: the version found AWSCURRENT no longer is, so the secret waits.
    expect(await awaitInitialValues([NAME], port, pins, 3_000, clock.port)).toEqual([`${NAME} could not be checked: no version v0 AWSCURRENT`]);
  });

  it('is empty for a secret with no text value: AWSCURRENT holds 0 bytes', async () => {
    const secret = new SecretsManagerModel(NAME, generateValue(hex64), tags(), ROTATED);
    const port: SecretsPort = { ...ports([secret]), getSecretValue: async () => ({ VersionId: 'v0' }) };
    expect(await awaitInitialValues([NAME], port, pins, 1, recordingClock().port)).toEqual([`${NAME} AWSCURRENT holds 0 bytes, not 64`]);
  });
});
