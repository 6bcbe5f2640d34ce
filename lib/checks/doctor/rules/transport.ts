import { violationIf, type DoctorRule } from '../doctor-rule';

export const MIN_HSTS_SECONDS = 31_536_000;

export const tlsBelow12: DoctorRule = ({ profile }) =>
  violationIf(profile.tls.minVersion === '1.0' || profile.tls.minVersion === '1.1', 'tls.minVersion', `TLS ${profile.tls.minVersion}`);

export const shortHsts: DoctorRule = ({ profile }) =>
  violationIf(profile.tls.hsts.maxAgeSeconds < MIN_HSTS_SECONDS, 'tls.hsts.maxAgeSeconds', `${profile.tls.hsts.maxAgeSeconds} s`);

export const hstsWithoutSubdomains: DoctorRule = ({ profile }) =>
  violationIf(!profile.tls.hsts.includeSubdomains, 'tls.hsts.includeSubdomains', 'false');

/** Cloudflare talks to the origin in plaintext (off, flexible). */
export const cloudflareOriginPlaintext: DoctorRule = ({ profile }) =>
  violationIf(profile.edges.includes('cloudflare') && (profile.cloudflare.sslMode === 'off' || profile.cloudflare.sslMode === 'flexible'), 'cloudflare.sslMode', profile.cloudflare.sslMode);

/** Cloudflare encrypts to the origin but does not verify its certificate (full). */
export const cloudflareOriginUnverified: DoctorRule = ({ profile }) =>
  violationIf(profile.edges.includes('cloudflare') && profile.cloudflare.sslMode === 'full', 'cloudflare.sslMode', 'full');
