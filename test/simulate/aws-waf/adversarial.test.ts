import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';
import { compileWebAcl } from '../../../lib/simulate/aws-waf/web-acl';
import { WebAclSimulationError } from '../../../lib/simulate/aws-waf/web-acl-simulation-error';
import { simulatedRequest } from '../../support/simulated-request';

// Hostile requests and templates: each must finish with a verdict or a clear error, not hang or overflow.
const ALL_TRANSFORMS = [
  'URL_DECODE_UNI',
  'HTML_ENTITY_DECODE',
  'JS_DECODE',
  'CSS_DECODE',
  'CMD_LINE',
  'COMPRESS_WHITE_SPACE',
  'UTF8_TO_UNICODE',
  'LOWERCASE',
].map((type, priority) => ({ Priority: priority, Type: type }));

function acl(rules: unknown[], extra: Record<string, unknown> = {}) {
  return compileWebAcl({
    properties: { Name: 'acl', DefaultAction: { Allow: {} }, Rules: rules, ...extra },
    template: {} as CfnTemplate,
    name: 'aws',
    source: 'test',
    logicalId: 'Acl',
  });
}

const regexRule = (name: string, priority: number, pattern: string, field: unknown) => ({
  Name: name,
  Priority: priority,
  Action: { Block: {} },
  Statement: { RegexMatchStatement: { RegexString: pattern, FieldToMatch: field, TextTransformations: ALL_TRANSFORMS } },
});

describe('adversarial input', () => {
  it('a 1 MB header through a long transformation chain and a backtracking-prone regex gets its verdict', () => {
    const edge = acl([regexRule('ua', 0, '(a+)+$', { SingleHeader: { Name: 'user-agent' } })]);
    const verdict = edge.evaluate(simulatedRequest({ headers: { 'user-agent': [`${'a'.repeat(1_000_000)}!`] } }));
    expect(verdict).toMatchObject({ action: 'allow', rule: null });
    expect(edge.evaluate(simulatedRequest({ headers: { 'user-agent': ['a'.repeat(1_000_000)] } }))).toMatchObject({ action: 'block', rule: 'ua' });
  });

  it('a 1 MB body is inspected up to the limit; all headers of 1 MB are oversize', () => {
    const edge = acl([
      regexRule('body', 0, '(x+x+)+y', { Body: { OversizeHandling: 'CONTINUE' } }),
      {
        Name: 'json',
        Priority: 1,
        Action: { Block: {} },
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: { JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL', InvalidFallbackBehavior: 'NO_MATCH', OversizeHandling: 'CONTINUE' } },
            PositionalConstraint: 'CONTAINS',
            SearchString: 'y',
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
      regexRule('headers', 2, 'z', { Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'MATCH' } }),
    ]);
    const verdict = edge.evaluate(simulatedRequest({ body: `${'x'.repeat(1_000_000)}y`, headers: { big: ['%u0041'.repeat(200_000)] } }));
    // The y is past the 8 KB limit (CONTINUE: not seen), the truncated JSON is invalid (NO_MATCH), the headers are oversize (MATCH).
    expect(verdict).toMatchObject({ action: 'block', rule: 'headers' });
  });

  it("CONTAINS_WORD over a 1 MB run of the word's letters is one scan", () => {
    const edge = acl([
      {
        Name: 'word',
        Priority: 0,
        Action: { Block: {} },
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: { SingleHeader: { Name: 'x' } },
            PositionalConstraint: 'CONTAINS_WORD',
            SearchString: 'a'.repeat(200),
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
    ]);
    expect(edge.evaluate(simulatedRequest({ headers: { x: ['a'.repeat(1_000_000)] } }))).toMatchObject({ action: 'allow' });
    expect(edge.evaluate(simulatedRequest({ headers: { x: [`${'a'.repeat(1_000_000)} ${'a'.repeat(200)}`] } }))).toMatchObject({ action: 'block' });
  });

  it('deeply nested JSON within a 64 KB limit is walked without recursion', () => {
    const edge = acl(
      [
        {
          Name: 'json',
          Priority: 0,
          Action: { Block: {} },
          Statement: {
            ByteMatchStatement: {
              FieldToMatch: { JsonBody: { MatchPattern: { All: {} }, MatchScope: 'VALUE', InvalidFallbackBehavior: 'NO_MATCH' } },
              PositionalConstraint: 'EXACTLY',
              SearchString: 'deep',
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        },
      ],
      { Scope: 'CLOUDFRONT', AssociationConfig: { RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } } } },
    );
    const body = `${'['.repeat(30_000)}"deep"${']'.repeat(30_000)}`;
    expect(edge.evaluate(simulatedRequest({ body }))).toMatchObject({ action: 'block', rule: 'json' });
  });

  it('statements nested past the bound are an error, not a stack overflow', () => {
    let statement: unknown = { GeoMatchStatement: { CountryCodes: ['FR'] } };
    for (let i = 0; i < 10_000; i++) statement = { NotStatement: { Statement: statement } };
    expect(() => acl([{ Name: 'deep', Priority: 0, Action: { Block: {} }, Statement: statement }])).toThrow(WebAclSimulationError);
  });

  it('a hostile rule name is truncated in the error', () => {
    const name = 'n'.repeat(10_000);
    expect(() => acl([{ Name: name, Priority: 0, Action: { Block: {} } }])).toThrow(/n{80}…/);
  });
});
