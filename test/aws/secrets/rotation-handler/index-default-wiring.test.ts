// The exported `handler` as the Lambda runtime calls it: its own Secrets Manager client (from the
// AWS SDK the runtime provides, replaced here by a fake module backed by the in-memory model), the
// process environment, the real clock, console.error and an HTTPS PUT (node:https mocked).
import Module from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GENERATION_TAG, PINNED_SPECS_VARIABLE } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { GATE_MARGIN_MS, handler, SDK_CLIENT_CONFIG } from '../../../../lib/aws/secrets/rotation-handler/index';
import { ROTATED_LABEL } from '../../../../lib/aws/secrets/rotation-handler/staging-labels';
import { valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';
import { SecretsManagerModel } from './secrets-manager-model';
import { GATE_RESPONSE_URL as URL, GATE_SECRET as NAME, gateEvent as gate } from './gate-event';

const puts = vi.hoisted(() => [] as { url: string; options: unknown; body: string }[]);

vi.mock('node:https', async (importOriginal) => {
  const { EventEmitter: Emitter } = await import('node:events');
  const original = await importOriginal<typeof import('node:https')>();
  const request = (url: string, options: unknown, callback: (answer: unknown) => void) => {
    const put = new Emitter() as InstanceType<typeof Emitter> & { end(body: string): void; destroy(): void };
    put.end = (body: string) => {
      puts.push({ url, options, body });
      const answer = Object.assign(new Emitter(), { statusCode: 200, resume: () => undefined });
      callback(answer);
      setImmediate(() => answer.emit('end'));
    };
    put.destroy = () => undefined;
    return put;
  };
  return { ...original, default: { ...original, request }, request };
});

const SDK = '@aws-sdk/client-secrets-manager';

/** What the fake SDK module serves, and what it was asked. */
const sdk = {
  model: new SecretsManagerModel(NAME, 'placeholder', []),
  calls: [] as { command: string; input: Record<string, unknown> }[],
  configs: [] as unknown[],
  /** Once set, every call hangs: a loop left running by a failed test stops calling. */
  parked: false,
};

class Command {
  constructor(public readonly input: Record<string, unknown>) {}
}
class SecretsManagerClient {
  constructor(config: unknown) {
    sdk.configs.push(config);
  }
  async send(command: Command): Promise<Record<string, unknown>> {
    // A real call takes a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    if (sdk.parked) return new Promise(() => undefined);
    const input = command.input as Record<string, string | string[] | undefined> & { SecretId: string };
    sdk.calls.push({ command: command.constructor.name, input });
    const { model } = sdk;
    switch (command.constructor.name) {
      case 'DescribeSecretCommand':
        return model.describeSecret(input.SecretId);
      case 'GetSecretValueCommand':
        return model.getSecretValue(input.SecretId, {
          VersionId: input.VersionId as string | undefined,
          VersionStage: input.VersionStage as string | undefined,
        });
      case 'PutSecretValueCommand':
        await model.putSecretValue(input.SecretId, input.ClientRequestToken as string, input.SecretString as string, input.VersionStages as string[]);
        return {};
      case 'UpdateSecretVersionStageCommand':
        await model.updateSecretVersionStage(
          input.SecretId,
          input.VersionStage as string,
          input.MoveToVersionId as string | undefined,
          input.RemoveFromVersionId as string | undefined,
        );
        return {};
      default:
        throw new Error(`unexpected command ${command.constructor.name}`);
    }
  }
}
const fakeSdk = {
  SecretsManagerClient,
  DescribeSecretCommand: class DescribeSecretCommand extends Command {},
  GetSecretValueCommand: class GetSecretValueCommand extends Command {},
  PutSecretValueCommand: class PutSecretValueCommand extends Command {},
  UpdateSecretVersionStageCommand: class UpdateSecretVersionStageCommand extends Command {},
};

// The runtime provides the SDK; here `require(SDK)` resolves to the fake module above.
type Resolver = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolver; _cache: Record<string, Module> };
const originalResolve = loader._resolveFilename;
const FAKE_PATH = '/fake/node_modules/@aws-sdk/client-secrets-manager/index.js';

beforeAll(() => {
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === SDK ? FAKE_PATH : originalResolve.call(this, request, ...rest);
  };
  const cached = new Module(FAKE_PATH) as Module & { loaded: boolean; filename: string };
  cached.exports = fakeSdk;
  cached.loaded = true;
  cached.filename = FAKE_PATH;
  loader._cache[FAKE_PATH] = cached;
});

afterAll(() => {
  loader._resolveFilename = originalResolve;
  delete loader._cache[FAKE_PATH];
  sdk.parked = true;
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  puts.length = 0;
  sdk.calls.length = 0;
});

describe('the exported handler, as the Lambda runtime runs it', () => {
  it('rotates a secret through the SDK client, with the spec pinned in the environment', async () => {
    vi.stubEnv(PINNED_SPECS_VARIABLE, JSON.stringify({ 'hex:32': [NAME] }));
    sdk.model = new SecretsManagerModel(NAME, 'placeholder', [{ Key: GENERATION_TAG, Value: '{"bytes":32,"encoding":"hex"}' }]);
    sdk.model.startRotation('t1');
    for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) await handler({ Step, SecretId: NAME, ClientRequestToken: 't1' });
    expect(sdk.model.versions.get('t1')?.stages).toEqual(new Set(['AWSCURRENT', ROTATED_LABEL]));
    expect(sdk.model.valueAt('AWSCURRENT')).not.toBe('placeholder');
    expect(valueProblem(sdk.model.valueAt('AWSCURRENT') ?? '', { bytes: 32, encoding: 'hex' })).toBeUndefined();
    // The placeholder, which no rotation made, does not stay AWSPREVIOUS.
    expect(sdk.model.valueAt('AWSPREVIOUS')).toBeUndefined();
    expect(sdk.configs).toEqual([SDK_CLIENT_CONFIG]);
    expect(new Set(sdk.calls.map((call) => call.command))).toEqual(
      new Set(['DescribeSecretCommand', 'GetSecretValueCommand', 'PutSecretValueCommand', 'UpdateSecretVersionStageCommand']),
    );
  });

  it('PUTs its answer to the gate to the response URL', async () => {
    await handler(gate('Delete'), { getRemainingTimeInMillis: () => 200_000 });
    expect(puts).toHaveLength(1);
    expect(puts[0].url).toBe(URL);
    expect(puts[0].options).toMatchObject({ method: 'PUT' });
    expect(JSON.parse(puts[0].body)).toMatchObject({ Status: 'SUCCESS', RequestId: 'request', LogicalResourceId: 'Gate' });
  });

  it('logs a refused response URL to the function log (console.error), and sends nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await handler(gate('Delete', 'https://attacker.example.com/collect'), { getRemainingTimeInMillis: () => 200_000 });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('refused a custom resource event whose response URL'));
    expect(puts).toEqual([]);
  });

  it('waits on the real clock for a secret that is not ready, until the margin before the timeout, then answers FAILED', async () => {
    vi.stubEnv(PINNED_SPECS_VARIABLE, JSON.stringify({ 'hex:32': [NAME] }));
    sdk.model = new SecretsManagerModel(NAME, 'placeholder', [{ Key: GENERATION_TAG, Value: '{"bytes":32,"encoding":"hex"}' }]);
    const started = Date.now();
    await handler(gate('Create'), { getRemainingTimeInMillis: () => GATE_MARGIN_MS + 500 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5_000);
    // One pass at once; the half second left is slept through (no second pass), then the answer.
    expect(sdk.calls.filter((call) => call.command === 'DescribeSecretCommand')).toHaveLength(1);
    expect(puts).toHaveLength(1);
    expect(JSON.parse(puts[0].body)).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining(`${NAME} AWSCURRENT was not made by a rotation of this function`),
    });
  });
});
