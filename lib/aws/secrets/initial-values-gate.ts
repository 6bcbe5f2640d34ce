import { CustomResource, Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** How long CloudFormation waits for the gate's answer: longer than the rotation function's timeout, so the function answers first. */
const GATE_SERVICE_TIMEOUT = Duration.seconds(300);

/** A secret Bulwark's function rotates, and its schedule. */
export interface RotatedSecret {
  readonly secret: secretsmanager.CfnSecret;
  readonly schedule: secretsmanager.CfnRotationSchedule;
}

/**
 * The custom resource (`InitialValues` under `scope`) that fails the deployment unless every
 * generated secret's first value fits its spec once its schedule's first rotation has run; the
 * service roles' policies wait for it.
 */
export function gateInitialValues(scope: Construct, rotation: lambda.Function, rotated: readonly RotatedSecret[]): CustomResource {
  const gate = new CustomResource(scope, 'InitialValues', {
    serviceToken: rotation.functionArn,
    resourceType: 'Custom::BulwarkInitialValues',
    // CloudFormation gives up on an answer after this (default: one hour); the function answers before its own timeout, which is shorter.
    serviceTimeout: GATE_SERVICE_TIMEOUT,
    properties: { SecretIds: rotated.map(({ secret }) => secret.ref) },
  });
  for (const { schedule } of rotated) gate.node.addDependency(schedule);
  return gate;
}
