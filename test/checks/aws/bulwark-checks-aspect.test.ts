import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { Preset, Profile } from '../../../lib/tooling';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';

describe('BulwarkChecks added as an aspect', () => {
  it('fails synth with one error naming the fix (Validations.of(app).addPlugins)', () => {
    const app = new App();
    new secretsmanager.CfnSecret(new Stack(app, 'Stack'), 'Secret', {});
    Aspects.of(app).add(new BulwarkChecks(app, { profile: Profile.fromPreset(Preset.BASELINE, 'demo') }));
    expect(() => app.synth()).toThrow(
      'BulwarkChecks is a cdk-nag 3 validation plugin, not an aspect: instead of Aspects.of(app).add(new BulwarkChecks(…)), use Validations.of(app).addPlugins(new BulwarkChecks(app, { profile })).',
    );
  });
});
