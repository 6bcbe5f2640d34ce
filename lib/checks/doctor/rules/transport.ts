import { acceptsTlsBelow12, isHstsMaxAgeTooShort, sendsPlaintextToOrigin } from '../../../policy/invariants';
import { violationIf, type DoctorRule } from '../doctor-rule';

export const tlsBelow12: DoctorRule = ({ profile }) =>
  violationIf(acceptsTlsBelow12(profile.tls.minVersion), 'tls.minVersion', `TLS ${profile.tls.minVersion}`);

export const shortHsts: DoctorRule = ({ profile }) =>
  violationIf(isHstsMaxAgeTooShort(profile.tls.hsts.maxAgeSeconds), 'tls.hsts.maxAgeSeconds', `${profile.tls.hsts.maxAgeSeconds} s`);

export const hstsWithoutSubdomains: DoctorRule = ({ profile }) => violationIf(!profile.tls.hsts.includeSubdomains, 'tls.hsts.includeSubdomains', 'false');

/** Cloudflare talks to the origin in plaintext (off, flexible). */
export const cloudflareOriginPlaintext: DoctorRule = ({ profile }) =>
  violationIf(profile.edges.includes('cloudflare') && sendsPlaintextToOrigin(profile.cloudflare.sslMode), 'cloudflare.sslMode', profile.cloudflare.sslMode);

/** Cloudflare encrypts to the origin but does not verify its certificate (full). */
export const cloudflareOriginUnverified: DoctorRule = ({ profile }) =>
  violationIf(profile.edges.includes('cloudflare') && profile.cloudflare.sslMode === 'full', 'cloudflare.sslMode', 'full');

/**
 * Cloudflare serves TLS 1.2 with suites the profile does not choose: without Advanced Certificate
 * Manager a zone cannot set them, so tls.ciphers is not enforced there (CloudflareZoneHardening
 * says so at synth too).
 */
export const cloudflareCiphersUnenforced: DoctorRule = ({ profile }) =>
  violationIf(
    profile.edges.includes('cloudflare') && profile.tls.minVersion === '1.2' && !profile.cloudflare.advancedCertificateManager,
    'tls.ciphers',
    `${profile.tls.ciphers} on Cloudflare without Advanced Certificate Manager`,
  );
