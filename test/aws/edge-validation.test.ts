import { describe, expect, it } from 'vitest';
import { addStrictEdge } from '../support/strict-edge';
import { synthValidated, useCloudFormationValidator } from '../support/synth-validated';

describe('the strict example edge under the CloudFormation validator (strict mode)', () => {
  useCloudFormationValidator();

  it('has zero findings: listener, certificate, security groups, headers, distribution, both Web ACLs, secrets, alarms, IMDSv2', () => {
    expect(synthValidated(addStrictEdge, 'us-east-1')).toEqual([]);
  });
});
