import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { TrailProtected } from '../../../../../lib/checks/aws/rules/monitoring/TrailProtected';

/** A trail that records every region with a KMS key and signed files, but for what `isLogging` says. */
function judge(isLogging: (stack: Stack) => unknown) {
  const app = new App();
  const stack = new Stack(app, 'Audit');
  const trail = new cloudtrail.CfnTrail(stack, 'Trail', {
    isLogging: isLogging(stack) as boolean,
    s3BucketName: 'audit-bucket',
    isMultiRegionTrail: true,
    enableLogFileValidation: true,
    kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/x',
  });
  return TrailProtected(trail, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

describe('Bulwark-LOG3: the trail records', () => {
  it('passes a protected trail that is logging', () => {
    expect(judge(() => true)).toBe(COMPLIANT);
  });

  it('reports not-logging for a trail created stopped', () => {
    expect(judge(() => false)).toEqual(['not-logging']);
  });

  it('is unresolved when IsLogging is known only at deploy time', () => {
    expect(judge((stack) => new CfnParameter(stack, 'Logging', { type: 'String' }).valueAsString)).toEqual(UNRESOLVED);
  });
});
