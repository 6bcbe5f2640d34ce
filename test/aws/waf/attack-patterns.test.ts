// The AWS attack rules, measured through the AWS WAF simulator on the synthesized Web ACL of a
// profile with the attack rules and no managed groups (what a Web ACL without the paid groups
// relies on). Attacks are built per class from the evasions attackers use (double and %u
// encoding, comments and white space between keywords, case, entities, alternative syntax);
// the benign requests are the ones naive rules trip on. Transformation semantics:
// https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { Preset, Profile } from '../../../lib/tooling';
import { HardenedWebAcl } from '../../../lib';
import {
  CROSS_SITE_SCRIPTING_PATTERNS,
  MAX_PATTERN_SET_REGEX_LENGTH,
  MAX_PATTERN_SET_REGEXES,
  MAX_REGEX_STRING_LENGTH,
  OVERLONG_UTF8_PATTERN,
  PATH_TRAVERSAL_PATTERNS,
  SQL_INJECTION_PATTERNS,
} from '../../../lib/aws/waf/attack-patterns';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';
import { compileWebAcl } from '../../../lib/simulate/aws-waf/web-acl';
import { simulatedRequest } from '../../support/simulated-request';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** The Web ACL of a profile with every attack rule and no managed group, compiled by the simulator. */
function customRulesAcl() {
  const profile = Profile.fromPreset(Preset.BASELINE, 'custom-only', {
    waf: { managedRules: [], block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true } },
  });
  const stack = new Stack(new App(), 'Edge', { env: { region: 'eu-west-1' } });
  const acl = new HardenedWebAcl(stack, 'Waf', { profile });
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const [[logicalId, resource]] = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::WAFv2::WebACL');
  return { acl, edge: compileWebAcl({ properties: resource.Properties, template, name: 'aws', source: 'test', logicalId }) };
}

const { acl, edge } = customRulesAcl();

/** A request carrying `payload` at `where`, otherwise an ordinary browser request. */
function at(where: 'query' | 'path' | 'body' | 'json' | 'cookie' | 'userAgent' | 'referer' | 'header', payload: string): SimulatedRequest {
  const headers: Record<string, string[]> = { 'user-agent': [BROWSER] };
  switch (where) {
    case 'query':
      return simulatedRequest({ path: '/search', query: `q=${payload}&page=2`, headers });
    case 'path':
      return simulatedRequest({ path: `/files/${payload}`, headers });
    case 'body':
      return simulatedRequest({
        method: 'POST',
        path: '/form',
        headers: { ...headers, 'content-type': ['application/x-www-form-urlencoded'] },
        body: `name=${payload}&x=1`,
      });
    case 'json':
      return simulatedRequest({
        method: 'POST',
        path: '/api',
        headers: { ...headers, 'content-type': ['application/json'] },
        body: JSON.stringify({ comment: payload }),
      });
    case 'cookie':
      return simulatedRequest({ path: '/', headers: { ...headers, cookie: [`session=abc123; pref=${payload}`] } });
    case 'userAgent':
      return simulatedRequest({ path: '/', headers: { 'user-agent': [payload] } });
    case 'header':
      return simulatedRequest({ path: '/', headers: { ...headers, 'x-search-term': [payload] } });
    case 'referer':
      return simulatedRequest({ path: '/', headers: { ...headers, referer: [`https://example.org/?x=${payload}`] } });
  }
}

// Each request from an address of its own: the profile's per-IP rate limit needs one, and never adds up here.
let client = 0;
const verdict = (request: SimulatedRequest) => edge.evaluate({ ...request, ip: request.ip ?? `198.51.${(client >> 8) & 255}.${client++ & 255}` });

describe('the attack regexes fit AWS WAF', () => {
  it.each([
    ['SQL injection', SQL_INJECTION_PATTERNS],
    ['cross-site scripting', CROSS_SITE_SCRIPTING_PATTERNS],
    ['path traversal', PATH_TRAVERSAL_PATTERNS],
  ])('%s: at most 10 patterns of at most 200 characters, RE2 syntax, no capturing group', (_, patterns) => {
    expect(patterns.length).toBeLessThanOrEqual(MAX_PATTERN_SET_REGEXES);
    for (const { regex, catches } of patterns) {
      expect(regex.length, regex).toBeLessThanOrEqual(MAX_PATTERN_SET_REGEX_LENGTH);
      expect(() => RE2JS.compile(regex)).not.toThrow();
      // AWS WAF refuses capturing groups: every ( is escaped, in a class, or opens (?:.
      expect(regex.replace(/\\./g, '').replace(/\[[^\]]*\]/g, ''), regex).not.toMatch(/\((?!\?:)/);
      expect(catches.length).toBeGreaterThan(0);
    }
  });

  it('the overlong UTF-8 regex fits a RegexMatchStatement', () => {
    expect(OVERLONG_UTF8_PATTERN.regex.length).toBeLessThanOrEqual(MAX_REGEX_STRING_LENGTH);
    expect(() => RE2JS.compile(OVERLONG_UTF8_PATTERN.regex)).not.toThrow();
  });

  it('the Web ACL of every attack rule without managed groups stays within the 1,500 WCU base price', () => {
    expect(acl.capacity).toBeLessThanOrEqual(1_500);
    expect(Object.keys(acl.regexPatternSets).sort()).toEqual(['bad-bots', 'cross-site-scripting', 'path-traversal', 'sql-injection']);
  });
});

// [class, location, payload]
const ATTACKS: [string, Parameters<typeof at>[0], string][] = [
  // SQL injection: union, boolean, time, error, stacked; comment, white-space, case and encoding evasions.
  ['sqli union', 'query', "1' UNION SELECT username, password FROM users--"],
  ['sqli union comments', 'query', '1/**/UnIoN/**/SeLeCt/**/1,2,3'],
  ['sqli union mysql comment', 'query', '1 /*!50000UNION*/ /*!50000SELECT*/ 1,@@version'],
  ['sqli union double-encoded', 'query', '1%2527%2520union%2520all%2520select%2520null%252Cnull--'],
  ['sqli union newline', 'body', "x'%0aunion%0d%0aselect%09concat(user(),0x3a)"],
  ['sqli tautology', 'query', "admin' or '1'='1"],
  ['sqli tautology paren', 'body', "') OR ('a'='a"],
  ['sqli tautology pipes', 'json', '" || ""="'],
  ['sqli numeric', 'path', '1 or 1=1'],
  ['sqli comment cut', 'query', "admin'--"],
  ['sqli hash cut', 'cookie', "admin'#"],
  ['sqli time mysql', 'query', "1' AND SLEEP(5)-- -"],
  ['sqli time pg', 'json', "1';SELECT PG_SLEEP(10)--"],
  ['sqli time mssql', 'query', "1'; WAITFOR DELAY '0:0:5'--"],
  ['sqli benchmark', 'cookie', '1 and benchmark(5000000,md5(1))'],
  ['sqli error extractvalue', 'query', '1 and extractvalue(1,concat(0x7e,(select version())))'],
  ['sqli error updatexml', 'userAgent', "' and updatexml(1,concat(0x7e,user()),1)-- "],
  ['sqli stacked drop', 'query', '1; DROP TABLE users--'],
  ['sqli stacked exec', 'body', "1'; exec master..xp_cmdshell 'ping 10.0.0.1'--"],
  ['sqli catalog', 'referer', '1 union select table_name from information_schema.tables'],
  ['sqli blind substring', 'query', '1 AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64'],
  ['sqli entity encoded', 'query', '1&#39; or &#39;1&#39;=&#39;1'],
  ['sqli %u encoded', 'query', '1%u0027%u0020or%u0020%u00271%u0027=%u00271'],
  ['sqli versioned comment keyword', 'query', "1' /*!50000or*/ 2>1-- -"],
  ['sqli vertical tabs', 'cookie', "')%0Bor%0B1=1%0Bor%0B('1'='1"],
  ['sqli custom header', 'header', '-1 union/**/distinct/**/select 1,user()'],
  ['sqli json unicode escape', 'json', '\u0027 or 2 like 2 -- '],
  ['sqli nested probe', 'body', 'x + ASCII(SUBSTRING(pwd,1,1))-10'],
  ['sqli mssql dynamic', 'json', 'declare @q varchar(99) set @q=0x73656c656374 exec(@q)'],
  ['sqli line comments', 'query', '1%23x%0Aunion%23y%0Aselect%0A1,2'],
  ['sqli is null', 'cookie', "' AND uid IS NULL; --"],
  // Families beyond the first keyword pair: whole statements, casts, catalog functions, sqlmap's comment-newline.
  ['sqli insert values', 'body', "insert into accounts(name,role) values('eve','admin')"],
  ['sqli create table', 'query', 'CREATE TABLE loot (blob TEXT)'],
  ['sqli alter table', 'json', 'ALTER TABLE users ADD is_root INT'],
  ['sqli stacked drop with comment', 'query', '7;DROP/*x*/TABLE sessions'],
  ['sqli stacked select after quote', 'cookie', "zz'; select secret"],
  ['sqli stacked update', 'query', "7; UPDATE users SET role='admin'--"],
  ['sqli sleep arithmetic', 'query', '1 and sleep(3*3)'],
  ['sqli pg_sleep', 'header', "x' || pg_sleep(7) --"],
  ['sqli comment-newline between keyword and number', 'query', '1 AND--abc%0A4411=4411'],
  ['sqli having tautology', 'query', '9 having (2 or 2)'],
  ['sqli cut-off select', 'path', 'select%20a%20from%20t1%20where'],
  ['sqli postgres cast', 'query', "'{\"x\":1}'::jsonb ? 'x'"],
  ['sqli json path', 'body', "1 or profile->>'$.role' = 'admin'"],
  ['sqli server variable', 'userAgent', "x' and @@innodb_version>0-- -"],
  ['sqli xp_cmdshell', 'header', "exec master.dbo.xp_cmdshell 'whoami'"],
  ['sqli current_setting', 'query', "current_setting('server_version')"],
  ['sqli nested database()', 'query', '1 and length(database())>3'],
  ['sqli select concat', 'json', 'SELECT CONCAT(login,0x3a,pass) FROM admins'],
  ['sqli execute immediate', 'json', "BEGIN EXECUTE IMMEDIATE 'drop user x'; END;"],
  ['sqli large object', 'query', "1;SELECT lo_export(31337, '/tmp/x')"],
  ['sqli iif probe', 'body', 'select iif(len(pwd)>4,1,0)'],
  // XSS: tags, event handlers, javascript:/data: URIs, entities and encodings.
  ['xss script', 'query', '<script>alert(1)</script>'],
  ['xss script case', 'body', '<ScRiPt sRc=//evil.example/x.js></sCrIpT>'],
  ['xss img onerror', 'query', '<img src=x onerror=alert(document.domain)>'],
  ['xss svg onload', 'path', '<svg/onload=alert(1)>'],
  ['xss details toggle', 'json', '<details open ontoggle=prompt(1)>'],
  ['xss double-encoded', 'query', '%253Cscript%253Ealert(1)%253C%252Fscript%253E'],
  ['xss attribute breakout', 'query', '" autofocus onfocus="alert(1)'],
  ['xss javascript uri', 'query', 'javascript:alert(1)'],
  ['xss javascript tab', 'body', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ['xss javascript entities', 'query', '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)'],
  ['xss data uri', 'query', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['xss js string breakout', 'query', "';alert(String.fromCharCode(88,83,83))//"],
  ['xss json escaped', 'json', '<iframe src="javascript:alert(1)">'],
  ['xss user agent', 'userAgent', '<script>alert(1)</script>'],
  ['xss cookie', 'cookie', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'],
  // Obfuscated JavaScript, less common tags and XML smuggling.
  ['xss link import', 'query', '<link rel=import href=//evil.example/x>'],
  ['xss style tag', 'cookie', '<style>*{background:url(//evil.example)}</style>'],
  ['xss spaced tag name', 'query', '<s c r i p t>'],
  ['xss jsfuck', 'body', '[][(![]+[])[+[]]]'],
  ['xss data uri markup', 'query', 'data:;charset=utf-8,<b>x'],
  ['xss document bracket', 'json', "(window.document)['cookie']"],
  ['xss document comment', 'query', 'document/**/.cookie'],
  ['xss document spaced dot', 'body', 'document%20/*x*/%20.%20%20domain'],
  ['xss parenthesised call', 'query', '(confirm)(document.domain)'],
  ['xss function as argument', 'header', '[7].map(prompt)'],
  ['xss template call', 'query', 'prompt.apply`x`'],
  ['xss bracket call', 'header', "window['ale'+'rt'](1)"],
  ['xss unicode-escaped letters', 'query', '\\u0061lert(1)'],
  ['xss css escape', 'body', 'font-family:\\3cimg src=x\\3e'],
  ['xss xinclude', 'body', '<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/hostname"/></x>'],
  ['xss entity declaration', 'body', '<!DOCTYPE r [<!ENTITY e SYSTEM "http://evil.example/">]><r>&e;</r>'],
  ['xss xsl', 'query', '<xsl:stylesheet version="1.0">'],
  ['xss svg image', 'cookie', '<image xlink:href="https://evil.example/x.svg">'],
  ['xss mocha scheme', 'query', '<img src=mocha:alert(1)>'],
  // Path traversal: plain, encoded, double-encoded, %u, overlong UTF-8, ..;, filter-stripping.
  ['traversal plain', 'query', '../../../etc/passwd'],
  ['traversal backslash', 'query', '..\\..\\..\\windows\\win.ini'],
  ['traversal encoded', 'path', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
  ['traversal double-encoded', 'path', '%252e%252e%252f%252e%252e%252fetc%252fshadow'],
  ['traversal %u', 'path', '%u002e%u002e%u2215%u002e%u002e%u2215boot.ini'],
  ['traversal full-width', 'query', '%uff0e%uff0e/%uff0e%uff0e/etc/group'],
  ['traversal overlong', 'path', '%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd'],
  ['traversal overlong double', 'query', '%25c0%25ae%25c0%25ae/secret'],
  ['traversal tomcat', 'path', '..;/manager/html'],
  ['traversal stripped', 'query', '....//....//etc/hosts'],
  ['traversal body', 'body', '..%2f..%2fconfig.php'],
  ['traversal cookie', 'cookie', '../../../../proc/self/environ'],
  ['traversal php wrapper', 'query', 'php://filter/convert.base64-encode/resource=index.php'],
  ['traversal junk separators', 'query', '..0x2f..0x2f..0x2fetc0x2fpasswd'],
  ['traversal %u junk', 'path', '..%uEFC8..%uEFC8boot.ini'],
  ['traversal overlong cookie', 'cookie', '%c0%ae%c0%ae%c0%afsecret.txt'],
  ['traversal overlong 5-byte body', 'body', '%f8%80%80%80%ae%f8%80%80%80%ae/boot.ini'],
  ['traversal overlong 5-byte path', 'path', '%f8%80%80%80%ae%f8%80%80%80%ae%f8%80%80%80%afwin.ini'],
];

const BENIGN: [string, Parameters<typeof at>[0], string][] = [
  ['prose union', 'query', 'select the best union of two sets'],
  ['prose drop table', 'body', 'I want to drop table tennis and take up squash; it is too fast'],
  ['name apostrophe', 'json', "O'Brien and O'Neil"],
  ['name apostrophe query', 'query', "Mc'Donald or O'Reilly"],
  ['dashes in text', 'body', 'Great service -- would order again; 10/10'],
  ['maths', 'query', 'if x < 5 and y > 3 then 2 < 3'],
  ['maths body', 'json', 'a<b && c>d where a = 1 or b = 2'],
  ['sql question', 'body', 'How do I select rows from a table where the date is recent?'],
  ['sleep prose', 'json', 'Need more sleep (8 hours) and a benchmark (2024)'],
  ['javascript book', 'query', 'JavaScript: The Good Parts'],
  ['data prose', 'body', 'data: text and numbers'],
  ['online flag', 'query', 'online=true&onboarding=done'],
  ['dotted path', 'path', 'v1.2.3/archive.tar.gz'],
  ['ellipsis', 'query', 'wait... what? and so on..'],
  ['hyphenated', 'cookie', 'theme=dark-mode--v2'],
  ['percent', 'query', '100%25 cotton, 50%25 off'],
  ['tracking', 'query', 'utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale_2024&fbclid=IwAR2xYz'],
  ['graphql', 'json', 'query { user(id: "1") { name orders(first: 10) { id total } } }'],
  ['email address', 'body', "jane.o'connor+shop@example.com"],
  ['html entity', 'query', 'Tom &amp; Jerry &lt;3'],
  ['semicolon list', 'query', 'tags=red;green;blue'],
  ['prose about ../', 'query', 'the ..%2F notation in paths, explained'],
  ['emoji', 'query', 'emoji %F0%9F%8E%89 party'],
  ['apostrophe then hash', 'query', "BAMBOO CHARCOAL SOAP 1 '%23"],
  ['online parameters', 'path', 'list?onsale=true'],
  ['double dots in names', 'path', 'report..final.pdf'],
  ['range', 'query', 'a..b'],
  ['sql words in a custom header', 'header', 'select the best union of drop-down options'],
  // Look-alikes of the families above, which prose, code and data have too.
  ['prose insert into', 'body', 'Insert into drawer (top) then select a size'],
  ['prose create table', 'query', 'create table plans with text labels'],
  ['prose alter table', 'json', 'alter table layout: add one more row'],
  ['prose stacked select after a number', 'query', 'Size 8; select your colour next'],
  ['prose stacked update after a number', 'body', 'Step 2; update your settings'],
  ['recipe after a number', 'query', 'Bake 20 min; drop tablespoons of butter on top'],
  ['email typo', 'body', 'jo@@gmail.com'],
  ['jsx code search', 'query', '<Link href="/about"> and <Image src="/a.png" alt="" />'],
  ['maths after and', 'json', '1 + 1 = 2 and 2 + 2 = 4'],
  ['settings prose', 'query', 'Select Sleep mode in settings'],
  ['scraper selector', 'query', "response.css('title::text').get()"],
  ['prose sentence break', 'body', 'Sign the document. Cookie settings are below. Close the window. Location: Paris'],
  ['prose having', 'query', 'having (2) kids and a dog'],
  ['prose sleep range', 'json', 'I sleep (7-8) hours and rate my sleep (8/10)'],
  ['prose execute immediate', 'body', 'Please execute immediate payment of the invoice'],
  ['prose price arrow', 'query', "old price -> '$20' now"],
  ['code scope operator', 'query', 'std::string::npos in ratatui::widgets'],
  ['ipv6 address in json', 'json', '::ffff:192.0.2.1'],
  ['prose alert in parentheses', 'query', 'Weather (alert) for today (prompt) reply'],
  ['prose confirm', 'body', 'confirm (your email) to (alert) us'],
  ['json escaped accent', 'body', '{"city":"caf\\u00e9 (paris)"}'],
  ['windows path', 'query', 'C:\\Program Files\\x64\\3com\\app.exe'],
  ['maths less-than letters', 'query', 'if a <b c d then stop'],
  ['markdown image', 'body', '![](https://cdn.example.com/a.png) and ![alt][ref]'],
  ['rich text', 'json', '<p>Hi <strong>there</strong>, see <a href="https://example.com">this</a> <img src="https://cdn.example.com/x.png"></p>'],
  ['data prose with comma', 'query', 'data: 1, then 2 < 3'],
  ['document prose', 'query', 'document cookie policy and window location'],
  ['latin-1 form post', 'body', 'M%FCller%20%C0%20Z%FCrich'],
  ['binary-looking cookie', 'cookie', '%C0%41%C1%42%E0%90%91'],
  ['prose mocha', 'query', 'mocha: latte or flat white'],
  ['prose image tag words', 'body', 'upload an image (png) < 5 MB'],
  ['prose hello function', 'query', 'hello_world(); lo fi beats'],
  ['prose from where', 'query', 'tell me from here where'],
  ['prose order by time', 'query', 'order by 5pm for next-day delivery'],
  ['prose data comparison', 'json', 'data: 12, <5 errors'],
];

describe('attacks with common evasions are blocked by the custom rules', () => {
  it.each(ATTACKS)('%s (%s)', (_, where, payload) => {
    const result = verdict(at(where, payload));
    expect(result.action, JSON.stringify(result)).toBe('block');
  });
});

describe('benign requests that trip naive rules are allowed', () => {
  it.each(BENIGN)('%s (%s)', (_, where, payload) => {
    const result = verdict(at(where, payload));
    expect(result.action, JSON.stringify(result)).toBe('allow');
  });

  it('a real browser, mobile and crawler user agent pass', () => {
    for (const ua of [
      BROWSER,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    ])
      expect(verdict(at('userAgent', ua)).action).toBe('allow');
  });
});
