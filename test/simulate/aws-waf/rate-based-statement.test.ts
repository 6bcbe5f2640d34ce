import { describe, expect, it } from 'vitest';
import { compileRateBasedStatement } from '../../../lib/simulate/aws-waf/rate-based-statement';
import { RequestContext } from '../../../lib/simulate/aws-waf/request-context';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';
import { simulatedRequest } from '../../support/simulated-request';

// Semantics: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
const NONE = [{ Priority: 0, Type: 'NONE' }];

/** A limit-2 statement keyed by `key`; returns a function judging one request (at time 0, labels optional). */
function limited(key: unknown, extra: Record<string, unknown> = {}) {
  const statement = compileRateBasedStatement(
    { Limit: 2, EvaluationWindowSec: 60, AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [key], ...extra },
    { rule: 'r', template: {}, bodyLimit: 8192 },
    'RateBasedStatement',
  );
  return (request: Partial<SimulatedRequest>, labels: string[] = []) => {
    const context = new RequestContext(simulatedRequest(request), 0);
    for (const label of labels) context.addLabel(label, 'certain');
    return statement(context);
  };
}

/** The third request of the same key is over a limit of 2; a different key starts its own count. */
function expectKeyed(
  judge: ReturnType<typeof limited>,
  same: Partial<SimulatedRequest>,
  other: Partial<SimulatedRequest>,
  labels: string[] = [],
  otherLabels = labels,
) {
  expect(judge(same, labels)).toBe('no-match');
  expect(judge(same, labels)).toBe('no-match');
  expect(judge(other, otherLabels)).toBe('no-match');
  expect(judge(same, labels)).toBe('match');
}

describe('compileRateBasedStatement custom keys', () => {
  it('Cookie', () =>
    expectKeyed(limited({ Cookie: { Name: 'sid', TextTransformations: NONE } }), { headers: { cookie: ['sid=a'] } }, { headers: { cookie: ['sid=b'] } }));
  it('QueryArgument (name case-insensitive)', () =>
    expectKeyed(limited({ QueryArgument: { Name: 'User', TextTransformations: NONE } }), { query: 'user=a' }, { query: 'user=b' }));
  it('QueryString', () => expectKeyed(limited({ QueryString: { TextTransformations: NONE } }), { query: 'a=1' }, { query: 'a=2' }));
  it('UriPath with transformations', () =>
    expectKeyed(limited({ UriPath: { TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }), { path: '/A' }, { path: '/b' }));
  it('IP', () => expectKeyed(limited({ IP: {} }), { ip: '192.0.2.1' }, { ip: '192.0.2.2' }));
  it('ForwardedIP', () =>
    expectKeyed(
      limited({ ForwardedIP: {} }, { ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH' } }),
      { headers: { 'x-forwarded-for': ['203.0.113.1'] } },
      { headers: { 'x-forwarded-for': ['203.0.113.2'] } },
    ));
  it('LabelNamespace', () =>
    expectKeyed(limited({ LabelNamespace: { Namespace: 'tier:' } }), {}, {}, ['awswaf:0:webacl:acl:tier:gold'], ['awswaf:0:webacl:acl:tier:free']));

  it('a request missing the key is neither counted nor limited', () => {
    const judge = limited({ Cookie: { Name: 'sid', TextTransformations: NONE } });
    for (let i = 0; i < 5; i++) expect(judge({})).toBe('no-match');
  });

  it('a Limit from a parameter is unknown', () => {
    expect(limited({ IP: {} }, { Limit: { Ref: 'Limit' } })({ ip: '192.0.2.1' })).toEqual({
      unknown: 'RateBasedStatement.Limit is a CloudFormation function, not a literal',
    });
  });

  it('rejects an unknown key type and a window AWS does not offer', () => {
    expect(() => limited({ Referer: {} })).toThrow(/CustomKeys\[0\]\.Referer: unknown key type/);
    expect(() => limited({ IP: {} }, { EvaluationWindowSec: 90 })).toThrow(/EvaluationWindowSec.*90/);
  });
});

describe('a request whose input gives no client address', () => {
  it('is unknown on a rate limit keyed by IP: it has an address on the wire, and whether it is over depends on it', () => {
    const statement = compileRateBasedStatement(
      { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' },
      { rule: 'r', template: {}, bodyLimit: 8192 },
      'RateBasedStatement',
    );
    const result = statement(new RequestContext(simulatedRequest({ ip: undefined }), 0));
    expect(result).toMatchObject({ unknown: expect.stringContaining('client address') });
  });
});
