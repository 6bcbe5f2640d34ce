import { describe, expect, it } from 'vitest';
import type { ZoneRule } from '../../lib/cloudflare/compile-zone';
import { rulesetLintProblems } from '../../lib/cloudflare/ruleset-lint-problems';

const custom = (expression: string) => ({
  http_request_firewall_custom: [{ ref: 'a', description: 'a', action: 'block', expression } satisfies ZoneRule],
  http_ratelimit: [],
  http_request_firewall_managed: [],
  http_response_headers_transform: [],
});

describe('rulesetLintProblems', () => {
  it('names the profile field of the rule and the expression the plan refuses', () => {
    expect(rulesetLintProblems(custom('http.request.body.raw contains "x"'), new Map([['a', 'waf.a']]), 'pro', [])).toEqual([
      {
        field: 'waf.a',
        message:
          'http_request_firewall_custom rule a: http.request.body.raw needs the enterprise plan or higher, not pro in http.request.body.raw contains "x"',
      },
    ]);
  });

  it('falls back to the ref, and offers what to do with an expression that is too long instead of printing it', () => {
    const hosts = Array.from({ length: 400 }, (_, i) => `"h${i}.example.com"`).join(' ');
    const [problem] = rulesetLintProblems(custom(`http.host in {${hosts}}`), new Map(), 'pro', []);
    expect(problem.field).toBe('a');
    expect(problem.message).toMatch(
      /^http_request_firewall_custom rule a: the expression has \d+ characters; Cloudflare accepts at most 4096; options: fewer entries per rule \(for IP lists, a Cloudflare IP list referenced as \$name\), or split the list$/,
    );
  });

  it('finds nothing in expressions the plan accepts', () => {
    expect(rulesetLintProblems(custom('http.host eq "example.com"'), new Map(), 'free', [])).toEqual([]);
  });
});
