import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_RESPONSE_BYTES, responseBody } from '../../../../lib/aws/secrets/rotation-handler/cloudformation-response';
import { GENERATION_TAG, PINNED_SPECS_VARIABLE } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { GATE_MARGIN_MS, LAST_CHANCE_MS, makeHandler, SDK_CLIENT_CONFIG, type HandlerDependencies } from '../../../../lib/aws/secrets/rotation-handler/index';
import type { CustomResourceResponse } from '../../../../lib/aws/secrets/rotation-handler/initial-values';
import type { SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';
import { GATE_RESPONSE_URL as URL, GATE_SECRET as NAME, gateEvent as event } from './gate-event';

/* The Lambda entry point, with fakes for Secrets Manager, the response PUT, the environment and the clock. */

function fakes(overrides: Partial<HandlerDependencies> = {}) {
  const sent: { url: string; response: CustomResourceResponse }[] = [];
  const logged: string[] = [];
  const secrets = new SecretsManagerModel(NAME, 'placeholder', [{ Key: GENERATION_TAG, Value: '{"bytes":32,"encoding":"hex"}' }]);
  let now = 0;
  const dependencies: HandlerDependencies = {
    port: () => secrets,
    send: async (url, response) => {
      sent.push({ url, response });
    },
    environment: () => ({}),
    clock: {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    },
    log: (message) => logged.push(message),
    ...overrides,
  };
  return { handler: makeHandler(dependencies), sent, logged, secrets };
}

const context = (remaining: number) => ({ getRemainingTimeInMillis: () => remaining });

afterEach(() => {
  vi.useRealTimers();
});

describe("the rotation function's entry point, for the gate", () => {
  it('answers SUCCESS to a Delete even when the pinned specs variable is gone', async () => {
    const { handler, sent } = fakes();
    await handler(event('Delete'), context(200_000));
    expect(sent).toEqual([{ url: URL, response: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'bulwark-initial-values' }) }]);
  });

  it('turns a thrown error into a FAILED answer (a Create without the pinned specs)', async () => {
    const { handler, sent } = fakes();
    await handler(event('Create'), context(200_000));
    expect(sent).toHaveLength(1);
    expect(sent[0].response).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining(`${PINNED_SPECS_VARIABLE} is not set`),
      RequestId: 'request',
      LogicalResourceId: 'Gate',
    });
  });

  it('cuts a long Reason so that the body CloudFormation gets stays within its 4 KB', async () => {
    const failing: SecretsPort = {
      describeSecret: async () => {
        throw new Error(`throttled ${'é'.repeat(10_000)}`);
      },
    } as unknown as SecretsPort;
    const { handler, sent } = fakes({ port: () => failing, environment: () => ({ [PINNED_SPECS_VARIABLE]: JSON.stringify({ 'hex:32': [NAME] }) }) });
    await handler(event('Create'), context(200_000));
    const body = responseBody(sent[0].response);
    expect(sent[0].response.Status).toBe('FAILED');
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(JSON.parse(body).Reason).toMatch(/throttled é+.* \[cut\]$/s);
    expect(JSON.parse(body)).toMatchObject({
      Status: 'FAILED',
      RequestId: 'request',
      StackId: 'stack',
      LogicalResourceId: 'Gate',
      PhysicalResourceId: 'bulwark-initial-values',
    });
  });

  it('answers FAILED before the function times out when a Secrets Manager call hangs', async () => {
    vi.useFakeTimers();
    const hanging: SecretsPort = { describeSecret: () => new Promise(() => undefined) } as unknown as SecretsPort;
    const { handler, sent } = fakes({ port: () => hanging, environment: () => ({ [PINNED_SPECS_VARIABLE]: JSON.stringify({ 'hex:32': [NAME] }) }) });
    const done = handler(event('Create'), context(60_000));
    await vi.advanceTimersByTimeAsync(60_000 - LAST_CHANCE_MS - 1);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(sent).toEqual([{ url: URL, response: expect.objectContaining({ Status: 'FAILED', Reason: expect.stringContaining('ran out of time') }) }]);
  });

  it(`stops waiting ${GATE_MARGIN_MS} ms before the function's time ends, so that it can still answer`, async () => {
    let now = 0;
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
    const { handler, sent } = fakes({ clock, environment: () => ({ [PINNED_SPECS_VARIABLE]: JSON.stringify({ 'hex:32': [NAME] }) }) });
    await handler(event('Create'), context(100_000));
    expect(sent).toEqual([{ url: URL, response: expect.objectContaining({ Status: 'FAILED' }) }]);
    expect(now).toBeGreaterThan(0);
    expect(now).toBeLessThanOrEqual(100_000 - GATE_MARGIN_MS);
  });

  it("refuses a response URL that is not CloudFormation's (S3): it logs and sends nothing", async () => {
    for (const url of [
      'https://attacker.example.com/collect',
      'http://bucket.s3.amazonaws.com/x',
      'https://s3.amazonaws.com.attacker.example/x',
      'https://user:pw@bucket.s3.amazonaws.com/x',
      'https://bucket.s3.amazonaws.com:8443/x',
    ]) {
      const { handler, sent, logged } = fakes();
      await handler(event('Delete', url), context(200_000));
      expect(sent, url).toEqual([]);
      expect(logged, url).toEqual([expect.stringContaining('refused a custom resource event whose response URL')]);
    }
  });

  it('bounds each Secrets Manager call: a request timeout and capped retries', () => {
    expect(SDK_CLIENT_CONFIG.maxAttempts).toBeLessThanOrEqual(3);
    expect(SDK_CLIENT_CONFIG.requestHandler.requestTimeout).toBeGreaterThan(0);
    expect(SDK_CLIENT_CONFIG.requestHandler.requestTimeout * SDK_CLIENT_CONFIG.maxAttempts).toBeLessThan(30_000);
  });
});

describe("the rotation function's entry point, for a rotation step", () => {
  it('runs the four rotation steps Secrets Manager sends: a new AWSCURRENT value that fits the pinned spec', async () => {
    const { handler, sent, logged, secrets } = fakes({ environment: () => ({ [PINNED_SPECS_VARIABLE]: JSON.stringify({ 'hex:32': [NAME] }) }) });
    secrets.startRotation('t1');
    for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) await handler({ Step, SecretId: NAME, ClientRequestToken: 't1' });
    expect(secrets.versions.get('t1')?.stages).toEqual(new Set(['AWSCURRENT', ROTATED_LABEL]));
    expect(valueProblem(secrets.valueAt('AWSCURRENT') ?? '', { bytes: 32, encoding: 'hex' })).toBeUndefined();
    expect(secrets.valueAt('AWSCURRENT')).not.toBe('placeholder');
    expect(sent).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe("the rotation function's entry point, without a Lambda context", () => {
  it('still answers the gate (a Delete: SUCCESS)', async () => {
    const { handler, sent } = fakes();
    await handler(event('Delete'));
    expect(sent).toEqual([{ url: URL, response: expect.objectContaining({ Status: 'SUCCESS' }) }]);
  });
});
