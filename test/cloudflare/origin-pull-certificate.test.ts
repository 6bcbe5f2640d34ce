import { describe, expect, it } from 'vitest';
import { originPullCertificateProblems } from '../../lib/cloudflare/origin-pull-certificate';

describe('originPullCertificateProblems', () => {
  it('accepts a referenced private key with the pulls on', () => {
    expect(originPullCertificateProblems({ authenticatedOriginPulls: true, privateKeyIsReference: true })).toEqual([]);
  });

  it('refuses a literal private key and a certificate without the pulls, each with its field', () => {
    expect(originPullCertificateProblems({ authenticatedOriginPulls: false, privateKeyIsReference: false }).map((problem) => problem.field)).toEqual([
      'originPullCertificate',
      'originPullCertificate.privateKey',
    ]);
  });
});
