import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { afterEach, describe, expect, it } from 'vitest';
import { HardenedSecrets } from '../../../lib/aws/secrets/hardened-secrets';
import { loadProfile, mergeProfileInput, parseProfile, toProfile } from '../../../lib/tooling';
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
  const values = {
    STRIPE_SECRET_KEY: 'sk_live_51Hx7Sentinel0fBulwarkTests',
    JWT_SIGNING_KEY: 'f00dfeed'.repeat(16),
    DATABASE_URL: 'postgres://app:Sentinel-Passw0rd@db:5432/app',
  };
  afterEach(() => {
    for (const name of Object.keys(values)) delete process.env[name];
  });

  it('never carry secret values from the environment into any template or asset', () => {
    Object.assign(process.env, values);
    const profile = parseProfile(
      mergeProfileInput(readProfileFile(strictExample).data, {
        secrets: {
          items: [
            { name: 'JWT_SIGNING_KEY', service: 'gateway', tier: 'critical', generate: { bytes: 64 } },
            { name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' },
            { name: 'DATABASE_URL', service: 'payment', database: { engine: 'postgres', username: 'app' } },
            { name: 'BUNDLE', service: 'payment', bundle: ['STRIPE_SECRET_KEY', 'DATABASE_URL'] },
          ],
        },
      }),
    );
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-secrets-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Secrets', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const database = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.POSTGRES,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    new HardenedSecrets(stack, 'Secrets', { profile: toProfile(profile), databases: { DATABASE_URL: database }, databaseRotation: { vpc } });
    app.synth();
    const files = filesUnder(outdir);
    expect(files.some((file) => file.endsWith('.template.json'))).toBe(true);
    expect(files.some((file) => file.includes('asset.') && file.endsWith('index.js'))).toBe(true);
    const leaks = files.flatMap((file) =>
      Object.entries(values)
        .filter(([, value]) => readFileSync(file, 'utf8').includes(value))
        .map(([name]) => `${name} in ${file}`),
    );
    expect(leaks).toEqual([]);
  });
});

describe("the strict example's secrets under the CloudFormation validator (strict mode)", () => {
  useCloudFormationValidator();

  it('have zero findings', () => {
    const profile = loadProfile(strictExample);
    expect(profile.secrets.items.length).toBeGreaterThan(0);
    expect(
      synthValidated((stack) => {
        new HardenedSecrets(stack, 'Secrets', { profile: toProfile(profile) });
      }),
    ).toEqual([]);
  });

  it('have zero findings with a key pair and a database secret under hosted rotation too', () => {
    const profile = parseProfile(
      mergeProfileInput(readProfileFile(strictExample).data, {
        secrets: {
          items: [
            { name: 'JWT_KEYS', service: 'gateway', tier: 'critical', generate: { keyPair: 'rsa-2048' } },
            { name: 'DATABASE', service: 'payment', tier: 'sensitive', database: { engine: 'postgres', username: 'app' } },
          ],
        },
      }),
    );
    expect(
      synthValidated((stack) => {
        const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
        const database = new rds.DatabaseInstance(stack, 'Db', {
          engine: rds.DatabaseInstanceEngine.POSTGRES,
          vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
          storageEncrypted: true,
        });
        new HardenedSecrets(stack, 'Secrets', { profile: toProfile(profile), databases: { DATABASE: database }, databaseRotation: { vpc } });
      }),
    ).toEqual([]);
  });
});
