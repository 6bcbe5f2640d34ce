import type { SecretsPort } from './rotate';

/*
 * Taking a staging label off a version when another caller (the gate, a retried finishSecret)
 * may have taken it off already. Plain Node.js, shipped in the rotation function's asset as is.
 */

/** The label Bulwark's finishSecret puts on each version it promotes: evidence that a rotation by this function made AWSCURRENT. */
export const ROTATED_LABEL = 'BULWARK_ROTATED';

/** The version holding a label, by DescribeSecret's VersionIdsToStages. */
export function holderOf(stages: Readonly<Record<string, readonly string[]>>, label: string): string | undefined {
  return Object.entries(stages).find(([, labels]) => labels.includes(label))?.[0];
}

/**
 * Takes `label` off `versionId` if it is still there: reads the labels first and calls only if
 * attached; if the call fails because the label has left that version meanwhile (Secrets
 * Manager answers InvalidParameterException), that is done too. Any other failure is thrown.
 */
export async function removeLabelIfAttached(port: SecretsPort, secretId: string, label: string, versionId: string): Promise<void> {
  const attached = async () => ((await port.describeSecret(secretId)).VersionIdsToStages ?? {})[versionId]?.includes(label) ?? false;
  if (!(await attached())) return;
  try {
    await port.updateSecretVersionStage(secretId, label, undefined, versionId);
  } catch (error) {
    if ((error as Error).name === 'InvalidParameterException' && !(await attached())) return;
    throw error;
  }
}
