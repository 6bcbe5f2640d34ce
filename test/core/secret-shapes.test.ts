// Each credential shape and name the detector knows, one per case, so a pattern that stops
// matching fails its own case (mutation testing, issue 28). Test values, not live keys.
import { describe, expect, it } from 'vitest';
import { isCredentialName, looksLikeCredential, mayHoldSecret } from '../../lib/core/secret-patterns';

describe('isCredentialName', () => {
  it.each([
    'API_KEY',
    'API-KEY',
    'APIKEY',
    'ACCESS_KEY',
    'AWS_ACCESS-KEY',
    'ACCESSKEY',
    'PRIVATE-KEY',
    'PRIVATEKEY',
    'DB_PASSWD',
    'PWD',
    'GITHUB_TOKEN',
    'AWS_CREDENTIALS',
    'client_secret',
  ])('knows %s holds a credential', (name) => expect(isCredentialName(name)).toBe(true));

  it.each([
    'API_KEY_ID',
    'TOKEN_URI',
    'SECRET_ENDPOINT',
    'KEY_PATH',
    'TOKEN_TTL',
    'SECRET_REGION',
    'PASSWORD_FILE',
    'TOKEN_LENGTH',
    'PASSWORD_DAYS',
    'TOKEN_SECONDS',
  ])('knows %s only refers to or describes a credential', (name) => expect(isCredentialName(name)).toBe(false));

  it.each([
    'secretName',
    'tokenId',
    'apiKeyArn',
    'secretUrl',
    'tokenUri',
    'secretEndpoint',
    'keyPath',
    'secretRegion',
    'passwordFile',
    'tokenLength',
    'passwordDays',
    'tokenSeconds',
  ])('knows camelCase %s only refers to or describes a credential', (name) => expect(isCredentialName(name)).toBe(false));

  it('reads a suffix as a reference only at the end of the name, after a separator or a lower-case letter', () => {
    expect(isCredentialName('SECRET_NAME_VALUE')).toBe(true);
    expect(isCredentialName('SECRETNAME')).toBe(true);
    expect(isCredentialName('PASSWORDId')).toBe(true);
    expect(isCredentialName('tokenIdentity')).toBe(true);
    expect(isCredentialName('secretNameHint')).toBe(true);
  });
});

describe('looksLikeCredential', () => {
  it.each([
    ['a Stripe test key', 'sk_test_4eC39HqLyjWD'],
    ['a Stripe restricted key', 'rk_live_4eC39HqLyjWD'],
    ['a Stripe restricted test key', 'rk_test_4eC39HqLyjWD'],
    ['an AWS temporary access key', 'ASIAIOSFODNN7EXAMPLE'],
    ['a GitHub OAuth token', 'gho_16C7e42F292c6912E77'],
    ['a GitHub user-to-server token', 'ghu_16C7e42F292c6912E77'],
    ['a GitHub server-to-server token', 'ghs_16C7e42F292c6912E77'],
    ['a GitHub refresh token', 'ghr_16C7e42F292c6912E77'],
    ['a GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789'],
    ['a Slack bot token', 'xoxb-17653672481-19874698323'],
    ['a Slack user token', 'xoxp-17653672481-19874698323'],
    ['a Slack app token', 'xapp-1-A0123456789-0123456789'],
    ['an OpenAI key', 'sk-abcdefghij0123456789'],
    ['an OpenAI project key', 'sk-proj-abcdefghij0123'],
    ['an Anthropic key', 'sk-ant-api03abcdefghij'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'],
    ['a PEM private key', '-----BEGIN PRIVATE KEY-----'],
    ['an EC PEM private key', '-----BEGIN EC PRIVATE KEY-----'],
    ['a URL with a password', 'postgres://admin:S3cret@db.internal/app'],
    ['a URL with only a password', 'rediss://:S3cret@cache.internal:6379'],
    ['a key inside other text', 'export STRIPE=sk_live_4eC39HqLyjWD'],
    ['a key after a quote', '"xoxb-17653672481"'],
  ])('knows %s', (_kind, value) => expect(looksLikeCredential(value)).toBe(true));

  it.each([
    ['a key prefix inside a word', 'mask_live_4eC39HqLyjWD'],
    ['a short sk- value', 'sk-abcdefghi'],
    ['an AWS key ID that is too short', 'AKIAIOSFODNN7EXAMP'],
    ['an AWS key ID in lower case', 'akiaiosfodnn7example'],
    ['a URL with a user but no password', 'https://admin@example.com/path'],
    ['a URL whose colon is in the path', 'https://example.com/a:b@c'],
    ['a PEM public key', '-----BEGIN PUBLIC KEY-----'],
    ['a base64 text that is not a JWT', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('leaves alone %s', (_kind, value) => expect(looksLikeCredential(value)).toBe(false));
});

describe('mayHoldSecret', () => {
  it('takes a long run mixing upper case, lower case and digits for a secret', () => {
    expect(mayHoldSecret('Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0Ns')).toBe(true);
    expect(mayHoldSecret('key: Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0Ns.')).toBe(true);
    expect(mayHoldSecret('sk_live_4eC39HqLyjWD')).toBe(true);
  });

  it('does not take a short run, or a long one missing a kind of character, for a secret', () => {
    expect(mayHoldSecret('Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0N')).toBe(false);
    expect(mayHoldSecret('zq4xv9lm2tn8rb5wc7yd1kf3hg6jp0ns')).toBe(false);
    expect(mayHoldSecret('ZQ4XV9LM2TN8RB5WC7YD1KF3HG6JP0NS')).toBe(false);
    expect(mayHoldSecret('ZqXvLmTnRbWcYdKfHgJpNsAbCdEfGhIj')).toBe(false);
    expect(mayHoldSecret('short words, Mixed 42 and all')).toBe(false);
  });

  it('looks past a first long run that is not a secret to a later one that is', () => {
    expect(mayHoldSecret(`${'a'.repeat(40)} Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0Ns`)).toBe(true);
  });
});
