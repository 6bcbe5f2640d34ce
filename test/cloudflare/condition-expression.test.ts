import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { conditionExpression } from '../../lib/cloudflare/condition-expression';
import { evaluateExpression, type EdgeRequest } from '../../lib/cloudflare/expression/evaluate';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

describe('compileZone custom attack rules (plans without the OWASP ruleset)', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
  // SQL injection takes two rules on Free (its terms exceed one 4,096-character expression).
  const sqlRules = compileZone(policy, 'free').rulesets.http_request_firewall_custom.filter((rule) => rule.ref.startsWith('sql-injection'));
  const blocks = (request: Partial<EdgeRequest>) =>
    sqlRules.some((rule) => evaluateExpression(rule.expression, { method: 'GET', host: 'example.com', path: '/', ...request }));

  it('blocks SQL injection in the query string and the path', () => {
    expect(blocks({ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' })).toBe(true);
    expect(blocks({ path: '/login', query: "user=admin'%20or%20'1'='1" })).toBe(true);
    // A select list then FROM: "union select" alone is prose ("the union selected…") on a plan without regexes.
    expect(blocks({ headers: { cookie: ['pref=1%20union%20select%20password%20from%20users'] } })).toBe(true);
  });

  it('lets ordinary traffic through: a base64url session cookie with "--", a slug with "--", a search for "select"', () => {
    expect(blocks({ headers: { cookie: ['session=eyJhbGciOi--JIUzI1NiJ9.abc--def'] } })).toBe(false);
    expect(blocks({ path: '/blog/rock--roll' })).toBe(false);
    expect(blocks({ path: '/search', query: 'q=select%20a%20plan' })).toBe(false);
  });
});

describe('conditionExpression', () => {
  it('lowercases both sides of a case-insensitive comparison', () => {
    expect(conditionExpression({ type: 'string', field: { type: 'path' }, operator: 'startsWith', value: '/Admin', caseSensitive: false })).toBe(
      'starts_with(lower(http.request.uri.path), "/admin")',
    );
  });

  it('quotes values and header names, and reads the first value of a header', () => {
    expect(conditionExpression({ type: 'string', field: { type: 'header', name: 'x-token' }, operator: 'equals', value: 'A"b', caseSensitive: true })).toBe(
      'http.request.headers["x-token"][0] eq "A\\"b"',
    );
  });

  it('keeps precedence through negation and alternatives', () => {
    expect(conditionExpression({ type: 'not', condition: { type: 'in', field: { type: 'method' }, values: ['POST', 'PUT'] } })).toBe(
      'not (http.request.method in {"POST" "PUT"})',
    );
    expect(
      conditionExpression({
        type: 'any',
        conditions: [
          { type: 'sourceIp', cidrs: ['198.51.100.0/24'] },
          { type: 'country', codes: ['KP'] },
          { type: 'string', field: { type: 'cookie', name: 'sid' }, operator: 'contains', value: 'x', caseSensitive: true },
          { type: 'string', field: { type: 'header', name: 'cookie' }, operator: 'endsWith', value: 'x', caseSensitive: true },
        ],
      }),
    ).toBe('ip.src in {198.51.100.0/24} or ip.src.country in {"KP"} or http.request.cookies["sid"][0] contains "x" or ends_with(http.cookie, "x")');
  });

  it('inspects an attack class in the raw path, and the body on Enterprise only', () => {
    const condition = { type: 'attack', attack: 'pathTraversal', fields: [{ type: 'path' }, { type: 'body' }] } as const;
    const expression = conditionExpression(condition);
    // The path as sent: normalization removes `../` from http.request.uri.path (https://developers.cloudflare.com/rules/normalization/how-it-works/).
    expect(expression).toContain(
      'lower(url_decode(concat(raw.http.request.uri.path, "\\x01", join(http.request.headers.values, "\\x01")), "ur")) contains "../.."',
    );
    expect(expression).not.toMatch(/[^.]http\.request\.uri\.path/);
    expect(expression).not.toContain('http.request.body.raw');
    expect(conditionExpression(condition, 'enterprise')).toContain('http.request.body.raw');
  });
});
