import { describe, expect, it } from 'vitest';
import { isCredentialName, looksLikeCredential } from '../../lib/core/secret-patterns';

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
