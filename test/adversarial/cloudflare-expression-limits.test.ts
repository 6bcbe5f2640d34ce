import { describe, expect, it } from 'vitest';
import { and, compare, field, not, or, str } from '../../lib/cloudflare/expression/build';
import { ExpressionDepthError } from '../../lib/cloudflare/expression/depth';
import { evaluateExpression, type EdgeRequest } from '../../lib/cloudflare/expression/evaluate';
import { lintExpression } from '../../lib/cloudflare/expression/lint';
import { ExpressionSyntaxError, MAX_EXPRESSION_DEPTH, parseExpression } from '../../lib/cloudflare/expression/parse';
import { printExpression } from '../../lib/cloudflare/expression/print';
import { runCloudflareChecks } from '../../lib/checks/cloudflare/cloudflare-checks';
import { buildPolicy, extendPreset } from '../../lib/tooling';

/*
 * Hostile sizes: each case must come back (a result or a clear error) rather than overflow the
 * stack or run for minutes. The per-test timeout turns a hang into a failure.
 */
const FAST = 10_000;
const N = 100_000;
const request = (userAgent: string, path = '/'): EdgeRequest => ({ method: 'GET', host: 'example.com', path, headers: { 'user-agent': [userAgent] } });
const lint = (source: string) => lintExpression(source, { phase: 'http_request_firewall_custom', plan: 'enterprise' });
const nestingError = (source: string) => {
  try {
    parseExpression(source);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('deep nesting is refused with a clear error', () => {
  it.each([
    ['100,000 parentheses', `${'('.repeat(N)}true${')'.repeat(N)}`],
    ['100,000 nots', `${'not '.repeat(N)}true`],
    ['100,000 !', `${'!'.repeat(N)}true`],
    ['100,000 nested calls', `${'lower('.repeat(N)}http.host${')'.repeat(N)} eq "x"`],
    ['100,000 nested any()', `${'any('.repeat(N)}true${')'.repeat(N)}`],
    ['100,000 unclosed parentheses', '('.repeat(N)],
  ])(
    '%s',
    (_name, source) => {
      const error = nestingError(source);
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      expect((error as ExpressionSyntaxError).reason).toMatch(new RegExp(`nests deeper than ${MAX_EXPRESSION_DEPTH} levels`));
      expect(lint(source)).toContainEqual(expect.objectContaining({ code: 'syntax', message: expect.stringContaining('nests deeper') }));
    },
    FAST,
  );

  it(`parses ${MAX_EXPRESSION_DEPTH} levels, and prints, lints and evaluates them`, () => {
    const source = `${'not ('.repeat(MAX_EXPRESSION_DEPTH / 2)}http.host eq "a"${')'.repeat(MAX_EXPRESSION_DEPTH / 2)}`;
    const tree = parseExpression(source);
    expect(parseExpression(printExpression(tree))).toBeDefined();
    expect(lint(source)).toEqual([]);
    expect(evaluateExpression(tree, { ...request('x'), host: 'a' })).toBe(true); // an even number of nots
    expect(evaluateExpression(tree, request('x'))).toBe(false);
    expect(() => parseExpression(`${'('.repeat(MAX_EXPRESSION_DEPTH)}true${')'.repeat(MAX_EXPRESSION_DEPTH)}`)).not.toThrow();
    expect(() => parseExpression(`${'('.repeat(MAX_EXPRESSION_DEPTH + 1)}true${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`)).toThrow(/nests deeper/);
  });

  it(
    'refuses to print or evaluate a built tree nested 100,000 deep, with ExpressionDepthError',
    () => {
      let tree = compare(field('http.host'), 'eq', str('a'));
      for (let i = 0; i < N; i += 1) tree = i % 2 === 0 ? not(tree) : and(tree, not(tree.kind === 'not' ? tree.operand : tree));
      expect(() => printExpression(tree)).toThrow(ExpressionDepthError);
      expect(() => evaluateExpression(tree, request('x'))).toThrow(ExpressionDepthError);
    },
    FAST,
  );
});

describe('long flat chains work at any length', () => {
  const terms = (count: number, operator: string) => Array.from({ length: count }, (_, i) => `http.user_agent eq "ua${i}"`).join(` ${operator} `);

  it(
    '50,000 or terms: parsed, printed back the same, evaluated, linted',
    () => {
      const source = terms(50_000, 'or');
      const tree = parseExpression(source);
      expect(printExpression(tree)).toBe(source);
      expect(evaluateExpression(tree, request('ua49999'))).toBe(true);
      expect(evaluateExpression(tree, request('ua50000'))).toBe(false);
      expect(lint(source).map((finding) => finding.code)).toEqual(['too-long']);
    },
    FAST,
  );

  it(
    '50,000 and terms and 50,000 xor terms',
    () => {
      const conjunction = Array.from({ length: 50_000 }, () => 'http.host eq "a"').join(' and ');
      expect(evaluateExpression(conjunction, request('x'))).toBe(false);
      expect(evaluateExpression(conjunction, { ...request('x'), host: 'a' })).toBe(true);
      const exclusive = Array.from({ length: 50_001 }, () => 'true').join(' xor ');
      expect(evaluateExpression(exclusive, request('x'))).toBe(true);
    },
    FAST,
  );

  it(
    'a chain built with or() of 100,000 conditions prints and evaluates',
    () => {
      const tree = or(...Array.from({ length: N }, (_, i) => compare(field('http.request.uri.path'), 'eq', str(`/p${i}`))));
      expect(printExpression(tree).length).toBeGreaterThan(N);
      expect(evaluateExpression(tree, request('x', '/p99999'))).toBe(true);
    },
    FAST,
  );

  it(
    'alternating operators without parentheses stay shallow',
    () => {
      const source = Array.from({ length: 30_000 }, (_, i) => `http.host eq "h${i}"`)
        .map((term, i) => (i === 0 ? term : `${['or', 'and', 'xor'][i % 3]} ${term}`))
        .join(' ');
      expect(printExpression(parseExpression(source))).toBe(source);
      expect(typeof evaluateExpression(source, request('x'))).toBe('boolean');
    },
    FAST,
  );
});

describe('100,000-character inputs stay linear', () => {
  const long = 'a'.repeat(N);

  it(
    'a 100,000-character string literal and user agent',
    () => {
      const source = `http.user_agent contains "${long}"`;
      expect(evaluateExpression(source, request(`x${long}x`))).toBe(true);
      expect(evaluateExpression(source, request(long.slice(1)))).toBe(false);
      // A long digit run is compared as text, never handed to the IP parser.
      expect(evaluateExpression('http.user_agent eq "1"', request('1'.repeat(N)))).toBe(false);
      expect(evaluateExpression('ip.src eq 192.0.2.1', { ...request('x'), sourceIp: '192.0.2.1' })).toBe(true);
      expect(lint(source).map((finding) => finding.code)).toEqual(['too-long']);
    },
    FAST,
  );

  it(
    'a catastrophic regular expression runs on RE2 (matches)',
    () => {
      expect(evaluateExpression('http.user_agent matches "(a+)+$b"', request(`${long}!`))).toBe(false);
      expect(evaluateExpression('http.user_agent matches r"^(a|a)*$"', request(long))).toBe(true);
      expect(evaluateExpression('http.user_agent matches r"(.*a){20}!"', request(long))).toBe(false);
    },
    FAST,
  );

  it(
    'a wildcard pattern full of stars does not backtrack',
    () => {
      const stars = `${'*a'.repeat(2_000)}*b`;
      expect(evaluateExpression(`http.user_agent wildcard "${stars}"`, request(long))).toBe(false);
      expect(evaluateExpression(`http.user_agent wildcard "${stars}"`, request(`${long}b`))).toBe(true);
      expect(evaluateExpression(`http.user_agent strict wildcard "A*"`, request('abc'))).toBe(false);
      expect(evaluateExpression(`http.user_agent wildcard "a\\\\*c"`, request('a*c'))).toBe(true);
      expect(evaluateExpression(`http.user_agent wildcard "a\\\\*c"`, request('abc'))).toBe(false);
    },
    FAST,
  );

  it.each([
    ['an unterminated string', `http.host eq "${long}`],
    ['a 100,000-letter field name', `${long} eq "x"`],
    ['100,000 spaces', ' '.repeat(N)],
    ['a 100,000-digit number', `http.host eq ${'9'.repeat(N)}`],
    ['100,000 colons (IPv6-like)', `ip.src eq ${':'.repeat(N)}`],
    ['a set of 30,000 values', `http.host in {${Array.from({ length: 30_000 }, (_, i) => `"h${i}"`).join(' ')}}`],
    ['a raw string with 100,000 #', `http.host eq r${'#'.repeat(N)}"x"${'#'.repeat(N)}`],
    ['100,000 line breaks before an error', `${'\n'.repeat(N)}?`],
  ])(
    '%s: linted to an answer',
    (_name, source) => {
      expect(Array.isArray(lint(source))).toBe(true);
    },
    FAST,
  );
});

describe("the evaluator's own regular expressions on 100,000-character requests", () => {
  it.each([
    ['a path of dotted segments', `/${'.a'.repeat(N / 2)}`],
    ['a path of dots', `/${'.'.repeat(N)}`],
    ['a path with one long extension', `/x.${'a'.repeat(N)}/`],
  ])(
    'path extension: %s',
    (_name, path) => {
      expect(typeof evaluateExpression('http.request.uri.path.extension eq "a"', request('x', path))).toBe('boolean');
    },
    FAST,
  );

  it(
    'a query string of 100,000 pluses and ampersands',
    () => {
      expect(evaluateExpression('any(http.request.uri.args.names[*] eq "a")', { ...request('x'), query: `${'+&'.repeat(N / 2)}a=1` })).toBe(true);
    },
    FAST,
  );
});

describe('bulwark check on hostile expressions', () => {
  it(
    'reads a 100,000-character execute reference and template-laden strings in linear time',
    () => {
      const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
      const id = `\${cloudflare_ruleset.${'a'.repeat(N)}`;
      const document = {
        resource: {
          cloudflare_ruleset: {
            custom: {
              zone_id: 'z',
              kind: 'zone',
              phase: 'http_request_firewall_custom',
              description: `${'$'.repeat(N)}{x}${'%'.repeat(N)}`,
              rules: [{ ref: 'run', action: 'execute', expression: 'true', action_parameters: { id } }],
            },
          },
        },
      };
      const findings = runCloudflareChecks(document, policy, 'cdk.tf.json');
      // The unclosed reference is a template sequence; the description ($…${ escaped, a run of %) is text.
      expect(findings.filter((finding) => finding.id === 'BulwarkCF-TMPL1').map((finding) => finding.message)).toEqual([
        expect.stringContaining('rules[0].action_parameters.id holds the Terraform template sequence ${ at offset 0'),
      ]);
    },
    FAST,
  );

  it(
    'reports a 100,000-deep expression as a finding, without crashing',
    () => {
      const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
      const document = {
        resource: {
          cloudflare_ruleset: {
            custom: {
              zone_id: 'z',
              kind: 'zone',
              phase: 'http_request_firewall_custom',
              rules: [{ ref: 'deep', action: 'block', expression: `${'('.repeat(N)}true${')'.repeat(N)}` }],
            },
          },
        },
      };
      const findings = runCloudflareChecks(document, policy, 'cdk.tf.json');
      expect(findings.filter((finding) => finding.id === 'BulwarkCF-EXPR1').map((finding) => finding.message)).toContainEqual(
        expect.stringContaining('nests deeper'),
      );
    },
    FAST,
  );
});
