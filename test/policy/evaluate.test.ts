import { describe, expect, it } from 'vitest';
import { buildPolicy, evaluateCondition, extendPreset, matchingRules, type Condition } from '../../lib/tooling';

const policy = buildPolicy(extendPreset('baseline', { name: 'demo', waf: { ipAllowlist: ['10.0.0.0/8'], geoBlock: ['KP'] } }));
const ids = (request: Parameters<typeof matchingRules>[1]) => matchingRules(policy.rules, request).map((rule) => rule.id);

describe('evaluateCondition', () => {
  it('detects SQL injection in the query string, also when URL-encoded', () => {
    expect(ids({ method: 'GET', path: '/items', query: "id=1' OR '1'='1" })).toContain('sql-injection');
    expect(ids({ method: 'GET', path: '/items', query: 'q=1%20UNION%20SELECT%20password%20FROM%20users' })).toContain('sql-injection');
    expect(ids({ method: 'GET', path: '/items', query: 'q=select a colour' })).not.toContain('sql-injection');
  });

  it('detects cross-site scripting in the body', () => {
    expect(ids({ method: 'POST', path: '/comments', body: 'text=<script>alert(1)</script>' })).toContain('cross-site-scripting');
    expect(ids({ method: 'POST', path: '/comments', body: 'text=hello' })).not.toContain('cross-site-scripting');
  });

  it('detects path traversal, plain, encoded and double-encoded', () => {
    for (const path of ['/files/../etc/passwd', '/files/..%2fetc/passwd', '/files/%252e%252e%252fetc']) {
      expect(ids({ method: 'GET', path }), path).toContain('path-traversal');
    }
    expect(ids({ method: 'GET', path: '/files/report..final.pdf' })).not.toContain('path-traversal');
  });

  it('matches bad bots by user agent, ignoring case', () => {
    expect(ids({ method: 'GET', path: '/', headers: { 'user-agent': 'SQLMap/1.7' } })).toContain('bad-bots');
    expect(ids({ method: 'GET', path: '/', headers: { 'user-agent': 'Mozilla/5.0' } })).not.toContain('bad-bots');
  });

  it('counts login attempts only on the login paths', () => {
    expect(ids({ method: 'POST', path: '/api/auth/login' })).toContain('rate-auth');
    expect(ids({ method: 'POST', path: '/api/auth/login/extra' })).not.toContain('rate-auth');
  });

  it('matches source addresses and countries', () => {
    expect(ids({ method: 'GET', path: '/', sourceIp: '10.1.2.3' })).toContain('ip-allowlist');
    expect(ids({ method: 'GET', path: '/', sourceIp: '192.0.2.1' })).not.toContain('ip-allowlist');
    expect(ids({ method: 'GET', path: '/', country: 'kp' })).toContain('geo-block');
  });

  it('combines conditions with all, any and not, and reads cookies', () => {
    const condition: Condition = {
      type: 'all',
      conditions: [
        { type: 'in', field: { type: 'method' }, values: ['POST'] },
        { type: 'not', condition: { type: 'string', field: { type: 'cookie', name: 'session' }, operator: 'equals', value: 'ok', caseSensitive: true } },
      ],
    };
    expect(evaluateCondition(condition, { method: 'post', path: '/', headers: { cookie: 'a=1; session=bad' } })).toBe(true);
    expect(evaluateCondition(condition, { method: 'POST', path: '/', headers: { cookie: 'session=ok' } })).toBe(false);
    expect(evaluateCondition(condition, { method: 'GET', path: '/' })).toBe(false);
  });
});

describe('evaluateCondition on each condition and field', () => {
  const get = (overrides: Partial<Parameters<typeof evaluateCondition>[1]> = {}) => ({ method: 'GET', path: '/a/b', ...overrides });
  const text = (
    field: Extract<Condition, { type: 'string' }>['field'],
    operator: 'equals' | 'startsWith' | 'endsWith' | 'contains',
    value: string,
  ): Condition => ({
    type: 'string',
    field,
    operator,
    value,
    caseSensitive: true,
  });

  it('matches every request on always', () => {
    expect(evaluateCondition({ type: 'always' }, get())).toBe(true);
  });

  it.each<['equals' | 'startsWith' | 'endsWith' | 'contains', string, boolean]>([
    ['equals', '/a/b', true],
    ['equals', '/a', false],
    ['startsWith', '/a', true],
    ['startsWith', '/b', false],
    ['endsWith', '/b', true],
    ['endsWith', '/a', false],
    ['contains', 'a/', true],
    ['contains', 'c', false],
  ])('path %s %s: %s', (operator, value, expected) => {
    expect(evaluateCondition(text({ type: 'path' }, operator, value), get())).toBe(expected);
  });

  it('does not match a string condition on a field the request lacks', () => {
    expect(evaluateCondition({ type: 'not', condition: text({ type: 'header', name: 'x-token' }, 'contains', '') }, get())).toBe(true);
    expect(evaluateCondition(text({ type: 'query' }, 'contains', ''), get())).toBe(false);
  });

  it('reads the host and a named header', () => {
    expect(evaluateCondition(text({ type: 'host' }, 'equals', 'example.com'), get({ host: 'example.com' }))).toBe(true);
    expect(evaluateCondition(text({ type: 'host' }, 'equals', 'example.com'), get({ host: 'other.example' }))).toBe(false);
    expect(evaluateCondition(text({ type: 'header', name: 'x-token' }, 'equals', 't'), get({ headers: { 'x-token': 't' } }))).toBe(true);
    expect(evaluateCondition(text({ type: 'header', name: 'x-token' }, 'equals', 't'), get({ headers: { 'x-other': 't' } }))).toBe(false);
  });

  it('reads a cookie by name, wherever it sits in the header, and nothing without one', () => {
    const session = (request: Parameters<typeof evaluateCondition>[1]) =>
      evaluateCondition(text({ type: 'cookie', name: 'session' }, 'equals', 'a=b'), request);
    expect(session(get({ headers: { cookie: 'theme=dark; session=a=b' } }))).toBe(true);
    expect(session(get({ headers: { cookie: 'session=a=b; theme=dark' } }))).toBe(true);
    expect(session(get({ headers: { cookie: 'theme=a=b' } }))).toBe(false);
    expect(session(get({ headers: {} }))).toBe(false);
    expect(session(get())).toBe(false);
  });

  it('matches source addresses in any listed block, and none without an address', () => {
    const blocks: Condition = { type: 'sourceIp', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] };
    expect(evaluateCondition(blocks, get({ sourceIp: '10.1.2.3' }))).toBe(true);
    expect(evaluateCondition(blocks, get({ sourceIp: '203.0.113.1' }))).toBe(false);
    expect(evaluateCondition({ type: 'sourceIp', cidrs: ['0.0.0.0/0'] }, get())).toBe(false);
  });

  it('matches no country when the request has none', () => {
    expect(evaluateCondition({ type: 'country', codes: ['KP'] }, get())).toBe(false);
  });

  it('reads a plus as a space when decoding', () => {
    expect(evaluateCondition({ type: 'attack', attack: 'sqlInjection', fields: [{ type: 'query' }] }, get({ query: "id=1'+or+'1'='1" }))).toBe(true);
  });

  it('detects cross-site scripting in any case, encoded once, and reads a malformed escape as sent', () => {
    const xss: Condition = { type: 'attack', attack: 'crossSiteScripting', fields: [{ type: 'body' }] };
    expect(evaluateCondition(xss, get({ body: '<SCRIPT>alert(1)</SCRIPT>' }))).toBe(true);
    expect(evaluateCondition(xss, get({ body: '%3Cscript%3Ealert(1)' }))).toBe(true);
    expect(evaluateCondition(xss, get({ body: '100% <b>bold</b>' }))).toBe(false);
  });

  it('decodes the valid escapes around a malformed one, as a WAF does, so a stray % hides no attack', () => {
    const xss: Condition = { type: 'attack', attack: 'crossSiteScripting', fields: [{ type: 'body' }] };
    expect(evaluateCondition(xss, get({ body: '100% %3Cscript%3Ealert(1)' }))).toBe(true);
    expect(evaluateCondition(xss, get({ body: '%ZZ%253Cscript%253E' }))).toBe(true);
  });

  it('decodes the escapes of a run holding an invalid UTF-8 byte one by one, so the byte hides no attack', () => {
    const xss: Condition = { type: 'attack', attack: 'crossSiteScripting', fields: [{ type: 'body' }] };
    // %FF starts no UTF-8 character: the run %FF%3C is read byte by byte, and %3C is still <.
    expect(evaluateCondition(xss, get({ body: '%FF%3Cscript%3Ealert(1)' }))).toBe(true);
    expect(evaluateCondition(xss, get({ body: '%FF%3Cb%3Ebold' }))).toBe(false);
  });

  it('decodes a run of escapes as UTF-8, so a multi-byte character reaches the signatures whole', () => {
    const xss: Condition = { type: 'attack', attack: 'crossSiteScripting', fields: [{ type: 'body' }] };
    // ſ (U+017F, %C5%BF in UTF-8) folds to s, as the signatures ignore case.
    expect(evaluateCondition(xss, get({ body: 'javaſcript:alert(1)' }))).toBe(true);
    expect(evaluateCondition(xss, get({ body: 'java%C5%BFcript:alert(1)' }))).toBe(true);
  });

  it('detects path traversal plain and encoded, and not in a path without dots', () => {
    const traversal: Condition = { type: 'attack', attack: 'pathTraversal', fields: [{ type: 'path' }] };
    expect(evaluateCondition(traversal, get({ path: '/files/../etc' }))).toBe(true);
    expect(evaluateCondition(traversal, get({ path: '/files/%2e%2e/etc' }))).toBe(true);
    expect(evaluateCondition(traversal, get({ path: '/files/report/etc' }))).toBe(false);
  });
});
