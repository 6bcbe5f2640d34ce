import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERATION_TAG, type GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { rotateSecret, type RotationStep, type SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { initialValuesResponse } from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { generateValue, valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';

/*
 * Property-based: arbitrary sequences of what the review drove the handler through (retries of
 * each step, failures before and after a call takes effect, steps out of order and concurrent,
 * edited tags, bad and empty pending versions) against the Secrets Manager model. After every
 * command, AWSCURRENT holds a value that fits the spec (or, in runs that start from it,
 * CloudFormation's placeholder, until a rotation replaces it) and AWSPREVIOUS the value that
 * was AWSCURRENT before it, unless that was the placeholder, which never ends as AWSPREVIOUS
 * (even for a spec it fits: 64 letters and digits are 48 bytes of base64), nor is ever
 * reported ready by the gate; after the sequence, a clean rotation still completes.
 */

/** What CloudFormation's GenerateSecretString makes: 64 letters and digits. */
const PLACEHOLDER = 'Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc';

const NAME = 'production/gateway/API_TOKEN';
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const TOKENS = ['t1', 't2', 't3'];
const METHODS: (keyof SecretsPort)[] = ['describeSecret', 'getSecretValue', 'putSecretValue', 'updateSecretVersionStage'];

type Command =
  | { readonly kind: 'start'; readonly token: string }
  | { readonly kind: 'step'; readonly step: RotationStep; readonly token: string }
  | { readonly kind: 'concurrent'; readonly steps: readonly (readonly [RotationStep, string])[] }
  | { readonly kind: 'fail'; readonly method: keyof SecretsPort; readonly when: 'before' | 'after' }
  | { readonly kind: 'putPending'; readonly token: string; readonly value: 'short' | 'upper' | 'placeholder' | 'other-spec' }
  | { readonly kind: 'tag'; readonly spec: object | undefined };

const token = fc.constantFrom(...TOKENS);
const step = fc.constantFrom(...STEPS);
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('start' as const), token }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('step' as const), step, token }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('concurrent' as const), steps: fc.array(fc.tuple(step, token), { minLength: 2, maxLength: 4 }) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      method: fc.constantFrom(...METHODS),
      when: fc.constantFrom('before' as const, 'after' as const),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('putPending' as const),
      token,
      value: fc.constantFrom('short' as const, 'upper' as const, 'placeholder' as const, 'other-spec' as const),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('tag' as const),
      spec: fc.constantFrom<object | undefined>(
        { bytes: 16, encoding: 'hex' },
        { bytes: 32, encoding: 'base64' },
        { bytes: 64, encoding: 'hex', keyPair: 'rsa-2048' },
        undefined,
      ),
    }),
    weight: 1,
  },
);

/** Weak RSA key pairs, made once (key generation is slow). */
const weakKeys: { rsa1024?: string; e3?: string } = {};
function weakKey(which: 'rsa1024' | 'e3'): string {
  weakKeys[which] ??= JSON.stringify(
    generateKeyPairSync('rsa', {
      modulusLength: which === 'rsa1024' ? 1_024 : 2_048,
      publicExponent: which === 'e3' ? 3 : 65_537,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }),
  );
  return weakKeys[which];
}

/** Values that must never become AWSCURRENT: too short, wrong alphabet, the placeholder, another spec's; for key pairs, weak keys. */
function badValue(spec: GenerationSpec, kind: Extract<Command, { kind: 'putPending' }>['value'], token: string): string {
  // Another draw of the same kind (not the version CloudFormation made): for base64:48 it fits, and may be promoted.
  // One text per token: the checks follow values by their text, so two versions must not share one.
  if (kind === 'placeholder') {
    const reversed = [...PLACEHOLDER].reverse().join('');
    const shift = TOKENS.indexOf(token) + 1;
    return `${reversed.slice(shift)}${reversed.slice(0, shift)}`;
  }
  if (spec.keyPair) return { short: weakKey('rsa1024'), upper: weakKey('e3'), 'other-spec': generateValue({ bytes: 64, encoding: 'hex' }) }[kind];
  if (kind === 'short') return generateValue({ ...spec, bytes: 16 });
  if (kind === 'upper') return generateValue(spec).toUpperCase();
  return generateValue({ ...spec, encoding: spec.encoding === 'hex' ? 'base64' : 'hex' });
}

/** A clock for one pass of the gate: its sleep reaches the deadline. */
function passClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

async function attempt(action: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await action();
  } catch {
    // Secrets Manager records the failure and retries later; the property is about the labels.
  }
}

/** Runs a sequence and checks the labels after every command; then checks that a clean rotation completes. */
async function scenario(spec: GenerationSpec, fromPlaceholder: boolean, commands: readonly Command[]): Promise<void> {
  const ownTag = { Key: GENERATION_TAG, Value: JSON.stringify(spec) };
  // Either the deploy-time start (CloudFormation's placeholder) or a value an earlier rotation by the function made.
  const secrets = fromPlaceholder
    ? new SecretsManagerModel(NAME, PLACEHOLDER, [ownTag])
    : new SecretsManagerModel(NAME, generateValue(spec), [ownTag], ['AWSCURRENT', ROTATED_LABEL]);
  const pins = new Map([[NAME, spec]]);
  const rotate = (s: RotationStep, t: string) => rotateSecret({ Step: s, SecretId: NAME, ClientRequestToken: t }, secrets, pins);
  const gate = () =>
    initialValuesResponse(
      {
        RequestType: 'Create',
        ResponseURL: 'https://s3.amazonaws.com/r',
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'Gate',
        ResourceProperties: { SecretIds: [NAME] },
      },
      secrets,
      pins,
      1,
      passClock(),
    );
  let current = secrets.valueAt('AWSCURRENT');
  let currentLabelled = !fromPlaceholder;
  let lastGood: string | undefined;
  // A good value may lose AWSPREVIOUS early (never the reverse) if the finishSecret that promoted it
  // lost its response and was not retried before the next rotation: it could not label it.
  let lastGoodMayGo = false;
  const check = async (after: string) => {
    const now = secrets.valueAt('AWSCURRENT');
    if (now === PLACEHOLDER && fromPlaceholder) {
      expect(current, `AWSCURRENT back to the placeholder after ${after}`).toBe(PLACEHOLDER);
      // The gate never reports the placeholder ready (its calls may take an injected failure: that only fails it sooner).
      expect((await gate()).Status, `the gate with the placeholder AWSCURRENT after ${after}`).toBe('FAILED');
    } else {
      expect(valueProblem(now ?? '', spec), `AWSCURRENT after ${after}`).toBeUndefined();
    }
    if (now !== current) {
      lastGood = current === PLACEHOLDER && fromPlaceholder ? undefined : current;
      lastGoodMayGo = !currentLabelled;
      current = now;
    }
    currentLabelled = [...secrets.versions.values()].some((v) => v.stages.has('AWSCURRENT') && v.stages.has(ROTATED_LABEL));
    const previous = secrets.valueAt('AWSPREVIOUS');
    // Until the finishSecret that moved AWSCURRENT completes (it labels the version last), the old value may stay AWSPREVIOUS whatever it is.
    const completed = currentLabelled || now === secrets.versions.get('v0')?.value;
    if (!completed && (previous === undefined || previous === PLACEHOLDER)) return;
    if (!(lastGoodMayGo && previous === undefined)) expect(previous, `AWSPREVIOUS after ${after}`).toBe(lastGood);
    if (fromPlaceholder) expect(previous, `the placeholder AWSPREVIOUS after ${after}`).not.toBe(PLACEHOLDER);
  };

  for (const c of commands) {
    switch (c.kind) {
      case 'start':
        await attempt(() => secrets.startRotation(c.token));
        break;
      case 'step':
        await attempt(() => rotate(c.step, c.token));
        break;
      case 'concurrent':
        await Promise.all(c.steps.map(([s, t]) => attempt(() => rotate(s, t))));
        break;
      case 'fail':
        secrets.failNext(c.method, c.when);
        break;
      case 'putPending':
        await attempt(() => secrets.putSecretValue(NAME, c.token, badValue(spec, c.value, c.token), ['AWSPENDING']));
        break;
      case 'tag':
        secrets.tags.splice(0, 1, ...(c.spec ? [{ Key: GENERATION_TAG, Value: JSON.stringify(c.spec) }] : []));
        break;
    }
    await check(JSON.stringify(c));
  }

  // Liveness: with the tag back and no injected failures, a pending rotation finishes, or (when
  // its value is bad, which only an operator can clear) is dropped, and a new one completes.
  secrets.clearFailures();
  secrets.tags.splice(0, secrets.tags.length, ownTag);
  const pending = [...secrets.versions].find(([, v]) => v.stages.has('AWSPENDING') && !v.stages.has('AWSCURRENT'))?.[0];
  if (pending !== undefined) {
    await attempt(async () => {
      for (const s of STEPS) await rotate(s, pending);
    });
    if (secrets.versions.get(pending)?.stages.has('AWSPENDING') && !secrets.versions.get(pending)?.stages.has('AWSCURRENT')) {
      await secrets.updateSecretVersionStage(NAME, 'AWSPENDING', undefined, pending);
    }
    await check('finishing the pending rotation');
  }
  const before = secrets.valueAt('AWSCURRENT');
  secrets.startRotation('final');
  for (const s of STEPS) await rotate(s, 'final');
  await check('a clean rotation');
  if (fromPlaceholder) expect(secrets.valueAt('AWSPREVIOUS')).not.toBe(PLACEHOLDER);
  expect((await gate()).Status).toBe('SUCCESS');
  expect(secrets.valueAt('AWSCURRENT')).not.toBe(before);
  if (!(lastGoodMayGo && secrets.valueAt('AWSPREVIOUS') === undefined))
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(fromPlaceholder && before === PLACEHOLDER ? undefined : before);
}

describe('rotation under adversarial sequences of steps (property-based)', () => {
  it.each([
    [{ bytes: 32, encoding: 'hex' }],
    [{ bytes: 32, encoding: 'base64' }],
    // CloudFormation's placeholder fits this one.
    [{ bytes: 48, encoding: 'base64' }],
  ] as const)('keeps AWSCURRENT validated and AWSPREVIOUS the last good value for %j', async (spec) => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(command, { minLength: 1, maxLength: 30 }), (fromPlaceholder, commands) =>
        scenario(spec, fromPlaceholder, commands),
      ),
      { numRuns: 300 },
    );
  });

  it('holds for RSA key pairs too (fewer runs: key generation is slow)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(command, { minLength: 1, maxLength: 12 }), (fromPlaceholder, commands) =>
        scenario({ bytes: 64, encoding: 'hex', keyPair: 'rsa-2048' }, fromPlaceholder, commands),
      ),
      { numRuns: 8 },
    );
  }, 60_000);
});
