// The custom resource event CloudFormation sends the initial-values gate, as the handler tests build it.
import type { CustomResourceEvent } from '../../../../lib/aws/secrets/rotation-handler/initial-values';

/** The secret the gate waits for. */
export const GATE_SECRET = 'production/gateway/JWT_SECRET';
/** A response URL of CloudFormation's (S3, signed), the only kind the handler answers. */
export const GATE_RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/signed?X-Amz-Signature=abc';

export const gateEvent = (RequestType: CustomResourceEvent['RequestType'], ResponseURL = GATE_RESPONSE_URL): CustomResourceEvent => ({
  RequestType,
  ResponseURL,
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Gate',
  PhysicalResourceId: 'bulwark-initial-values',
  ResourceProperties: { SecretIds: [GATE_SECRET] },
});
