import { describe, expect, it } from 'vitest';
import { describeSecret, initialValue } from '../../../lib/aws/secrets/secret-defaults';
import { policySecret } from './secret-fixtures';

describe('describeSecret', () => {
  it('says how each kind of secret gets its value', () => {
    expect(describeSecret(policySecret({ source: 'generated', rotationDays: 30 }))).toBe('API_KEY of gateway: generated and rotated by Bulwark every 30 days');
    expect(describeSecret(policySecret({ source: 'database', database: { engine: 'mysql', username: 'app' } }))).toBe(
      'API_KEY of gateway: mysql credentials rotated by Secrets Manager every 90 days',
    );
    expect(describeSecret(policySecret({ source: 'bundle', bundle: ['A', 'B'] }))).toBe('API_KEY of gateway: JSON map of A, B; set the values out of band');
    expect(describeSecret(policySecret())).toContain('set the value out of band');
  });
});

describe('initialValue', () => {
  it('is the username and a random password for a database secret, a random placeholder otherwise', () => {
    expect(initialValue(policySecret({ source: 'database', database: { engine: 'postgres', username: 'app' } }))).toMatchObject({
      secretStringTemplate: '{"username":"app"}',
      generateStringKey: 'password',
      passwordLength: 32,
    });
    expect(initialValue(policySecret())).toEqual({ passwordLength: 64, excludePunctuation: true });
  });
});
