import { describe, expect, it } from 'vitest';
import { buildPolicy, evaluateCondition, extendPreset, matchingRules, type Condition } from '../../lib';

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
