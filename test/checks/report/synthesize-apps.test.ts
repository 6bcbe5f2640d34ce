import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeApp } from '../../../lib/checks/report/synthesize-apps';

/** A directory whose cdk.json / cdktf.json app records the environment it was run with. */
function recordingApp(kind: 'cdk' | 'cdktf'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-synth-env-'));
  const app = `node -e "require('fs').writeFileSync('seen.json', JSON.stringify({ context: process.env.CDK_CONTEXT_JSON, profile: process.env.BULWARK_PROFILE }))"`;
  writeFileSync(join(dir, kind === 'cdk' ? 'cdk.json' : 'cdktf.json'), JSON.stringify({ app, context: { region: 'eu-west-1' } }));
  return dir;
}

const seen = (dir: string) => JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8')) as { context?: string; profile?: string };

describe('synthesizeApp', () => {
  it('hands the profile to a CDK app as context key `profile` and BULWARK_PROFILE, as an absolute path, keeping cdk.json context', () => {
    const dir = recordingApp('cdk');
    expect(synthesizeApp('cdk', dir, () => undefined, 'profiles/mine.yaml')).toHaveProperty('outdir');
    const { context, profile } = seen(dir);
    expect(profile).toBe(resolve('profiles/mine.yaml'));
    expect(JSON.parse(context ?? '{}')).toEqual({
      region: 'eu-west-1',
      profile: resolve('profiles/mine.yaml'),
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    });
  });

  it('hands it to a cdktf app as BULWARK_PROFILE, and hands nothing when no profile is given', () => {
    const cdktf = recordingApp('cdktf');
    synthesizeApp('cdktf', cdktf, () => undefined, '/abs/profile.yaml');
    expect(seen(cdktf).profile).toBe('/abs/profile.yaml');
    const none = recordingApp('cdk');
    synthesizeApp('cdk', none, () => undefined);
    expect(seen(none).profile).toBeUndefined();
    expect(JSON.parse(seen(none).context ?? '{}')).not.toHaveProperty('profile');
  });
});
