import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE } from '../../aws-rule';

/** An ACM certificate created in the app has an alarm on its DaysToExpiry (anywhere in the app). */
export const CertificateExpiryAlarm: AwsRule = (node, { index }) => {
  if (node.cfnResourceType !== 'AWS::CertificateManager::Certificate') return NOT_APPLICABLE;
  return compliantIf(index.alarmedCertificates.has(node));
};
