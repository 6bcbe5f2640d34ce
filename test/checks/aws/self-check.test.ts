import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { Profile } from '../../../lib/tooling';
import { addStrictEdge } from '../../support/strict-edge';
import { join } from 'node:path';

function strictApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Edge', { env: { account: '123456789012', region: 'us-east-1' } });
  addStrictEdge(stack);
  // The bastion is the fixture's own instance (there to exercise RequireImdsv2), not a Bulwark construct.
  Validations.of(stack.node.findChild('Bastion')).acknowledge(
    { id: 'AwsSolutions-EC26', reason: 'test fixture instance' },
    { id: 'AwsSolutions-EC28', reason: 'test fixture instance' },
    { id: 'AwsSolutions-EC29', reason: 'test fixture instance' },
  );
  return app;
}

describe("Bulwark's own constructs on the strict example", () => {
  it('get zero findings from BulwarkChecks', () => {
    const profile = Profile.fromFile(join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml'));
    expect(
      new BulwarkChecks(undefined, { profile }).validateScope(strictApp()).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
  });

  it('get no unacknowledged AwsSolutions findings (each acknowledgement carries its reason)', () => {
    expect(new AwsSolutionsChecks().validateScope(strictApp()).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
  });
});
