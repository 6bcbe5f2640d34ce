import { describe, expect, it } from 'vitest';
import { attackChunks, attackScope } from '../../lib/cloudflare/attack-detection';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { evaluateExpression, type EdgeRequest } from '../../lib/cloudflare/expression/evaluate';
import { lintExpression, MAX_EXPRESSION_LENGTH } from '../../lib/cloudflare/expression/lint';
import { printExpression } from '../../lib/cloudflare/expression/print';
import { PLAN_ORDER, type Plan } from '../../lib/cloudflare/plans';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

// Pro and up carry the OWASP ruleset, which replaces the custom attack rules unless asked to keep both.
const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { customRulesWhenManaged: true } }));
const customRules = (plan: Plan) => compileZone(policy, plan).rulesets.http_request_firewall_custom;

const get = (path: string, query?: string, headers: Record<string, string> = {}, body?: string): EdgeRequest => ({
  method: body === undefined ? 'GET' : 'POST',
  host: 'example.com',
  path,
  ...(query === undefined ? {} : { query }),
  headers: {
    'user-agent': ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'],
    ...toLists(headers),
  },
  ...(body === undefined ? {} : { body }),
});

function toLists(headers: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
}

/** The refs of the custom rules that block a request on a plan. */
const blockedBy = (plan: Plan, request: EdgeRequest) =>
  customRules(plan)
    .filter((rule) => rule.action === 'block' && evaluateExpression(rule.expression, request))
    .map((rule) => rule.ref);

/** Evasions every plan catches: each is how real payloads dodge a naive `contains`. */
const ATTACKS: readonly (readonly [string, string, EdgeRequest])[] = [
  ['sql-injection', 'double encoding', get('/items', 'id=1%2520UNION%2520SELECT%2520NULL%252CNULL--')],
  ['sql-injection', 'inline comments', get('/items', 'id=1/**/UNION/**/SELECT/**/NULL,NULL--')],
  ['sql-injection', 'MySQL version comments', get('/items', 'id=1%20/*!50000UNION*/%20/*!50000SELECT*/%201,2,3')],
  ['sql-injection', 'newline and tab for spaces, mixed case', get('/items', "id=1'%20UnIoN%0aSeLeCt%09@@version--")],
  ['sql-injection', '%u-encoded tautology', get('/login', 'user=%u0027%u0020OR%u0020%u0027a%u0027=%u0027a')],
  ['sql-injection', 'time-based in a cookie', get('/', undefined, { cookie: "id=1' AND SLEEP(5)--" })],
  ['sql-injection', 'tautology in the User-Agent', get('/', undefined, { 'user-agent': "' or 1=1--" })],
  ['sql-injection', 'a fractional sleep with spaces inside the parentheses', get('/items', 'id=1%20AND%20sLeEp(%200.5%20)')],
  ['sql-injection', 'SELECT SLEEP of an expression', get('/report', 'table=SELECT%20SLEEP%20(20%20DIV%203)')],
  ['cross-site-scripting', 'double-encoded script tag', get('/search', 'q=%253Cscript%253Ealert(1)%253C/script%253E')],
  ['cross-site-scripting', 'event handler after a tab', get('/search', 'q=<img%20src=x%09onerror=alert(1)>')],
  ['cross-site-scripting', 'svg onload with a slash', get('/search', 'q=<svg/onload=alert(1)>')],
  ['cross-site-scripting', 'ontoggle', get('/search', 'q=<details%20open%20ontoggle=alert(1)>')],
  ['cross-site-scripting', 'entity-encoded tag', get('/search', 'q=%26lt%3Bscript%26gt%3Balert(1)')],
  ['cross-site-scripting', 'newline inside javascript:', get('/go', 'next=java%0ascript:alert(1)')],
  ['cross-site-scripting', '%u-encoded tag in the Referer', get('/', undefined, { referer: 'https://x.test/?q=%u003cscript%u003ealert(1)' })],
  ['path-traversal', 'double-encoded slashes', get('/download', 'file=..%252f..%252fetc/passwd')],
  ['path-traversal', '%u-encoded dots', get('/download', 'file=%u002e%u002e/%u002e%u002e/etc/passwd')],
  ['path-traversal', 'overlong UTF-8 dots in the raw path', get('/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd')],
  ['path-traversal', "Tomcat's ..;/", get('/app/..;/manager/html')],
  ['path-traversal', 'IIS %u division slashes', get('/download', 'file=..%u2215..%u2215etc/passwd')],
  ['path-traversal', 'overlong backslashes', get('/static/..%c0%5c..%c0%5cboot.ini')],
  ['path-traversal', 'backslashes', get('/download', 'file=..%5c..%5cwindows%5cwin.ini')],
  ['sql-injection', 'a MySQL executable comment around OR', get('/report', 'year=2024%20/*!12345OR*/%203%3E2')],
  ['sql-injection', 'a quote break in a header the application reads', get('/', undefined, { 'x-api-filter': "status' OR 'x'='x" })],
  ['sql-injection', 'ORDER BY a column number ending the value', get('/list', 'sort=title%20ORDER%20BY%2014&limit=5')],
  ['sql-injection', 'a time delay in an X-Forwarded-Host header', get('/', undefined, { 'x-forwarded-host': "a.test' AND BENCHMARK(5000000,MD5(1))-- " })],
  ['cross-site-scripting', 'a script tag in a custom header', get('/', undefined, { 'x-comment': '"><ScRiPt src=//evil.test/x.js></script>' })],
  ['path-traversal', 'encoded dot-dot segments in a cookie', get('/', undefined, { cookie: 'theme=..%2f..%2f..%2fetc%2fpasswd' })],
  ['bad-bots', 'a scanner user agent', get('/', undefined, { 'user-agent': 'Mozilla/5.0 (compatible; Nuclei - Open-source project)' })],
];

/** Ordinary requests built to trip naive rules: none may be blocked. */
const BENIGN: readonly (readonly [string, EdgeRequest])[] = [
  ["an apostrophe in a name (O'Brien)", get('/users', 'name=O%27Brien&city=Dublin')],
  ['"drop table" in prose', get('/search', 'q=how+to+drop+table+tennis+balls')],
  ['"union selected" in prose', get('/search', "q=O'Connor's+union+selected+a+new+leader")],
  ['a "--" and ";" in text', get('/search', 'q=Note:+see+page+4;+also+page+7+--+thanks!')],
  ['"<" in maths', get('/search', 'q=if+x+%3C+3+and+y+%3E+2')],
  ['prose about "../"', get('/search', 'q=the+../+notation+in+paths,+explained')],
  ['dotted paths', get('/static/app.v1.2.3/vendor..min.js')],
  ['a long tracking query', get('/landing', 'utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale_2026&gclid=Cj0KCQiA--x1_abc&fbclid=IwAR3-x')],
  ['Googlebot', get('/', undefined, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })],
  ["a customer's script (curl)", get('/api/v1/orders', undefined, { 'user-agent': 'curl/8.4.0' })],
  ['a base64url session cookie with "--"', get('/', undefined, { cookie: 'session=eyJhbGciOi--JIUzI1NiJ9.abc--def' })],
  [
    'a GraphQL body',
    get('/graphql', undefined, { 'content-type': 'application/json' }, '{"query":"query { user(id: 1) { name orders(first: 10) { id total } } }"}'),
  ],
  ["a quoted search: 'rock' or 'pop'", get('/search', "q='rock'+or+'pop'+albums")],
  ['a quoted search with double quotes and OR', get('/search', 'q=%22red+shoes%22+OR+%22blue+shoes%22')],
  ['inch marks: 55" or 65"', get('/search', 'q=tv+55%22+or+65%22+wall+mount')],
  ['"the union selected from its members" in prose', get('/news', 'title=The+union+selected+from+its+members+a+new+chair')],
  ['"select the best option from our range" in prose', get('/search', 'q=select+the+best+option+from+our+range')],
  ['"x = 1 or y = 2" in a maths question', get('/ask', 'q=solve+x+%3D+1+or+y+%3D+2')],
  ['"update: we\'re closed" in a header', get('/', undefined, { 'x-status-note': "update: we're closed; back at 9 -- thanks" })],
  ['an ORDER BY in words', get('/search', 'q=what+to+order+by+the+weekend&page=2')],
  [
    'an Accept header and a Chrome client hint',
    get('/', undefined, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24"' }),
  ],
  ['a code search for window["dataLayer"]', get('/search', 'q=window%5B%22dataLayer%22%5D.push')],
  ['a markdown image with an empty alt text', get('/api/notes', undefined, {}, '{"body":"![](https://cdn.example.com/a.png) and (see above)"}')],
  [
    'a JSON body with escaped quotes and "or"',
    get('/api/comments', undefined, { 'content-type': 'application/json' }, '{"text":"I said \\u0027hi\\u0027 or not, and \\u0027bye\\u0027 and true"}'),
  ],
  [
    'a JSON body with escaped accents and bold tags',
    get('/api/posts', undefined, { 'content-type': 'application/json' }, '{"text":"caf\\u00e9 \\u003cb\\u003eopen\\u003c/b\\u003e \\u0026 friends"}'),
  ],
  ["a quoted answer compared in words: 'hi' or 'hello' = greeting", get('/ask', "q=I+said+'hi'+or+'hello'+%3D+greeting")],
  ["feet marks: 5' or 6' tall", get('/search', "q=it's+5'+or+6'+tall")],
  ['a quote then "and true" in prose', get('/search', "q='Yes'+and+true+love")],
  ['fractions compared with a question mark', get('/ask', 'q=1/2+or+3/4+%3D+%3F')],
  ['"alert (red)" in prose', get('/search', 'q=weather+alert+(red)+warning')],
  ['"sleep (8 hours)" in prose', get('/search', 'q=how+much+sleep+(8+hours)+do+teens+need')],
  ['"benchmark (2024 edition)" in prose', get('/search', 'q=gpu+benchmark+(2024+edition)')],
  ['a relative asset path with one ../ in a query', get('/proxy', 'path=/static/js/../css/app.css')],
  ['"create table tennis (for kids)" in prose', get('/search', 'q=create+table+tennis+(for+kids)+near+me')],
  ['SQL in a markdown body', get('/api/posts', undefined, {}, '{"content":"`SELECT * FROM users` is the query we ran; select \\"Delete from device\\""}')],
];

describe.each(PLAN_ORDER)('custom attack rules on the %s plan', (plan) => {
  it.each(ATTACKS.map(([ref, evasion, request]) => [ref, evasion, request] as const))('%s catches %s', (ref, _evasion, request) => {
    expect(blockedBy(plan, request).some((blocked) => blocked === ref || blocked.startsWith(`${ref}-`))).toBe(true);
  });

  it.each(BENIGN.map(([name, request]) => [name, request] as const))('lets %s through', (_name, request) => {
    expect(blockedBy(plan, request)).toEqual([]);
  });

  it('keeps every expression within 4,096 characters and lint-clean on the plan', () => {
    for (const rule of customRules(plan)) {
      expect(rule.expression.length, rule.ref).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
      expect(lintExpression(rule.expression, { phase: 'http_request_firewall_custom', plan }), rule.ref).toEqual([]);
    }
  });
});

describe('attack rules per plan', () => {
  it('stays within the Free plan’s 5 custom rules, using them all', () => {
    expect(customRules('free')).toHaveLength(5);
  });

  it('reads the raw path, never the normalized one (normalization removes ../ before rules run)', () => {
    const expression = customRules('free').find((rule) => rule.ref === 'path-traversal')?.expression ?? '';
    expect(expression).toContain('raw.http.request.uri');
    expect(expression).not.toMatch(/[^.]http\.request\.uri/);
  });

  it('uses regular expressions from Business up, and contains terms below it', () => {
    expect(customRules('pro').some((rule) => rule.expression.includes(' matches '))).toBe(false);
    expect(customRules('business').find((rule) => rule.ref === 'sql-injection')?.expression).toContain(' matches ');
  });

  it('inspects the body on Enterprise only, and says so in the description below it', () => {
    const sql = (plan: Plan) => customRules(plan).find((rule) => rule.ref === 'sql-injection');
    expect(sql('enterprise')?.expression).toContain('http.request.body.raw');
    expect(sql('business')?.expression).not.toContain('http.request.body.raw');
    expect(sql('business')?.description).toContain('cannot see request bodies (they need Enterprise)');
    expect(sql('enterprise')?.description).not.toContain('cannot see');
  });

  it('catches any event handler in a tag from Business up, and leaves query keys that start with "on" alone', () => {
    expect(blockedBy('business', get('/search', 'q=<body%20onResizeStart=alert(1)>'))).toContain('cross-site-scripting');
    expect(blockedBy('business', get('/', 'onsale=true&online_only=1&sort=price'))).toEqual([]);
  });

  it.each(PLAN_ORDER)('reads every header value on %s (a search header the application reads), and says so', (plan) => {
    const request = get('/search', undefined, { 'x-search-term': "1' UNION SELECT password FROM users--" });
    expect(blockedBy(plan, request).some((ref) => ref.startsWith('sql-injection'))).toBe(true);
    expect(customRules(plan).find((rule) => rule.ref === 'sql-injection')?.description).toContain('every header');
  });

  it('catches the term families past the Free plan’s prefix on Pro and up', () => {
    const requests = [
      get('/pay', 'x=1;INSERT%20INTO%20audit(user)%20VALUES(%27x%27)--'),
      get('/v', 'q=<marquee%20behavior=alternate%20onbounce=confirm(document.domain)>'),
      get('/v', 'q=<video%20src=x%20onratechange=confirm(1)>'),
    ];
    for (const plan of ['pro', 'business', 'enterprise'] as const) {
      for (const request of requests) expect(blockedBy(plan, request), `${plan} ${request.query}`).not.toEqual([]);
    }
  });

  it('catches evasions only a regular expression sees from Business up', () => {
    const requests = [
      // A JSON-escaped quote break, entities inside `javascript:`, a PostgreSQL JSON operator, a sink wrapped in parentheses.
      get('/api', 'q=%5Cu0027%20OR%205%3E4--'),
      get('/go', 'url=jav%26NewLine%3Bascript%26colon%3Bconfirm(1)'),
      get('/items', "id=1%20OR%20'%7B%22k%22:1%7D'::jsonb%20%3F%20'k'"),
      get('/v', 'q=(confirm)(document.domain)'),
      get('/v', 'q=top%5B%22alert%22%5D(1)'),
      get('/v', 'q=x%20HAVING%20(2%20AND%203)'),
      get('/v', 'q=self%5B%27ev%5Cu0061l%27%5D(name)'),
      // A quote break, OR and a number that ends the statement (`' OR 7 -- `).
      get('/items', "id=x'%20OR%207%20--%20"),
      get('/items', 'id=7%20OR%20/*hint*/%20TRUE--'),
      get('/notes', 'title=x;%0aCREATE%20TABLE%20loot%20(secret%20VARCHAR(99))'),
    ];
    for (const plan of ['business', 'enterprise'] as const) {
      for (const request of requests) expect(blockedBy(plan, request), `${plan} ${request.query}`).not.toEqual([]);
    }
  });

  it('catches JSON-escaped and HTML-escaped tags in a body on Enterprise', () => {
    const json = { 'content-type': 'application/json' };
    expect(blockedBy('enterprise', get('/api/posts', undefined, json, '{"text":"\\u003cSCRIPT src=//x.test\\u003e\\u003c/SCRIPT\\u003e"}'))).toContain(
      'cross-site-scripting',
    );
    expect(
      blockedBy(
        'enterprise',
        get('/api/feed', undefined, {}, '<item><d>&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=//x.test&quot;&gt;</d></item>'),
      ),
    ).toContain('cross-site-scripting');
  });

  it('catches an upload whose file name climbs out of the upload folder on Enterprise, not a dotted file name', () => {
    const upload = (filename: string) =>
      get(
        '/upload',
        undefined,
        { 'content-type': 'multipart/form-data; boundary=XyZ' },
        `--XyZ\nContent-Disposition: form-data; name="f"; filename="${filename}"\n\nDATA\n--XyZ--\n`,
      );
    expect(blockedBy('enterprise', upload('..\\..\\startup\\run.bat'))).toContain('path-traversal');
    expect(blockedBy('enterprise', upload('../cron.d/job'))).toContain('path-traversal');
    expect(blockedBy('enterprise', upload('report..final.v2.pdf'))).toEqual([]);
  });

  it('catches a body payload on Enterprise and not below it', () => {
    const request = get('/api/login', undefined, { 'content-type': 'application/x-www-form-urlencoded' }, "user=admin'%20OR%20'1'='1&pass=x");
    expect(blockedBy('enterprise', request)).toContain('sql-injection');
    expect(blockedBy('business', request)).toEqual([]);
  });

  it('concatenates the fields once per comparison, every header value joined into the text', () => {
    const fields = [{ type: 'path' }, { type: 'query' }, { type: 'header', name: 'cookie' }] as const;
    expect(attackScope(fields, 'free').fields).toEqual(['raw.http.request.uri', 'http.request.headers.values']);
    for (const plan of PLAN_ORDER) {
      const [chunk] = attackChunks('crossSiteScripting', fields, plan);
      const printed = printExpression(chunk.expression);
      // One concat and one join per comparison: the fields are never compared one by one.
      expect(printed.match(/concat\(/g), plan).toHaveLength(chunk.terms);
      expect(printed.match(/join\(http\.request\.headers\.values, "\\x01"\)/g), plan).toHaveLength(chunk.terms);
    }
  });
});
