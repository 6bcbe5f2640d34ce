import { describe, expect, it } from 'vitest';
import { isCredentialName, looksLikeCredential, mayHoldRequestSecret } from '../../lib/core/secret-patterns';

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

  it('shows ordinary paths and queries', () => {
    for (const text of ['/api/orders', '/static/app.3f9a.js', 'page=2&sort=-created', '/v1.2/files/report.final.pdf', 'q=how%20to%20drop%20a%20table'])
      expect(mayHoldRequestSecret(text), text).toBe(false);
  });

  it('stays linear on a megabyte of near-misses', () => {
    expect(mayHoldRequestSecret(`/${'token'.repeat(200_000)}`)).toBe(false);
  });
});
