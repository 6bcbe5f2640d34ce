import { allowsAnyOriginWithCredentials } from '../../../policy/invariants';
import { violationIf, type DoctorRule, type Violation } from '../doctor-rule';

/**
 * The directives of a Content-Security-Policy header as a browser reads them (split at ";",
 * sources at ASCII whitespace, a repeated directive ignored), so the doctor judges what is
 * sent, not the list as written.
 */
function renderedContentSecurityPolicy(header: string | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.split(/[\t\n\f\r ]+/).filter((token) => token !== '');
    if (name === undefined) continue;
    const directive = name.toLowerCase();
    if (!Object.hasOwn(directives, directive)) directives[directive] = sources;
  }
  return directives;
}

const UNSAFE_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'];

/** A CSP that lets scripts or plugins run from anywhere: no default-src, unsafe script sources, no object-src 'none'. */
export const weakContentSecurityPolicy: DoctorRule = ({ policy }) => {
  const csp = renderedContentSecurityPolicy(policy.headers.values['Content-Security-Policy']);
  const path = 'headers.contentSecurityPolicy';
  const found: Violation[] = [];
  if (csp['default-src'] === undefined) found.push({ path, observed: 'no default-src' });
  for (const directive of ['script-src', 'default-src'] as const) {
    const unsafe = (csp[directive] ?? []).filter((source) => UNSAFE_SCRIPT_SOURCES.includes(source));
    if (unsafe.length > 0 && (directive === 'script-src' || csp['script-src'] === undefined)) {
      found.push({ path: `${path}["${directive}"]`, observed: `${directive} allows ${unsafe.join(' ')}` });
    }
  }
  const objectSources = csp['object-src'] ?? csp['default-src'] ?? [];
  if (!objectSources.includes("'none'")) found.push({ path, observed: "object-src is not 'none'" });
  return found;
};

/** Framing allowed: X-Frame-Options is not DENY and CSP frame-ancestors is not 'none'. */
export const framingAllowed: DoctorRule = ({ profile, policy }) => {
  const ancestors = renderedContentSecurityPolicy(policy.headers.values['Content-Security-Policy'])['frame-ancestors'] ?? [];
  const denied = profile.headers.frameOptions === 'DENY' || (ancestors.length === 1 && ancestors[0] === "'none'");
  return violationIf(!denied, 'headers.frameOptions', `${profile.headers.frameOptions}, frame-ancestors ${ancestors.join(' ') || 'unset'}`);
};

const WEAK_REFERRER_POLICIES = ['unsafe-url', 'no-referrer-when-downgrade'];

/** A required header weaker than the guide's: leaky Referrer-Policy, XSS filter off, no Permissions-Policy. */
export const weakSecurityHeaders: DoctorRule = ({ profile }) => [
  ...violationIf(WEAK_REFERRER_POLICIES.includes(profile.headers.referrerPolicy), 'headers.referrerPolicy', profile.headers.referrerPolicy),
  ...violationIf(profile.headers.xssProtection === '0', 'headers.xssProtection', '"0"'),
  ...violationIf(Object.keys(profile.headers.permissionsPolicy).length === 0, 'headers.permissionsPolicy', 'no features restricted'),
];

export const corsWildcardWithCredentials: DoctorRule = ({ policy }) =>
  violationIf(allowsAnyOriginWithCredentials(policy.cors), 'cors.allowedOrigins', '"*" with allowCredentials: true');

export const corsWildcard: DoctorRule = ({ policy }) =>
  violationIf(policy.cors.allowAnyOrigin && !policy.cors.allowCredentials, 'cors.allowedOrigins', '"*"');

export const corsPlainHttpOrigin: DoctorRule = ({ profile }) =>
  profile.cors.allowedOrigins.flatMap((origin, index) => violationIf(origin.startsWith('http://'), `cors.allowedOrigins[${index}]`, origin));
