import type { TlsCipherPolicy } from '../../profile/schema';

/*
 * The strictest tls.ciphers policy each predefined AWS security policy meets (see
 * lib/policy/tls-cipher-suites.ts), in Maps (a hostile name finds nothing); a policy not listed meets neither (it offers a
 * non-forward-secret or SHA-1 suite, or is unknown). Pure, without aws-cdk-lib (the checks use it).
 */

/**
 * ELB (ALB HTTPS, NLB TLS) policies. TLS 1.3-only ones and the restricted (Res) ones offer ECDHE
 * with AES-GCM only; TLS13-1-2 (and its PQ and FIPS variants), FS-1-2-Res-2019-08 add ECDHE
 * AES-CBC with SHA-256/384; Ext1, Ext2, FS-1-2-2019-08, TLS-1-2-2017-01 and the rest add
 * non-forward-secret (RSA key exchange) or SHA-1 suites.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const ELB_POLICY_CIPHERS: ReadonlyMap<string, TlsCipherPolicy> = new Map<string, TlsCipherPolicy>([
  ['ELBSecurityPolicy-TLS13-1-3-2021-06', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09', 'modern'],
  ['ELBSecurityPolicy-FS-1-2-Res-2020-10', 'modern'],
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'compatible'],
  ['ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', 'compatible'],
  ['ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', 'compatible'],
  ['ELBSecurityPolicy-FS-1-2-Res-2019-08', 'compatible'],
]);

/**
 * CloudFront viewer security policies (minimumProtocolVersion). TLSv1.2_2021 offers ECDHE with
 * AES-GCM or ChaCha20-Poly1305, TLSv1.2_2025 ECDHE with AES-GCM, TLSv1.3_2025 TLS 1.3 only;
 * TLSv1.2_2019 adds ECDHE AES-CBC with SHA-256/384; TLSv1.2_2018 and older add RSA key exchange.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const CLOUDFRONT_POLICY_CIPHERS: ReadonlyMap<string, TlsCipherPolicy> = new Map<string, TlsCipherPolicy>([
  ['TLSv1.3_2025', 'modern'],
  ['TLSv1.2_2025', 'modern'],
  ['TLSv1.2_2021', 'modern'],
  ['TLSv1.2_2019', 'compatible'],
]);
