import { sendResponse } from './cloudformation-response';
import { PINNED_SPECS_VARIABLE, readPinnedSpecs } from './generation-spec';
import { initialValuesResponse, responseIdentity, type CustomResourceEvent, type CustomResourceResponse, type GateClock } from './initial-values';
import { responseUrlProblem } from './response-url';
import { rotateSecret, type RotationEvent, type SecretsPort } from './rotate';

/*
 * The Lambda entry point: rotation steps from Secrets Manager, and the deploy-time gate from
 * CloudFormation. The AWS SDK v3 ships with the Node.js Lambda runtime, so it is loaded at run
 * time rather than bundled: the asset is this directory's compiled JavaScript as is.
 */

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
}

type SdkModule = Record<string, new (input?: unknown) => unknown>;

/** Each Secrets Manager call: at most this many attempts, each abandoned after SDK_REQUEST_TIMEOUT_MS. */
export const SDK_MAX_ATTEMPTS = 3;
export const SDK_REQUEST_TIMEOUT_MS = 5_000;
/**
 * The gate stops polling this long before the function would time out: room for one call in
 * flight (all its attempts and their backoff) and for the answer to CloudFormation.
 */
export const GATE_MARGIN_MS = 30_000;
/** If the gate has not answered this long before the timeout (a call that hangs), it answers FAILED. */
export const LAST_CHANCE_MS = 12_000;

/** The SDK client's configuration: bounded request time and retries, so no call outlives the gate's margin. */
export const SDK_CLIENT_CONFIG = {
  maxAttempts: SDK_MAX_ATTEMPTS,
  requestHandler: { requestTimeout: SDK_REQUEST_TIMEOUT_MS, connectionTimeout: 3_000 },
} as const;

function sdkPort(): SecretsPort {
  const sdk = require('@aws-sdk/client-secrets-manager') as SdkModule;
  const client = new sdk.SecretsManagerClient(SDK_CLIENT_CONFIG) as SdkClient;
  return {
    describeSecret: async (SecretId) => client.send(new sdk.DescribeSecretCommand({ SecretId })),
    getSecretValue: async (SecretId, version) => client.send(new sdk.GetSecretValueCommand({ SecretId, ...version })),
    putSecretValue: async (SecretId, ClientRequestToken, SecretString, VersionStages) => {
      await client.send(new sdk.PutSecretValueCommand({ SecretId, ClientRequestToken, SecretString, VersionStages }));
    },
    updateSecretVersionStage: async (SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId) => {
      await client.send(new sdk.UpdateSecretVersionStageCommand({ SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId }));
    },
  };
}

/** What the entry point uses from its environment, so that tests can run it with fakes. */
export interface HandlerDependencies {
  readonly port: () => SecretsPort;
  readonly send: (url: string, response: CustomResourceResponse) => Promise<void>;
  readonly environment: () => Readonly<Record<string, string | undefined>>;
  readonly clock: GateClock;
  readonly log: (message: string) => void;
}

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The entry point, with its dependencies. */
export function makeHandler(dependencies: HandlerDependencies): (event: RotationEvent | CustomResourceEvent, context?: LambdaContext) => Promise<void> {
  let port: SecretsPort | undefined;
  const secretsManager = () => (port ??= dependencies.port());
  const pins = () => readPinnedSpecs(dependencies.environment()[PINNED_SPECS_VARIABLE]);
  return async (event, context) => {
    if (!('RequestType' in event)) {
      await rotateSecret(event, secretsManager(), pins());
      return;
    }
    const urlProblem = responseUrlProblem(event.ResponseURL);
    if (urlProblem) {
      // Not from CloudFormation: no request at all, to that URL or any other.
      dependencies.log(`refused a custom resource event whose response URL ${urlProblem}`);
      return;
    }
    const { clock } = dependencies;
    const remaining = context?.getRemainingTimeInMillis() ?? 120_000;
    const deadline = clock.now() + Math.max(0, remaining - GATE_MARGIN_MS);
    const base = responseIdentity(event);
    const work = (async (): Promise<CustomResourceResponse> => {
      try {
        // Deleting the gate needs no spec: it succeeds even if the variable is gone.
        return await initialValuesResponse(event, secretsManager(), event.RequestType === 'Delete' ? new Map() : pins(), deadline, clock);
      } catch (error) {
        return { ...base, Status: 'FAILED', Reason: (error as Error).message };
      }
    })();
    // A call that hangs past every timeout still gets an answer: FAILED, before the function dies.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lastChance = new Promise<CustomResourceResponse>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({ ...base, Status: 'FAILED', Reason: "the gate ran out of time (a Secrets Manager call did not return); see the rotation function's logs" }),
        Math.max(0, remaining - LAST_CHANCE_MS),
      );
    });
    const response = await Promise.race([work, lastChance]);
    clearTimeout(timer);
    await dependencies.send(event.ResponseURL, response);
  };
}

export const handler = makeHandler({
  port: sdkPort,
  send: (url, response) => sendResponse(url, response),
  environment: () => process.env,
  clock: { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) },
  log: (message) => console.error(message),
});
