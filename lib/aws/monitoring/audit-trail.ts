import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AuditTrailProps {
  /**
   * The key encrypting the trail's log files.
   * @default - a new key with rotation enabled, usable by CloudTrail for this account's trails only
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A CloudTrail trail for an account that has none: every region, global service events, log
 * files encrypted with a KMS key and signed (file validation), in a private, TLS-only,
 * versioned bucket that is kept when the stack is deleted, whose own access is logged to a
 * second bucket like it (reads of the audit trail are themselves audited). The secret read audit
 * (monitoring.auditSecretReads) depends on CloudTrail management events.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly bucket: s3.Bucket;
  /** The bucket the trail bucket's server access logs go to. */
  public readonly accessLogBucket: s3.Bucket;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? this.createKey();
    const privateBucket = {
      // CloudTrail encrypts each log file with the trail's key; the bucket default covers anything else.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', privateBucket);
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket holds the access logs of the CloudTrail bucket; logging access to it would log the logs.',
    });
    this.bucket = new s3.Bucket(this, 'Bucket', { ...privateBucket, serverAccessLogsBucket: this.accessLogBucket });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      encryptionKey: this.encryptionKey,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
  }

  /** CloudTrail encrypts with a key only when the key policy lets it, for this account's trails. */
  private createKey(): kms.Key {
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: `Encrypts the CloudTrail log files of ${this.node.path}` });
    const stack = Stack.of(this);
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncrypt',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
      }),
    );
    return key;
  }
}
