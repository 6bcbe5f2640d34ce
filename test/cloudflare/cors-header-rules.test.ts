import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { corsHeaderRules, corsProblems } from '../../lib/cloudflare/cors-header-rules';
import { lintExpression } from '../../lib/cloudflare/expression/lint';
import { parseExpression } from '../../lib/cloudflare/expression/parse';
import { PLANS } from '../../lib/cloudflare/plans';
import type { CorsPolicy } from '../../lib/policy/model';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';
import { Profile } from '../../lib/tooling';

const cors = (overrides: Partial<CorsPolicy> = {}): CorsPolicy => ({
  allowedOrigins: ['https://app.example.com', 'https://admin.example.com'],
  allowAnyOrigin: false,
  allowCredentials: true,
  allowedMethods: ['GET', 'POST'],
  allowedHeaders: ['Authorization', 'Content-Type'],
  maxAgeSeconds: 600,
  ...overrides,
});

describe('corsHeaderRules', () => {
  it('grants each listed origin in its own rule matching the Origin header exactly, with credentials, methods, headers and max-age', () => {
    const { rules } = corsHeaderRules(cors());
    expect(rules.map((rule) => [rule.ref, rule.expression])).toEqual([
      ['cors-origin-1', 'http.request.headers["origin"][0] eq "https://app.example.com"'],
      ['cors-origin-2', 'http.request.headers["origin"][0] eq "https://admin.example.com"'],
    ]);
    expect(rules[0]).toMatchObject({
      action: 'rewrite',
      actionParameters: {
        headers: {
          'Access-Control-Allow-Origin': { operation: 'set', value: 'https://app.example.com' },
          'Access-Control-Allow-Credentials': { operation: 'set', value: 'true' },
          'Access-Control-Allow-Methods': { operation: 'set', value: 'GET, POST' },
          'Access-Control-Allow-Headers': { operation: 'set', value: 'Authorization, Content-Type' },
          'Access-Control-Max-Age': { operation: 'set', value: '600' },
        },
      },
    });
  });

  it('first strips the CORS grant the origin server sent and adds Vary: Origin, so only listed origins are granted', () => {
    expect(corsHeaderRules(cors()).everyResponse).toEqual({
      'Access-Control-Allow-Origin': { operation: 'remove' },
      'Access-Control-Allow-Credentials': { operation: 'remove' },
      Vary: { operation: 'add', value: 'Origin' },
    });
  });

  it('sends "*" on every response for any origin, never with credentials, in no extra rule', () => {
    const { everyResponse, rules } = corsHeaderRules(cors({ allowAnyOrigin: true, allowedOrigins: [], allowCredentials: false }));
    expect(rules).toEqual([]);
    expect(everyResponse['Access-Control-Allow-Origin']).toEqual({ operation: 'set', value: '*' });
    expect(everyResponse['Access-Control-Allow-Credentials']).toEqual({ operation: 'remove' });
  });

  it('leaves CORS to the origin server when the profile allows no cross-origin request', () => {
    expect(corsHeaderRules(cors({ allowedOrigins: [] }))).toEqual({ everyResponse: {}, rules: [] });
  });

  it('keeps a hostile origin string a literal: the expression still compares the Origin header with exactly that string', () => {
    const hostile = 'https://a.example" or true or http.host eq "x\\';
    const [rule] = corsHeaderRules(cors({ allowedOrigins: [hostile] })).rules;
    const tree = parseExpression(rule.expression);
    expect(tree).toMatchObject({ kind: 'comparison', operator: 'eq', right: { kind: 'string', value: hostile } });
  });

  it('emits expressions our rules-language linter passes in the response header phase on every plan', () => {
    for (const plan of ['free', 'pro', 'business', 'enterprise'] as const) {
      for (const rule of corsHeaderRules(cors()).rules) expect(lintExpression(rule.expression, { phase: 'http_response_headers_transform', plan })).toEqual([]);
    }
  });
});

describe('corsProblems', () => {
  it('refuses "*" with credentials', () => {
    expect(corsProblems(cors({ allowAnyOrigin: true, allowedOrigins: [] }), 'pro', PLANS.pro.transformRules)).toEqual([
      { field: 'cors.allowedOrigins', message: expect.stringContaining('"*" with allowCredentials: true') },
    ]);
  });

  it("refuses more origins than the plan's response header transform rules leave room for (one sets the security headers)", () => {
    const origins = (n: number) => Array.from({ length: n }, (_, i) => `https://app${i}.example.com`);
    expect(corsProblems(cors({ allowedOrigins: origins(9) }), 'free', 10)).toEqual([]);
    expect(corsProblems(cors({ allowedOrigins: origins(10) }), 'free', 10)).toEqual([
      {
        field: 'cors.allowedOrigins',
        message: expect.stringMatching(
          /^the free plan allows 10 response header transform rules and the profile needs 11 \(the security headers, and one per CORS origin\); options: a higher plan/,
        ),
      },
    ]);
  });
});

describe('compileZone CORS', () => {
  it('adds the CORS rules after the security headers rule, lint-clean', () => {
    const policy = buildPolicy(
      extendPreset('strict', { name: 'demo', edges: ['cloudflare'], cors: { allowedOrigins: ['https://app.example.com'], allowCredentials: true } }),
    );
    const compiled = compileZone(policy, 'pro');
    expect(compiled.problems).toEqual([]);
    expect(compiled.rulesets.http_response_headers_transform.map((rule) => rule.ref)).toEqual(['security-headers', 'cors-origin-1']);
  });

  it('refuses a profile with "*" and credentials', () => {
    const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], cors: { allowedOrigins: ['*'], allowCredentials: true } }));
    expect(compileZone(policy, 'pro').problems).toContainEqual(expect.objectContaining({ field: 'cors.allowedOrigins' }));
  });
});

describe('CloudflareZoneHardening CORS', () => {
  it('synthesizes the per-origin rule in the response header transform ruleset', () => {
    const json = Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', {
        zoneId: '0123456789abcdef0123456789abcdef',
        profile: Profile.fromObject({
          name: 'demo',
          edges: ['cloudflare'],
          cloudflare: { plan: 'pro' },
          cors: { allowedOrigins: ['https://app.example.com'] },
        }),
      });
    });
    const rulesets = Object.values(
      (JSON.parse(json) as { resource: Record<string, Record<string, { phase: string; rules: unknown[] }>> }).resource[Ruleset.tfResourceType],
    );
    const transform = rulesets.find((ruleset) => ruleset.phase === 'http_response_headers_transform');
    expect(transform?.rules.map((rule) => (rule as { ref: string }).ref)).toEqual(['security-headers', 'cors-origin-1']);
    expect(transform?.rules[1]).toMatchObject({
      action: 'rewrite',
      expression: 'http.request.headers["origin"][0] eq "https://app.example.com"',
      action_parameters: { headers: { 'Access-Control-Allow-Origin': { operation: 'set', value: 'https://app.example.com' } } },
    });
  });
});
