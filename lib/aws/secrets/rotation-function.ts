import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PINNED_SPECS_VARIABLE, writePinnedSpecs, type GenerationSpec } from './rotation-handler/generation-spec';

/** Lambda's limit on the total size of a function's environment variables. */
const LAMBDA_ENVIRONMENT_LIMIT = 4_096;

/** The rotation function's timeout; the gate's serviceTimeout is longer, so that the function answers first. */
const ROTATION_FUNCTION_TIMEOUT = Duration.seconds(240);

/**
 * Bulwark's rotation function (`RotationFunction`, with `RotationLogs` and `RotationRole`) under
 * `scope`, for the generated secrets whose specs `pins` holds by secret id.
 */
export function createRotationFunction(scope: Construct, pins: Readonly<Record<string, GenerationSpec>>): lambda.Function {
  const logGroup = new logs.LogGroup(scope, 'RotationLogs', { retention: logs.RetentionDays.ONE_YEAR });
  // Its own role, allowed to write only its own logs (instead of the AWS-managed basic execution policy).
  const role = new iam.Role(scope, 'RotationRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'Bulwark secret rotation' });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  const rotation = new lambda.Function(scope, 'RotationFunction', {
    description: 'Rotates secrets Bulwark generates (createSecret, setSecret, testSecret, finishSecret)',
    // The latest Node.js runtime in every region; looking it up per region loads the region database (~100 ms per synth).
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(rotationHandlerDirectory(), { exclude: ['*.ts', '*.map'] }),
    role,
    // RSA-4096 key generation, and the gate's wait for the first rotations, need the headroom;
    // shorter than the gate's serviceTimeout, so that CloudFormation always has the gate's answer.
    timeout: ROTATION_FUNCTION_TIMEOUT,
    memorySize: 512,
    logGroup,
    // The spec of each secret, pinned where a tag edit cannot reach it (the tag is only informative).
    environment: { [PINNED_SPECS_VARIABLE]: writePinnedSpecs(pins) },
    // At most one rotation per secret runs at a time, plus the gate: no more are ever needed.
    reservedConcurrentExecutions: Object.keys(pins).length + 1,
  });
  scope.node.addValidation({ validate: () => pinnedSpecsProblems(pins) });
  return rotation;
}

/** Why the pinned specs do not fit the function's environment, if they do not. */
export function pinnedSpecsProblems(pins: Readonly<Record<string, GenerationSpec>>): string[] {
  const size = PINNED_SPECS_VARIABLE.length + writePinnedSpecs(pins).length;
  return size > LAMBDA_ENVIRONMENT_LIMIT
    ? [
        `the pinned specs of ${Object.keys(pins).length} generated secrets take ${size} bytes of the rotation function's environment, above Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}: split the secrets over several HardenedSecrets`,
      ]
    : [];
}

/**
 * The compiled rotation handler: next to this file when running from the package's dist/,
 * else in dist/ of the project (built by `npm run build`, which npm ci runs through prepare).
 */
function rotationHandlerDirectory(): string {
  const beside = join(__dirname, 'rotation-handler');
  if (existsSync(join(beside, 'index.js'))) return beside;
  const built = join(__dirname, '..', '..', '..', 'dist', 'lib', 'aws', 'secrets', 'rotation-handler');
  if (existsSync(join(built, 'index.js'))) return built;
  throw new Error(`the compiled rotation handler is missing (looked in ${beside} and ${built}); run npm run build`);
}
