import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, ProfileValidationError, type ProfileIssue } from '../../lib/tooling';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-load-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function issuesOf(file: string): readonly ProfileIssue[] {
  try {
    loadProfile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).issues;
  }
  throw new Error('expected the file to be rejected');
}

describe('loadProfile', () => {
  it('reads YAML and applies defaults', () => {
    const profile = loadProfile(write('ok.yaml', 'name: demo\nenvironment: staging\n'));
    expect(profile.environment).toBe('staging');
    expect(profile.tls.minVersion).toBe('1.2');
  });

  it('reads JSON', () => {
    const profile = loadProfile(write('ok.json', JSON.stringify({ name: 'demo', edges: ['cloudflare'] })));
    expect(profile.edges).toEqual(['cloudflare']);
  });

  it('points a validation problem at its line and column', () => {
    const file = write('bad.yaml', 'name: demo\ntls:\n  minVersion: "1.0.1"\n');
    const [issue] = issuesOf(file);
    expect(issue).toMatchObject({ path: 'tls.minVersion', file, line: 3, column: 15 });
  });

  it('points an unknown key at the key', () => {
    const [issue] = issuesOf(write('unknown.yaml', 'name: demo\nwaf:\n  managedRule: [common]\n'));
    expect(issue).toMatchObject({ path: 'waf.managedRule', line: 3 });
    expect(issue.message).toContain('did you mean "managedRules"');
  });

  it('reports malformed YAML with line and column', () => {
    const [issue] = issuesOf(write('malformed.yaml', 'name: demo\nedges: aws: cloudflare\n'));
    expect(issue.message).toBe('is not valid YAML: Nested mappings are not allowed in compact mappings');
    expect([issue.line, issue.column]).toEqual([2, 8]);
  });

  it.each([
    ['an unresolved alias', 'name: demo\nheaders: *nope\n'],
    ['a circular alias', 'name: demo\nx: &a [*a]\n'],
    [
      'an alias explosion',
      `name: demo\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 6 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ).join('\n')}\n`,
    ],
  ])('reports %s as invalid YAML', (_, text) => {
    const issues = issuesOf(write('alias.yaml', text));
    expect(issues.map((issue) => issue.message).join('\n')).toMatch(/is not valid YAML|not plain data|circular reference/);
  });

  it('reports a file with several documents', () => {
    const [issue] = issuesOf(write('multi.yaml', 'name: one\n---\nname: two\n'));
    expect(issue).toMatchObject({ message: 'holds more than one YAML document', fix: 'keep one profile per file (remove the extra ---)' });
  });

  it('keeps __proto__ as data and rejects it, with or without a preset', () => {
    for (const text of [
      'name: demo\n__proto__: { application: { debug: true } }\n',
      'name: demo\nextends: baseline\n__proto__: { application: { debug: true } }\n',
    ]) {
      const [issue] = issuesOf(write('proto.yaml', text));
      expect(issue.path).toBe('__proto__');
      expect(issue.message).toBe('holds the key "__proto__", which JavaScript reserves for prototypes');
    }
  });

  it('reports a duplicated key', () => {
    const [issue] = issuesOf(write('duplicate.yaml', 'name: demo\nname: other\n'));
    expect(issue).toMatchObject({ line: 2, message: 'repeats the key "name" in one mapping', fix: 'keep one "name" and remove the other' });
  });

  it('reports a missing file', () => {
    const [issue] = issuesOf(join(dir, 'absent.yaml'));
    expect(issue.message).toBe('cannot read the profile: no such file');
  });

  it('rejects a document that is not a mapping', () => {
    const [issue] = issuesOf(write('list.yaml', '- name: demo\n'));
    expect(issue.message).toBe('is not a mapping of fields');
  });

  it('applies the preset named by extends, with the file winning', () => {
    const profile = loadProfile(write('extends.yaml', 'name: demo\nextends: strict\ntls:\n  minVersion: "1.2"\n'));
    expect(profile.tls.minVersion).toBe('1.2');
    expect(profile.tls.hsts.preload).toBe(true);
    expect(profile.secrets.maxRotationDays).toBe(30);
  });
});
