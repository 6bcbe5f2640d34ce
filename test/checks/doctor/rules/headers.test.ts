import { describe, expect, it } from 'vitest';
import type { DoctorContext } from '../../../../lib/checks/doctor/doctor-rule';
import {
  corsPlainHttpOrigin,
  corsWildcard,
  corsWildcardWithCredentials,
  framingAllowed,
  weakContentSecurityPolicy,
  weakSecurityHeaders,
} from '../../../../lib/checks/doctor/rules/headers';
import { doctorContext, violations } from './doctor-context';

const CSP = 'headers.contentSecurityPolicy';

/** The strict example sending a Content-Security-Policy header as written (undefined: none), as a browser receives it. */
function sending(header: string | undefined, patch: Record<string, unknown> = {}): DoctorContext {
  const { profile, policy } = doctorContext(patch);
  const values: Record<string, string> = { ...policy.headers.values };
  if (header === undefined) delete values['Content-Security-Policy'];
  else values['Content-Security-Policy'] = header;
  return { profile, policy: { ...policy, headers: { ...policy.headers, values } } };
}

const SAFE = "default-src 'self'; object-src 'none'";

describe('weakContentSecurityPolicy', () => {
  it("passes the strict example and a default-src with object-src 'none'", () => {
    expect(violations(weakContentSecurityPolicy)).toEqual([]);
    expect(weakContentSecurityPolicy(sending(SAFE))).toEqual([]);
  });

  it("reports no header as no default-src and an object-src that is not 'none'", () => {
    const found = [
      { path: CSP, observed: 'no default-src' },
      { path: CSP, observed: "object-src is not 'none'" },
    ];
    expect(weakContentSecurityPolicy(sending(undefined))).toEqual(found);
    expect(weakContentSecurityPolicy(sending(''))).toEqual(found);
  });

  it("reports a missing default-src alone when object-src is 'none'", () => {
    expect(weakContentSecurityPolicy(sending("script-src 'self'; object-src 'none'"))).toEqual([{ path: CSP, observed: 'no default-src' }]);
  });

  it.each([
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'UNSAFE-INLINE'",
    'http:',
    'https:',
    'data:',
    'blob:',
    'filesystem:',
    'ws:',
    'wss:',
    'HTTPS:',
    '*',
    'https://*',
    '*:443',
    '*:*',
    'http://*:8080/js/',
    '*/static',
  ])('reports a default-src allowing %s once, where it is written, though every script directive falls back to it', (source) => {
    expect(weakContentSecurityPolicy(sending(`default-src 'self' ${source}; object-src 'none'`))).toEqual([
      { path: `${CSP}["default-src"]`, observed: `default-src allows ${source}` },
    ]);
  });

  it.each(["'self'", "'none'", 'https://cdn.example.com', '*.example.com', 'https://*.example.com', "'nonce-abc123'", "'strict-dynamic'", 'example.com:*'])(
    'passes a script source %s that names what may run',
    (source) => {
      expect(weakContentSecurityPolicy(sending(`default-src ${source}; script-src ${source}; object-src 'none'`))).toEqual([]);
    },
  );

  it('reports unsafe sources of script-src at script-src, once for the directives that fall back to it', () => {
    expect(weakContentSecurityPolicy(sending("default-src 'self'; script-src 'self' https: 'unsafe-eval'; object-src 'none'"))).toEqual([
      { path: `${CSP}["script-src"]`, observed: "script-src allows https: 'unsafe-eval'" },
    ]);
  });

  it('judges what script-src allows, not the default-src it overrides', () => {
    expect(weakContentSecurityPolicy(sending("default-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'"))).toEqual([]);
  });

  it('reports script-src-elem and script-src-attr at their own directive', () => {
    expect(weakContentSecurityPolicy(sending("default-src 'self'; script-src-elem *; script-src-attr 'unsafe-inline'; object-src 'none'"))).toEqual([
      { path: `${CSP}["script-src-elem"]`, observed: 'script-src-elem allows *' },
      { path: `${CSP}["script-src-attr"]`, observed: "script-src-attr allows 'unsafe-inline'" },
    ]);
  });

  it('reports script-src and a script-src-attr that overrides it each at its own directive', () => {
    expect(weakContentSecurityPolicy(sending("default-src 'self'; script-src data:; script-src-attr 'unsafe-inline'; object-src 'none'"))).toEqual([
      { path: `${CSP}["script-src"]`, observed: 'script-src allows data:' },
      { path: `${CSP}["script-src-attr"]`, observed: "script-src-attr allows 'unsafe-inline'" },
    ]);
  });

  it("takes object-src from default-src when it is unset, and reports an object-src other than 'none'", () => {
    expect(weakContentSecurityPolicy(sending("default-src 'none'"))).toEqual([]);
    expect(weakContentSecurityPolicy(sending("default-src 'self'"))).toEqual([{ path: CSP, observed: "object-src is not 'none'" }]);
    expect(weakContentSecurityPolicy(sending("default-src 'none'; object-src 'self'"))).toEqual([{ path: CSP, observed: "object-src is not 'none'" }]);
  });

  it('reads the header as a browser does: the first of a repeated directive, names in any case, any ASCII whitespace, empty parts', () => {
    expect(weakContentSecurityPolicy(sending("default-src 'self'; object-src 'none'; object-src *"))).toEqual([]);
    expect(weakContentSecurityPolicy(sending("default-src 'self'; object-src *; object-src 'none'"))).toEqual([
      { path: CSP, observed: "object-src is not 'none'" },
    ]);
    expect(weakContentSecurityPolicy(sending("DEFAULT-SRC 'self'; Object-Src 'none'"))).toEqual([]);
    expect(weakContentSecurityPolicy(sending("\tdefault-src\t'self'\n;\r\fobject-src  'none' ;; ;"))).toEqual([]);
    expect(weakContentSecurityPolicy(sending("default-src 'self'; script-src 'self'; script-src 'unsafe-inline'; object-src 'none'"))).toEqual([]);
  });

  it('does not take a directive named like an object property for one the header sets', () => {
    expect(weakContentSecurityPolicy(sending("constructor 'x'; toString 'y'; default-src 'self'; object-src 'none'"))).toEqual([]);
  });
});

describe('framingAllowed', () => {
  const sameOrigin = { headers: { frameOptions: 'SAMEORIGIN' } };

  it("passes X-Frame-Options DENY, or frame-ancestors 'none' alone", () => {
    expect(violations(framingAllowed)).toEqual([]);
    expect(framingAllowed(sending(SAFE))).toEqual([]);
    expect(framingAllowed(sending(`${SAFE}; frame-ancestors 'none'`, sameOrigin))).toEqual([]);
  });

  it('reports SAMEORIGIN with frame-ancestors unset, or allowing any framer', () => {
    expect(framingAllowed(sending(SAFE, sameOrigin))).toEqual([{ path: 'headers.frameOptions', observed: 'SAMEORIGIN, frame-ancestors unset' }]);
    expect(framingAllowed(sending(`${SAFE}; frame-ancestors 'self' https://a.example.com`, sameOrigin))).toEqual([
      { path: 'headers.frameOptions', observed: "SAMEORIGIN, frame-ancestors 'self' https://a.example.com" },
    ]);
    expect(framingAllowed(sending(`${SAFE}; frame-ancestors 'none' 'self'`, sameOrigin))).toEqual([
      { path: 'headers.frameOptions', observed: "SAMEORIGIN, frame-ancestors 'none' 'self'" },
    ]);
  });
});

describe('weakSecurityHeaders', () => {
  it.each(['unsafe-url', 'no-referrer-when-downgrade'])('reports Referrer-Policy %s', (referrerPolicy) => {
    expect(violations(weakSecurityHeaders, { headers: { referrerPolicy } })).toEqual([{ path: 'headers.referrerPolicy', observed: referrerPolicy }]);
  });

  it('passes the strict Referrer-Policy, the XSS filter on and restricted features', () => {
    expect(violations(weakSecurityHeaders)).toEqual([]);
    expect(violations(weakSecurityHeaders, { headers: { referrerPolicy: 'strict-origin-when-cross-origin' } })).toEqual([]);
  });

  it('reports the XSS filter off', () => {
    expect(violations(weakSecurityHeaders, { headers: { xssProtection: '0' } })).toEqual([{ path: 'headers.xssProtection', observed: '"0"' }]);
  });

  it('reports a Permissions-Policy restricting no feature', () => {
    const { profile, policy } = doctorContext();
    expect(weakSecurityHeaders({ profile: { ...profile, headers: { ...profile.headers, permissionsPolicy: {} } }, policy })).toEqual([
      { path: 'headers.permissionsPolicy', observed: 'no features restricted' },
    ]);
  });
});

describe('CORS', () => {
  it('reports "*" with credentials as such, and not as a bare wildcard', () => {
    const patch = { cors: { allowedOrigins: ['*'], allowCredentials: true } };
    expect(violations(corsWildcardWithCredentials, patch)).toEqual([{ path: 'cors.allowedOrigins', observed: '"*" with allowCredentials: true' }]);
    expect(violations(corsWildcard, patch)).toEqual([]);
  });

  it('reports "*" without credentials as a bare wildcard', () => {
    const patch = { cors: { allowedOrigins: ['*'], allowCredentials: false } };
    expect(violations(corsWildcard, patch)).toEqual([{ path: 'cors.allowedOrigins', observed: '"*"' }]);
    expect(violations(corsWildcardWithCredentials, patch)).toEqual([]);
  });

  it('passes named HTTPS origins, with or without credentials', () => {
    for (const allowCredentials of [true, false]) {
      const patch = { cors: { allowedOrigins: ['https://app.example.com'], allowCredentials } };
      expect(violations(corsWildcard, patch)).toEqual([]);
      expect(violations(corsWildcardWithCredentials, patch)).toEqual([]);
      expect(violations(corsPlainHttpOrigin, patch)).toEqual([]);
    }
  });

  it('reports each plain-HTTP origin, at its index', () => {
    const { profile, policy } = doctorContext();
    const origins = ['https://app.example.com', 'http://legacy.example.com'];
    expect(corsPlainHttpOrigin({ profile: { ...profile, cors: { ...profile.cors, allowedOrigins: origins } }, policy })).toEqual([
      { path: 'cors.allowedOrigins[1]', observed: 'http://legacy.example.com' },
    ]);
  });
});
