import type { TlsCipherPolicy } from '../profile/schema';

/*
 * The TLS 1.2 cipher suites each tls.ciphers policy allows, in OpenSSL/BoringSSL names (the
 * names ELB, CloudFront and Cloudflare's `ciphers` setting use). Every one is forward-secret
 * (ECDHE); modern adds nothing but AEAD. TLS 1.3 suites are all forward-secret AEAD, so a TLS
 * 1.3 floor meets either policy. Sets as in Cloudflare's "modern" and "compatible" security
 * levels: https://developers.cloudflare.com/ssl/edge-certificates/additional-options/cipher-suites/recommendations/
 */

/** ECDHE with AES-GCM or ChaCha20-Poly1305: forward-secret AEAD. */
export const FORWARD_SECRET_AEAD_SUITES: readonly string[] = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
];

/** ECDHE with AES-CBC and SHA-256/384: forward-secret, not AEAD (no SHA-1 suites). */
export const FORWARD_SECRET_CBC_SUITES: readonly string[] = [
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
];

/** TLS 1.3 suite names (IANA, and BoringSSL's AEAD-… as Cloudflare lists them): all forward-secret AEAD. */
export const TLS13_SUITES: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'AEAD-AES128-GCM-SHA256',
  'AEAD-AES256-GCM-SHA384',
  'AEAD-CHACHA20-POLY1305-SHA256',
];

/** The TLS 1.2 suites a cipher policy allows, in preference order. */
export function tls12SuitesFor(ciphers: TlsCipherPolicy): readonly string[] {
  return ciphers === 'modern' ? FORWARD_SECRET_AEAD_SUITES : [...FORWARD_SECRET_AEAD_SUITES, ...FORWARD_SECRET_CBC_SUITES];
}

/** Whether a suite, by name, is one a cipher policy allows (a TLS 1.3 suite always is); an unknown name is not. */
export function suiteAllowed(suite: string, ciphers: TlsCipherPolicy): boolean {
  return TLS13_SUITES.includes(suite) || tls12SuitesFor(ciphers).includes(suite);
}

/**
 * Whether an edge's named policy, known to meet `meets` (modern: forward-secret AEAD only;
 * compatible: forward-secret only; undefined: neither), satisfies the profile's `required`.
 */
export function cipherPolicyMeets(meets: TlsCipherPolicy | undefined, required: TlsCipherPolicy): boolean {
  return meets === 'modern' || (meets === 'compatible' && required === 'compatible');
}
