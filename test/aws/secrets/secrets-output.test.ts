import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { HardenedSecrets } from '../../../lib/aws/secrets/hardened-secrets';
import { loadProfile, mergeProfileInput, parseProfile } from '../../../lib';
import { readProfileFile } from '../../../lib/profile/load';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';

const strictExample = join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('synthesized secrets', () => {
  // What a CI job or a developer shell typically holds: real values in the environment.
  const values = { STRIPE_SECRET_KEY: 'sk_live_51Hx7Sentinel0fBulwarkTests', JWT_SIGNING_KEY: 'f00dfeed'.repeat(16), DATABASE_URL: 'postgres://app:Sentinel-Passw0rd@db:5432/app' };
  afterEach(() => { for (const name of Object.keys(values)) delete process.env[name]; });

  it('never contain a secret value, in any template or asset', () => {
    Object.assign(process.env, values);
    const profile = parseProfile(mergeProfileInput(readProfileFile(strictExample).data, {
      secrets: { items: [
        { name: 'JWT_SIGNING_KEY', service: 'gateway', tier: 'critical', generate: { bytes: 64 } },
        { name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' },
        { name: 'DATABASE_URL', service: 'payment', database: { engine: 'postgres', username: 'app' } },
        { name: 'BUNDLE', service: 'payment', bundle: ['STRIPE_SECRET_KEY', 'DATABASE_URL'] },
      ] },
    }));
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-secrets-'));
    const app = new App({ outdir });
    new HardenedSecrets(new Stack(app, 'Secrets', { env: { account: '123456789012', region: 'eu-west-1' } }), 'Secrets', { profile });
    app.synth();
    const files = filesUnder(outdir);
    expect(files.some((file) => file.endsWith('.template.json'))).toBe(true);
    expect(files.some((file) => file.includes('asset.') && file.endsWith('index.js'))).toBe(true);
    const leaks = files.flatMap((file) => Object.entries(values).filter(([, value]) => readFileSync(file, 'utf8').includes(value)).map(([name]) => `${name} in ${file}`));
    expect(leaks).toEqual([]);
  });
});

describe("the strict example's secrets under the CloudFormation validator (strict mode)", () => {
  useCloudFormationValidator();

  it('have zero findings', () => {
    const profile = loadProfile(strictExample);
    expect(profile.secrets.items.length).toBeGreaterThan(0);
    expect(synthValidated((stack) => { new HardenedSecrets(stack, 'Secrets', { profile }); })).toEqual([]);
  });
});
