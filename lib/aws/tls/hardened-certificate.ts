import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { SecurityAlarms } from '../monitoring/security-alarms';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';

export interface HardenedCertificateProps {
  /** Domain of a new DNS-validated certificate. Give this or `certificateArn`. */
  readonly domainName?: string;
  /**
   * More names on a new certificate.
   * @default - none
   */
  readonly subjectAlternativeNames?: string[];
  /**
   * Hosted zone for the validation records of a new certificate.
   * @default - validation records are created by hand (the certificate stays pending until then)
   */
  readonly hostedZone?: route53.IHostedZone;
  /** ARN of an existing ACM certificate to watch instead of creating one. */
  readonly certificateArn?: string;
  /** The alarms the expiry alarms join: their topic and the profile's thresholds. */
  readonly alarms: SecurityAlarms;
}

/**
 * An ACM certificate (new and DNS-validated, or imported by ARN) with expiry alarms at the
 * profile's warning and critical thresholds (30 and 7 days by default), notifying the
 * SecurityAlarms topic.
 */
export class HardenedCertificate extends Construct {
  public readonly certificate: acm.ICertificate;
  public readonly warningAlarm: cloudwatch.Alarm;
  public readonly criticalAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: HardenedCertificateProps) {
    super(scope, id);
    if ((props.domainName === undefined) === (props.certificateArn === undefined)) {
      throw new HardeningValidationError(this, [
        { field: 'domainName', message: 'give exactly one of domainName (a new certificate) and certificateArn (an existing one)' },
      ]);
    }
    this.certificate =
      props.certificateArn !== undefined
        ? acm.Certificate.fromCertificateArn(this, 'Resource', props.certificateArn)
        : new acm.Certificate(this, 'Resource', {
            domainName: props.domainName as string,
            subjectAlternativeNames: props.subjectAlternativeNames ? [...props.subjectAlternativeNames] : undefined,
            validation: acm.CertificateValidation.fromDns(props.hostedZone),
          });

    const alarms = props.alarms.alarmOnCertificate(this.certificate, this);
    this.warningAlarm = alarms.warning;
    this.criticalAlarm = alarms.critical;
  }
}
