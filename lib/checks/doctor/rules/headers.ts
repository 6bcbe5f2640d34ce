import { allowsAnyOriginWithCredentials } from '../../../policy/invariants';
import type { Violation } from '../../violation';
import { violationIf, type DoctorRule } from '../doctor-rule';

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

/** Script sources that let any script run: inline or eval'd code, any host, or a whole scheme. */
const UNSAFE_SCRIPT_KEYWORDS = ["'unsafe-inline'", "'unsafe-eval'"];
const WHOLE_SCHEMES = ['http:', 'https:', 'data:', 'blob:', 'filesystem:', 'ws:', 'wss:'];
/** A host source whose host is `*`: any host (with or without a scheme or port). */
const ANY_HOST = /^([a-z][a-z0-9+.-]*:\/\/)?\*(:(\d+|\*))?(\/.*)?$/;

function isUnsafeScriptSource(source: string): boolean {
  const lower = source.toLowerCase();
  return UNSAFE_SCRIPT_KEYWORDS.includes(lower) || WHOLE_SCHEMES.includes(lower) || ANY_HOST.test(lower);
}

/** The directives that decide which scripts run, each falling back as browsers do (…-elem/-attr → script-src → default-src). */
const SCRIPT_DIRECTIVES = ['script-src', 'script-src-elem', 'script-src-attr'] as const;

/** A CSP that lets scripts or plugins run from anywhere: no default-src, unsafe script sources, no object-src 'none'. */
export const weakContentSecurityPolicy: DoctorRule = ({ policy }) => {
  const csp = renderedContentSecurityPolicy(policy.headers.values['Content-Security-Policy']);
  const path = 'headers.contentSecurityPolicy';
  const found: Violation[] = [];
  if (csp['default-src'] === undefined) found.push({ path, observed: 'no default-src' });
  for (const directive of SCRIPT_DIRECTIVES) {
    const effective = csp[directive] ?? (directive === 'script-src' ? undefined : csp['script-src']) ?? csp['default-src'] ?? [];
    const unsafe = effective.filter(isUnsafeScriptSource);
    // Report where the sources are written: the directive itself, else the one it falls back to.
    const source = csp[directive] !== undefined ? directive : csp['script-src'] !== undefined && directive !== 'script-src' ? 'script-src' : 'default-src';
    if (unsafe.length > 0 && !found.some((violation) => violation.path === `${path}["${source}"]`))
      found.push({ path: `${path}["${source}"]`, observed: `${source} allows ${unsafe.join(' ')}` });
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

export const corsWildcard: DoctorRule = ({ policy }) => violationIf(policy.cors.allowAnyOrigin && !policy.cors.allowCredentials, 'cors.allowedOrigins', '"*"');

export const corsPlainHttpOrigin: DoctorRule = ({ profile }) =>
  profile.cors.allowedOrigins.flatMap((origin, index) => violationIf(origin.startsWith('http://'), `cors.allowedOrigins[${index}]`, origin));
