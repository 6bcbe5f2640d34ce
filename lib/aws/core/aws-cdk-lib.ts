import type * as AwsCdkLib from 'aws-cdk-lib';
import type * as AwsIam from 'aws-cdk-lib/aws-iam';

// The AWS check rules are imported wherever their pack's definitions are read (the CLI, the
// catalogue, SARIF), including by Cloudflare-only and doctor-only users who have no aws-cdk-lib.
// The rules themselves run only inside a CDK app, so the library is loaded on their first call.

let core: typeof AwsCdkLib | undefined;
let iam: typeof AwsIam | undefined;

/** aws-cdk-lib, loaded on first use. */
export function awsCdkLib(): typeof AwsCdkLib {
  return (core ??= require('aws-cdk-lib') as typeof AwsCdkLib);
}

/** aws-cdk-lib/aws-iam, loaded on first use. */
export function awsIam(): typeof AwsIam {
  return (iam ??= require('aws-cdk-lib/aws-iam') as typeof AwsIam);
}
