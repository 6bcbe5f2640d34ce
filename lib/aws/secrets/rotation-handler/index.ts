import { rotateSecret, type RotationEvent, type SecretsPort } from './rotate';

/*
 * The Lambda entry point. The AWS SDK v3 ships with the Node.js Lambda runtime, so it is loaded
 * at run time rather than bundled: the asset is this directory's compiled JavaScript as is.
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

export async function handler(event: RotationEvent): Promise<void> {
  await rotateSecret(event, secretsManager());
}
