import { describe, expect, it } from 'vitest';
import { compileZone, conditionExpression } from '../../../lib/cloudflare/compile-zone';
import { evaluateExpression, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';
import { buildPolicy, evaluateCondition, parseProfile, type PolicyRequest } from '../../../lib/tooling';

const get = (path: string, extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path, ...extra });

describe('evaluateExpression', () => {
  it.each([
    ['http.request.uri.path contains "/api/"', get('/api/users'), true],
    ['http.request.uri.path contains "/api/"', get('/web'), false],
    ['http.request.method in {"POST" "PUT"}', { ...get('/'), method: 'post' }, true],
    ['starts_with(http.request.uri.path, "/api/") and not http.request.method eq "GET"', get('/api/x'), false],
    ['lower(http.user_agent) contains "sqlmap"', get('/', { headers: { 'user-agent': ['SQLMap/1.7'] } }), true],
    ['ip.src in {192.0.2.0/24 2001:db8::/32}', get('/', { sourceIp: '192.0.2.77' }), true],
    ['ip.src in {192.0.2.0/24 2001:db8::/32}', get('/', { sourceIp: '2001:db8::5' }), true],
    ['ip.src in {192.0.2.0/24}', get('/', { sourceIp: '198.51.100.1' }), false],
    ['ip.src in {192.0.2.1..192.0.2.9}', get('/', { sourceIp: '192.0.2.5' }), true],
    ['ip.src in $office', get('/', { sourceIp: '203.0.113.9' }), true],
    ['ip.src.country in {"KP" "IR"}', get('/', { country: 'KP' }), true],
    ['http.request.headers["x-user-id"][0] eq "42"', get('/', { headers: { 'x-user-id': ['42'] } }), true],
    ['any(http.request.headers["x-forwarded-for"][*] contains "10.")', get('/', { headers: { 'x-forwarded-for': ['192.0.2.1', '10.0.0.1'] } }), true],
    ['all(http.request.headers["accept"][*] ne "")', get('/', { headers: { accept: ['text/html', ''] } }), false],
    ['http.request.uri.args["id"][0] eq "1"', get('/items', { query: 'id=1&x=2' }), true],
    ['lower(url_decode(http.request.uri.query)) contains "union select"', get('/', { query: 'q=1%20UNION%20SELECT%20pw' }), true],
    ['http.request.uri.path wildcard "/API/*/users"', get('/api/v1/users'), true],
    ['http.request.uri.path strict wildcard "/API/*/users"', get('/api/v1/users'), false],
    ['http.request.uri.path.extension in {"php" "asp"}', get('/index.PHP'), true],
    ['len(http.request.uri.path) gt 5', get('/abcdef'), true],
    ['http.request.uri.path matches "^/v[0-9]+/"', get('/v2/x'), true],
    ['cf.client.bot xor ssl', get('/', { verifiedBot: true, ssl: true }), false],
  ] as const)('%s on %j is %s', (expression, request, expected) => {
    expect(evaluateExpression(expression, request, { lists: { office: ['203.0.113.0/24'] } })).toBe(expected);
  });

  it('refuses a field it does not model instead of guessing', () => {
    expect(() => evaluateExpression('cf.waf.score lt 20', get('/'))).toThrow(/does not model the field cf.waf.score/);
  });
});

describe('the same protection on both edges', () => {
  const policy = buildPolicy(
    parseProfile({
      name: 'demo',
      edges: ['aws', 'cloudflare'],
      waf: { ipBlocklist: ['203.0.113.0/24'], geoBlock: ['KP'] },
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login'], methods: ['POST'] }, limit: 10, windowSeconds: 60 },
        { name: 'api', match: { pathPrefix: '/api/' }, limit: 100, windowSeconds: 60 },
      ],
    }),
  );
  const requests: (PolicyRequest & EdgeRequest)[] = [
    { method: 'POST', host: 'h', path: '/api/auth/login', sourceIp: '198.51.100.1', country: 'DE' },
    { method: 'GET', host: 'h', path: '/api/auth/login', sourceIp: '203.0.113.5', country: 'DE' },
    { method: 'GET', host: 'h', path: '/api/items', sourceIp: '198.51.100.1', country: 'KP', headers: { 'user-agent': 'nikto/2.5' } as never },
    { method: 'GET', host: 'h', path: '/web/index.html', sourceIp: '198.51.100.1', country: 'FR', headers: { 'user-agent': 'Mozilla/5.0' } as never },
  ];
  const forCloudflare = (request: PolicyRequest & EdgeRequest): EdgeRequest => ({
    ...request,
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, [v as unknown as string]])),
  });

  it.each(policy.rules.filter((rule) => rule.kind !== 'managed' && rule.match.type !== 'attack').map((rule) => [rule.id, rule] as const))(
    '%s matches the same requests in the policy and in its Cloudflare expression',
    (_, rule) => {
      const expression = conditionExpression(rule.match);
      for (const request of requests) {
        expect(evaluateExpression(expression, forCloudflare(request)), `${expression} on ${JSON.stringify(request)}`).toBe(
          evaluateCondition(rule.match, request),
        );
      }
    },
  );

  it('compiles rules whose expressions all evaluate', () => {
    const zone = compileZone(policy, 'enterprise');
    for (const rule of [...zone.rulesets.http_request_firewall_custom, ...zone.rulesets.http_ratelimit]) {
      expect(() => evaluateExpression(rule.expression, forCloudflare(requests[0]))).not.toThrow();
    }
  });
});

describe('evaluateExpression on hostile requests (review findings)', () => {
  it('reads an array field once for any(): 16,000 query values or 8,000 headers stay linear', () => {
    expect(evaluateExpression('any(http.request.uri.args.values[*] eq "zzz")', { method: 'GET', host: 'h', path: '/', query: 'a=1&'.repeat(16_000) })).toBe(
      false,
    );
    const headers = Object.fromEntries(Array.from({ length: 8_000 }, (_, i) => [`h${i}`, ['v']]));
    expect(evaluateExpression('all(http.request.headers.values[*] eq "v")', { method: 'GET', host: 'h', path: '/', headers })).toBe(true);
    expect(
      evaluateExpression('any(http.request.uri.args.names[*] eq "a9999")', {
        method: 'GET',
        host: 'h',
        path: '/',
        query: Array.from({ length: 10_000 }, (_, i) => `a${i}=1`).join('&'),
      }),
    ).toBe(true);
  });

  it('URL-decodes cookie names in http.request.cookies, as the fields reference says, and not their values', () => {
    const request = { method: 'GET', host: 'h', path: '/', headers: { cookie: ['a%20b=1%202'] } };
    expect(evaluateExpression('any(http.request.cookies["a b"][*] == "1%202")', request)).toBe(true);
  });

  it('compares wildcard patterns case-insensitively on ASCII letters only (the Kelvin sign is not k)', () => {
    expect(evaluateExpression('http.host wildcard "*K*"', { method: 'GET', host: 'kelvin', path: '/' })).toBe(true);
    expect(evaluateExpression('http.host wildcard "*k*"', { method: 'GET', host: '\u212a', path: '/' })).toBe(false);
  });
});
