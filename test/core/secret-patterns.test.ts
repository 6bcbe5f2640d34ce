import { describe, expect, it } from 'vitest';
import { isCredentialName, looksLikeCredential, looksLikeReference, mayHoldRequestSecret, mayHoldSecret } from '../../lib/core/secret-patterns';

describe('isCredentialName', () => {
  it('knows names that hold a credential', () => {
    for (const name of ['DB_PASSWORD', 'STRIPE_SECRET_KEY', 'API_TOKEN', 'apiKey', 'PRIVATE_KEY', 'password']) expect(isCredentialName(name)).toBe(true);
  });

  it('does not take a name that locates or describes a credential for one', () => {
    for (const name of ['JWT_SECRET_NAME', 'TOKEN_URL', 'API_KEY_ARN', 'SECRET_ID', 'tokenTtl', 'secretBytes', 'LOG_LEVEL'])
      expect(isCredentialName(name)).toBe(false);
  });
});

describe('looksLikeCredential', () => {
  it('knows the shapes of common keys, JWTs and PEM private keys', () => {
    for (const value of [
      'sk_live_51Habcdef',
      'AKIAABCDEFGHIJKLMNOP',
      'ghp_abcdef',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      '-----BEGIN RSA PRIVATE KEY-----',
    ])
      expect(looksLikeCredential(value)).toBe(true);
  });

  it('leaves ordinary values alone', () => {
    for (const value of ['production/gateway/JWT_SECRET', 'https://auth.example.com', 'info', 'sk-short']) expect(looksLikeCredential(value)).toBe(false);
  });
});

describe('mayHoldRequestSecret', () => {
  it('hides reset tokens, session ids and credential parameters in paths and queries', () => {
    for (const text of [
      '/reset/8f14e45fceea167a5a36dedd4bea2543',
      '/reset?token=abc',
      'access_token=ya29',
      'password=hunter2',
      ';jsessionid=1234',
      'X-Amz-Signature=abc',
    ])
      expect(mayHoldRequestSecret(text), text).toBe(true);
  });

  it('hides what any value may hold as a secret, even with no credential parameter or long token in it', () => {
    for (const text of ['-----BEGIN RSA PRIVATE KEY-----', 'https://admin:s3cret@db.example.com/app']) expect(mayHoldRequestSecret(text), text).toBe(true);
  });

  it('shows ordinary paths and queries', () => {
    for (const text of ['/api/orders', '/static/app.3f9a.js', 'page=2&sort=-created', '/v1.2/files/report.final.pdf', 'q=how%20to%20drop%20a%20table'])
      expect(mayHoldRequestSecret(text), text).toBe(false);
  });

  it('stays linear on a megabyte of near-misses', () => {
    expect(mayHoldRequestSecret(`/${'token'.repeat(200_000)}`)).toBe(false);
  });
});

describe('looksLikeReference', () => {
  it('takes ARNs, dynamic references, header names, file paths and plain URLs for references to a credential', () => {
    for (const value of [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf',
      '{{resolve:secretsmanager:db:SecretString:password}}',
      'X-Amz-Security-Token',
      'authorization',
      '/run/secrets/db_password',
      './token',
      'https://vault.example.com/v1/secret/data/db',
    ])
      expect(looksLikeReference(value), value).toBe(true);
  });

  it('does not take a credential, or text that only contains a reference prefix, for a reference', () => {
    for (const value of [
      'hunter2',
      'password-arn:aws:secret',
      'my {{resolve:ssm:x}}',
      // A reference's shape holding a random-looking key is a key written as a path or URL.
      '/keys/wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY42',
      'https://hooks.slack.com/services/T000/B000/XXXX',
      'https://admin:s3cret@db.example.com/app',
    ])
      expect(looksLikeReference(value), value).toBe(false);
  });
});

describe('mayHoldSecret', () => {
  it('takes a long run mixing upper case, lower case and digits for a secret, not a long run missing one of them', () => {
    expect(mayHoldSecret('wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY42')).toBe(true);
    for (const value of ['0123456789abcdef0123456789abcdef0123', 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH12', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'])
      expect(mayHoldSecret(value), value).toBe(false);
  });
});
