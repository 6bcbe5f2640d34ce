import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_NESTING, readJsonObject } from '../../../lib/checks/report/read-json-file';

const SECRET = 'sk_live_CANARY_51HqLyj';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bulwark-json-')), 'doc.json');
  writeFileSync(path, text);
  return path;
}

describe('readJsonObject', () => {
  it('reads a JSON object', () => {
    expect(readJsonObject(file('{"a": [1, {"b": null}]}'))).toEqual({ a: [1, { b: null }] });
  });

  it('places a syntax error by line and column, never quoting the text (which may be a secret)', () => {
    for (const text of [`{"key": ${SECRET}}`, `${SECRET}`, `{"key": "${SECRET}",}`, `{"key": "${SECRET}"`, `\n\n  {"key" "${SECRET}"}`]) {
      const path = file(text);
      let message = '';
      try {
        readJsonObject(path);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(
        new RegExp(
          `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\((a syntax error( at line \\d+, column \\d+)?|it ends before the JSON does)\\); synthesize again$`,
        ),
      );
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain('sk_live');
    }
    expect(() => readJsonObject(file('{\n  "a": 1,\n}'))).toThrow('is not valid JSON (a syntax error at line 3, column 1)');
    expect(() => readJsonObject(file('  '))).toThrow('is not valid JSON (it ends before the JSON does)');
  });

  it('refuses a document that is not an object, naming its type only', () => {
    expect(() => readJsonObject(file(`["${SECRET}"]`))).toThrow(/ holds an array, not a JSON object; synthesize again$/);
    expect(() => readJsonObject(file(`"${SECRET}"`))).toThrow(/ holds a string, not a JSON object/);
    expect(() => readJsonObject(file('null'))).toThrow(/ holds null, not a JSON object/);
  });

  it('refuses a key named __proto__ anywhere, naming where', () => {
    expect(() => readJsonObject(file(`{"a": [{"b": {"__proto__": {"polluted": "${SECRET}"}}}]}`))).toThrow(/: a\[0\]\.b\.__proto__ is a key named __proto__/);
    expect(() => readJsonObject(file('{"\\u005f_proto__": 1}'))).toThrow(/__proto__ is a key named __proto__/);
  });

  it(`refuses nesting deeper than MAX_JSON_NESTING (${MAX_JSON_NESTING}), brackets inside strings not counted`, () => {
    const deep = (levels: number) => `{"a": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(readJsonObject(file(deep(MAX_JSON_NESTING)))).toHaveProperty('a');
    expect(() => readJsonObject(file(deep(MAX_JSON_NESTING + 1)))).toThrow(
      `nests arrays and objects more than ${MAX_JSON_NESTING} deep (at line 1, column ${MAX_JSON_NESTING + 6})`,
    );
    expect(readJsonObject(file(`{"a": "${'['.repeat(10_000)}\\"${'{'.repeat(10_000)}"}`))).toHaveProperty('a');
  });
});
