import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EdgeVerdict } from '../../lib/simulate/edge-verdict';
import { ExpectationFileError, expectedOn, judgeVerdict, readExpectationFile } from '../../lib/simulate/expectations';

const written = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'bulwark-expect-')), 'expect.yaml');
  writeFileSync(file, text);
  return file;
};

const problemsOf = (text: string): readonly string[] => {
  try {
    readExpectationFile(written(text));
  } catch (error) {
    if (error instanceof ExpectationFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
};

const verdict = (action: EdgeVerdict['action'], rule: string | null = null): EdgeVerdict => ({ action, rule, matched: [] });

describe('readExpectationFile', () => {
  it('reads an action for every edge and actions per edge', () => {
    const expectations = readExpectationFile(written('login-11: block\nreport: { aws: block, cloudflare: allow }\n'));
    expect(expectations.get('login-11')).toEqual({ every: 'block' });
    expect(expectations.get('report')).toEqual({ byEdge: { aws: 'block', cloudflare: 'allow' } });
  });

  it('reads JSON as well', () => {
    expect(readExpectationFile(written('{"home": "allow"}')).get('home')).toEqual({ every: 'allow' });
  });

  it('reports every bad action at once, saying what is allowed', () => {
    const problems = problemsOf('a: blocked\nb: { aws: deny }\nc: [block]\n');
    expect(problems).toEqual([
      '"a": expects "blocked"; expected one of allow, block, challenge, or a mapping of edge to one of them',
      '"b": edge "aws" expects "deny"; expected one of allow, block, challenge',
      '"c": expects a list; expected one of allow, block, challenge, or a mapping of edge to one of them',
    ]);
  });

  it('refuses an id given twice (a later entry would silently replace the first)', () => {
    expect(problemsOf('home: allow\nhome: block\n')).toEqual(['"home" is given more than once; give each request id once']);
  });

  it('refuses a document that is not a mapping, and YAML that does not parse', () => {
    expect(problemsOf('- block\n')[0]).toMatch(/is not a mapping of request id to expected action/);
    expect(problemsOf('a: [unclosed\n').length).toBeGreaterThan(0);
  });

  it('refuses what is not a regular file', () => {
    expect(() => readExpectationFile('/dev/zero')).toThrow(/is a character device, not a file/);
  });
});

describe('expectedOn', () => {
  it('takes the edge by name, then by kind, and an action for every edge', () => {
    const edge = { name: 'aws:Stack/Waf', kind: 'aws' };
    expect(expectedOn({ byEdge: { 'aws:Stack/Waf': 'challenge', aws: 'block' } }, edge)).toBe('challenge');
    expect(expectedOn({ byEdge: { aws: 'block' } }, edge)).toBe('block');
    expect(expectedOn({ byEdge: { cloudflare: 'block' } }, edge)).toBeUndefined();
    expect(expectedOn({ every: 'allow' }, edge)).toBe('allow');
  });
});

describe('judgeVerdict', () => {
  it('meets block with block and challenge with a captcha or a challenge', () => {
    expect(judgeVerdict('block', verdict('block', 'r'))).toBe('met');
    expect(judgeVerdict('challenge', verdict('captcha', 'r'))).toBe('met');
    expect(judgeVerdict('challenge', verdict('challenge', 'r'))).toBe('met');
  });

  it('does not meet block with a challenge, nor allow with a block', () => {
    expect(judgeVerdict('block', verdict('challenge', 'r'))).toBe('unmet');
    expect(judgeVerdict('allow', verdict('block', 'r'))).toBe('unmet');
    expect(judgeVerdict('block', verdict('allow'))).toBe('unmet');
  });

  it('never calls a verdict a rule may still change met: unknown is unverified, even when the rest would agree', () => {
    const mayBlock: EdgeVerdict = { action: 'unknown', rule: 'managed-common', matched: [], otherwise: { action: 'allow', rule: null } };
    expect(judgeVerdict('allow', mayBlock)).toBe('unverified');
    expect(judgeVerdict('block', mayBlock)).toBe('unverified');
  });
});

describe('readExpectationFile on hostile or unusual YAML (review findings)', () => {
  it('resolves an alias to a shared mapping', () => {
    const expectations = readExpectationFile(written('x: &both { aws: block, cloudflare: challenge }\ny: *both\n'));
    expect(expectations.get('y')).toEqual({ byEdge: { aws: 'block', cloudflare: 'challenge' } });
  });

  it('refuses __proto__ and other reserved names as edges, and an edge given twice, instead of dropping them', () => {
    expect(problemsOf('x: { __proto__: allow }\n')).toEqual(['"x": "__proto__" is not an edge name; write aws, cloudflare, or an edge\'s full name']);
    expect(problemsOf('x: { aws: block, aws: allow }\n')).toEqual(['"x": edge "aws" is given more than once']);
  });

  it('keeps __proto__ as a request id like any other', () => {
    expect(readExpectationFile(written('__proto__: block\n')).get('__proto__')).toEqual({ every: 'block' });
  });

  it('refuses a collection as a request id, and nesting deeper than a mapping of edges, without a stack trace', () => {
    expect(problemsOf('? [a, b]\n: block\n')).toEqual(['a request id is not a plain string or number; write `id: action`']);
    expect(problemsOf(`x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`).length).toBeGreaterThan(0);
  });
});
