import { describe, expect, it } from 'vitest';
import { cipherPolicyMeets, FORWARD_SECRET_AEAD_SUITES, FORWARD_SECRET_CBC_SUITES, suiteAllowed, tls12SuitesFor } from '../../lib/policy/tls-cipher-suites';

describe('the TLS 1.2 suites of each cipher policy', () => {
  it('lists only ECDHE suites: AES-GCM or ChaCha20-Poly1305 for modern, adding AES-CBC with SHA-256/384 for compatible', () => {
    expect(tls12SuitesFor('modern')).toEqual(FORWARD_SECRET_AEAD_SUITES);
    expect(tls12SuitesFor('compatible')).toEqual([...FORWARD_SECRET_AEAD_SUITES, ...FORWARD_SECRET_CBC_SUITES]);
    for (const suite of tls12SuitesFor('compatible')) expect(suite.startsWith('ECDHE-')).toBe(true);
    for (const suite of FORWARD_SECRET_AEAD_SUITES) expect(suite.includes('GCM') || suite.includes('CHACHA20-POLY1305')).toBe(true);
    for (const suite of FORWARD_SECRET_CBC_SUITES) expect(suite.endsWith('-SHA256') || suite.endsWith('-SHA384')).toBe(true);
  });

  it('allows every TLS 1.3 suite, refuses RSA key exchange, SHA-1 and unknown names under both policies', () => {
    for (const ciphers of ['modern', 'compatible'] as const) {
      expect(suiteAllowed('TLS_AES_128_GCM_SHA256', ciphers)).toBe(true);
      expect(suiteAllowed('AEAD-CHACHA20-POLY1305-SHA256', ciphers)).toBe(true);
      for (const weak of ['AES128-GCM-SHA256', 'AES256-SHA', 'ECDHE-RSA-AES128-SHA', 'DES-CBC3-SHA', 'constructor', ''])
        expect(suiteAllowed(weak, ciphers)).toBe(false);
    }
    expect(suiteAllowed('ECDHE-RSA-AES128-SHA256', 'modern')).toBe(false);
    expect(suiteAllowed('ECDHE-RSA-AES128-GCM-SHA256', 'modern')).toBe(true);
    expect(suiteAllowed('ECDHE-ECDSA-CHACHA20-POLY1305', 'compatible')).toBe(true);
    expect(suiteAllowed('ECDHE-RSA-AES128-SHA256', 'compatible')).toBe(true);
  });

  it('takes a policy meeting modern for both, one meeting compatible for compatible only, and an unknown one for neither', () => {
    expect(cipherPolicyMeets('modern', 'modern')).toBe(true);
    expect(cipherPolicyMeets('modern', 'compatible')).toBe(true);
    expect(cipherPolicyMeets('compatible', 'modern')).toBe(false);
    expect(cipherPolicyMeets('compatible', 'compatible')).toBe(true);
    expect(cipherPolicyMeets(undefined, 'compatible')).toBe(false);
  });
});
