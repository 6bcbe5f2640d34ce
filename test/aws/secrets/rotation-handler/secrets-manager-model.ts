import type { SecretsPort } from '../../../../lib/aws/secrets/rotation-handler/rotate';

interface Version {
  value?: string;
  readonly stages: Set<string>;
}

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * An in-memory model of one Secrets Manager secret's versions and staging labels, with the
 * service's own label rules: a label is on one version at a time, moving AWSCURRENT labels
 * the version that had it AWSPREVIOUS, and RemoveFromVersionId must name the version that holds
 * the label (else InvalidParameterException). `failNext` makes the next call of a method fail.
 */
export class SecretsManagerModel implements SecretsPort {
  public readonly versions = new Map<string, Version>();
  public rotationEnabled = true;
  /**
   * When Secrets Manager last rotated the secret. Set here when a rotation starts, the earliest
   * the service could set it: the gate must not take it as proof that a rotation finished.
   */
  public lastRotatedDate: Date | undefined;
  private readonly failures = new Map<keyof SecretsPort, 'before' | 'after'>();

  /** `initialStages`: add BULWARK_ROTATED for a first value that Bulwark's function promoted (not CloudFormation's placeholder). */
  constructor(
    public readonly secretId: string,
    initialValue: string,
    public readonly tags: { Key: string; Value: string }[],
    initialStages: readonly string[] = ['AWSCURRENT'],
  ) {
    this.versions.set('v0', { value: initialValue, stages: new Set(initialStages) });
  }

  /**
   * What RotateSecret does before calling the Lambda: a new version id labelled AWSPENDING. Like
   * the service, it refuses while another version is AWSPENDING and not AWSCURRENT (a rotation
   * in progress), except for that same version (a retry).
   */
  startRotation(token: string): void {
    const pending = [...this.versions].find(([, v]) => v.stages.has('AWSPENDING') && !v.stages.has('AWSCURRENT'))?.[0];
    if (pending !== undefined && pending !== token) throw awsError('InvalidRequestException', `a previous rotation (${pending}) isn't complete`);
    this.moveLabel('AWSPENDING', token);
    this.lastRotatedDate = new Date(0);
  }

  /** The next call of a method fails: before it takes effect, or after (the response is lost). */
  failNext(method: keyof SecretsPort, when: 'before' | 'after' = 'before'): void {
    this.failures.set(method, when);
  }

  /** Drops failures injected with failNext that have not happened yet. */
  clearFailures(): void {
    this.failures.clear();
  }

  valueAt(stage: string): string | undefined {
    return [...this.versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  async describeSecret(secretId: string) {
    this.check('describeSecret', secretId);
    return {
      Name: this.secretId,
      RotationEnabled: this.rotationEnabled,
      ...(this.lastRotatedDate ? { LastRotatedDate: this.lastRotatedDate } : {}),
      VersionIdsToStages: Object.fromEntries([...this.versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages]])),
      Tags: this.tags,
    };
  }

  async getSecretValue(secretId: string, version: { VersionId?: string; VersionStage?: string }) {
    this.check('getSecretValue', secretId);
    const { VersionId } = version;
    const VersionStage = version.VersionStage ?? (VersionId === undefined ? 'AWSCURRENT' : undefined);
    const entry = [...this.versions].find(
      ([id, v]) => (VersionId === undefined || id === VersionId) && (VersionStage === undefined || v.stages.has(VersionStage)),
    );
    if (!entry || entry[1].value === undefined) throw awsError('ResourceNotFoundException', `no version ${VersionId ?? ''} ${VersionStage ?? ''}`);
    return { SecretString: entry[1].value, VersionId: entry[0] };
  }

  async putSecretValue(secretId: string, token: string, secretString: string, stages: string[]) {
    this.check('putSecretValue', secretId);
    const existing = this.versions.get(token);
    if (existing?.value !== undefined) {
      if (existing.value !== secretString) throw awsError('ResourceExistsException', `version ${token} already has another value`);
      return;
    }
    const previousCurrent = [...this.versions].find(([, v]) => v.stages.has('AWSCURRENT'))?.[0];
    this.versions.set(token, { value: secretString, stages: existing?.stages ?? new Set() });
    // "If you don't include VersionStages, then Secrets Manager automatically moves the staging
    // label AWSCURRENT to this version" (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
    const labels = stages.length === 0 ? ['AWSCURRENT'] : stages;
    for (const stage of labels) this.moveLabel(stage, token);
    if (labels.includes('AWSCURRENT') && previousCurrent !== undefined && previousCurrent !== token) this.moveLabel('AWSPREVIOUS', previousCurrent);
    this.afterEffect('putSecretValue');
  }

  async updateSecretVersionStage(secretId: string, stage: string, moveTo: string | undefined, removeFrom: string | undefined) {
    this.check('updateSecretVersionStage', secretId);
    const holder = [...this.versions].find(([, v]) => v.stages.has(stage))?.[0];
    // As the service documents: RemoveFromVersionId must name the version that has the label.
    if (removeFrom !== undefined && holder !== removeFrom) {
      throw awsError('InvalidParameterException', `${stage} is not attached to ${removeFrom}${holder === undefined ? '' : ` (it is on ${holder})`}`);
    }
    if (moveTo !== undefined && holder !== undefined && holder !== moveTo && holder !== removeFrom) {
      throw awsError('InvalidParameterException', `${stage} is on ${holder}; name it in RemoveFromVersionId`);
    }
    if (removeFrom !== undefined) this.versions.get(removeFrom)?.stages.delete(stage);
    if (moveTo !== undefined) {
      if (!this.versions.has(moveTo)) throw awsError('ResourceNotFoundException', `no version ${moveTo}`);
      this.moveLabel(stage, moveTo);
      if (stage === 'AWSCURRENT' && removeFrom !== undefined && removeFrom !== moveTo) this.moveLabel('AWSPREVIOUS', removeFrom);
    }
    this.afterEffect('updateSecretVersionStage');
  }

  private moveLabel(stage: string, to: string): void {
    for (const version of this.versions.values()) version.stages.delete(stage);
    const target = this.versions.get(to) ?? { stages: new Set<string>() };
    target.stages.add(stage);
    this.versions.set(to, target);
  }

  private check(method: keyof SecretsPort, secretId: string): void {
    if (secretId !== this.secretId) throw awsError('ResourceNotFoundException', `no secret ${secretId}`);
    if (this.failures.get(method) === 'before') {
      this.failures.delete(method);
      throw awsError('InternalServiceError', `injected failure in ${method}`);
    }
  }

  private afterEffect(method: keyof SecretsPort): void {
    if (this.failures.get(method) === 'after') {
      this.failures.delete(method);
      throw awsError('InternalServiceError', `injected lost response from ${method}`);
    }
  }
}
