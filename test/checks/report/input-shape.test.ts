import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkShape, describeJsonValue, formatFieldPath } from '../../../lib/checks/report/input-shape';
import { OutputFileError } from '../../../lib/checks/report/output-file-error';

const SECRET = 'AKIA-CANARY-EXAMPLE';

describe('checkShape', () => {
  const schema = z.looseObject({
    items: z.array(z.looseObject({ name: z.string() })),
    either: z.union([z.string(), z.looseObject({ n: z.number() })], { error: 'a string or an object' }).optional(),
  });

  it('returns the value itself, unknown fields kept', () => {
    const value = { items: [{ name: 'a', extra: 1 }], other: true };
    expect(checkShape('f.json', schema, value)).toBe(value);
  });

  it('names the file, each wrong field, the type found and the shape expected, never the value', () => {
    const error = (() => {
      try {
        checkShape('cdk.out/f.json', schema, { items: [{ name: 1 }, SECRET, { name: [SECRET] }] }, ['root']);
      } catch (caught) {
        return caught as OutputFileError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(OutputFileError);
    expect(error.message).toBe(
      'cdk.out/f.json is not what a synthesizer writes: root.items[0].name is a number, not a string; root.items[1] is a string, not an object; root.items[2].name is an array, not a string. Synthesize again (a file edited by hand or by another tool cannot be checked)',
    );
  });

  it("reports inside the option of a union whose type matched, else the union's own expectation", () => {
    expect(() => checkShape('f.json', schema, { items: [], either: { n: SECRET } })).toThrow('either.n is a string, not a number');
    expect(() => checkShape('f.json', schema, { items: [], either: 5 })).toThrow('either is a number, not a string or an object');
  });

  it('lists five wrong fields and counts the rest', () => {
    expect(() => checkShape('f.json', schema, { items: Array.from({ length: 8 }, () => null) })).toThrow(/items\[4\] is null, not an object; and 3 more\./);
  });
});

describe('formatFieldPath', () => {
  it('spells plain keys with dots and indexes in brackets', () => {
    expect(formatFieldPath(['artifacts', 'Top.assets', 'properties', 'file'])).toBe('artifacts["Top.assets"].properties.file');
    expect(formatFieldPath(['resource', 'cloudflare_ruleset', 'zone_waf', 'rules', 0, 'expression'])).toBe(
      'resource.cloudflare_ruleset.zone_waf.rules[0].expression',
    );
    expect(formatFieldPath([])).toBe('the document');
  });

  it('escapes control, bidirectional and non-ASCII characters in a key, so a key cannot write to the terminal', () => {
    expect(formatFieldPath(['a', '\u001b[2J\u009b31m\u202eevil\n'])).toBe('a["\\u001b[2J\\u009b31m\\u202eevil\\n"]');
  });

  it('cuts a long key', () => {
    expect(formatFieldPath(['x'.repeat(200)])).toBe(`["${'x'.repeat(64)}…"]`);
  });
});

describe('describeJsonValue', () => {
  it('names the type, never the value', () => {
    expect([undefined, null, [], [SECRET], {}, '', SECRET, 1, true].map(describeJsonValue)).toEqual([
      'missing',
      'null',
      'an empty array',
      'an array',
      'an object',
      'an empty string',
      'a string',
      'a number',
      'a boolean',
    ]);
  });
});
