import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, ProfileValidationError, type ProfileIssue } from '../../lib';

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
    const [issue] = issuesOf(write('malformed.yaml', 'name: demo\ntls: { minVersion: "1.2"\n'));
    expect(issue.message).toMatch(/is not valid YAML/);
    expect(issue.line).toBeGreaterThanOrEqual(2);
    expect(issue.column).toBeGreaterThanOrEqual(1);
  });

  it('reports a duplicated key', () => {
    const [issue] = issuesOf(write('duplicate.yaml', 'name: demo\nname: other\n'));
    expect(issue).toMatchObject({ line: 2, fix: 'remove the repeated key' });
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
