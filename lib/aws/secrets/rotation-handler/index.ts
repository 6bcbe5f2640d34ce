import { sendResponse } from './cloudformation-response';
import { PINNED_SPECS_VARIABLE, readPinnedSpecs } from './generation-spec';
import { GATE_PHYSICAL_ID, initialValuesResponse, type CustomResourceEvent, type CustomResourceResponse } from './initial-values';
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

let port: SecretsPort | undefined;

function secretsManager(): SecretsPort {
  if (port) return port;
  const sdk = require('@aws-sdk/client-secrets-manager') as SdkModule;
  const client = new sdk.SecretsManagerClient({}) as SdkClient;
  port = {
    describeSecret: async (SecretId) => client.send(new sdk.DescribeSecretCommand({ SecretId })) as never,
    getSecretValue: async (SecretId, version) => client.send(new sdk.GetSecretValueCommand({ SecretId, ...version })) as never,
    putSecretValue: async (SecretId, ClientRequestToken, SecretString, VersionStages) => {
      await client.send(new sdk.PutSecretValueCommand({ SecretId, ClientRequestToken, SecretString, VersionStages }));
    },
    updateSecretVersionStage: async (SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId) => {
      await client.send(new sdk.UpdateSecretVersionStageCommand({ SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId }));
    },
  };
  return port;
}

export async function handler(event: RotationEvent | CustomResourceEvent, context?: { getRemainingTimeInMillis(): number }): Promise<void> {
  const pins = () => readPinnedSpecs(process.env[PINNED_SPECS_VARIABLE]);
  if ('RequestType' in event) {
    // Answer before the function times out: leave 15 s of its remaining time.
    const deadline = Date.now() + Math.max(0, (context?.getRemainingTimeInMillis() ?? 120_000) - 15_000);
    const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
    let response: CustomResourceResponse;
    try {
      // Deleting the gate needs no spec: it succeeds even if the variable is gone.
      response = await initialValuesResponse(event, secretsManager(), event.RequestType === 'Delete' ? new Map() : pins(), deadline, clock);
    } catch (error) {
      response = { Status: 'FAILED', Reason: (error as Error).message, PhysicalResourceId: event.PhysicalResourceId ?? GATE_PHYSICAL_ID, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
    }
    await sendResponse(event.ResponseURL, response);
    return;
  }
  await rotateSecret(event, secretsManager(), pins());
}
