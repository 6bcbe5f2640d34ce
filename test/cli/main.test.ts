import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, EXIT } from '../../lib/tooling';
import { runCliCaptured } from '../support/run-cli';

const root = join(__dirname, '..', '..');
const example = (name: string) => join(root, 'examples', 'profiles', name);
const dir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const run = runCliCaptured;

describe('bulwark doctor', () => {
  it('exits 0 on the strict example and says it passed', async () => {
    const { code, stdout } = await run('doctor', example('strict.yaml'));
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('example-strict (production): 0 blocking, 0 warnings: PASSED');
  });

  it('exits 1 on a 32-byte JWT secret and names the finding in the table', async () => {
    const file = write('weak.yaml', 'name: weak\nextends: strict\nauth:\n  jwt:\n    algorithm: HS256\n    secretBytes: 32\n');
    const { code, stdout } = await run('doctor', file);
    expect(code).toBe(EXIT.findings);
    expect(stdout).toMatch(/^BLOCKING BWD-AUTH-01$/m);
    expect(stdout).toContain('JWT signing secret shorter than 64 random');
    expect(stdout).toContain('FAILED');
  });

  it('prints the report as JSON for machines', async () => {
    const { code, stdout } = await run('doctor', example('open-astra.yaml'), '--format', 'json');
    expect(code).toBe(EXIT.findings);
    const report = JSON.parse(stdout) as { passed: boolean; findings: { id: string; path: string }[] };
    expect(report.passed).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'BWD-SEC-01', path: 'secrets.items[1].rotateAfterDays' }));
  });

  it('exits 2 on a misspelled key, naming the field and the suggestion', async () => {
    const file = write('typo.yaml', 'name: typo\ntls:\n  minVersoin: "1.2"\n');
    const { code, stderr, stdout } = await run('doctor', file);
    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe('');
    expect(stderr).toContain(`- tls.minVersoin (${file}:3:15): is not a known field; did you mean "minVersion"?`);
  });

  it('exits 2 on a string where a number belongs', async () => {
    const file = write('type.yaml', 'name: type\nauth:\n  jwt:\n    secretBytes: sixty-four\n');
    const { code, stderr } = await run('doctor', file);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain('auth.jwt.secretBytes');
    expect(stderr).toContain('expected number, received string "sixty-four"');
  });

  it('reports invalid input as JSON when JSON was asked for', async () => {
    const { code, stdout } = await run('doctor', join(dir, 'missing.yaml'), '--format=json');
    expect(code).toBe(EXIT.badInput);
    expect(JSON.parse(stdout)).toMatchObject({ error: 'invalid-profile', issues: [{ message: 'cannot read the profile: no such file' }] });
  });

  it('follows the last --format given when reporting bad input', async () => {
    const { stdout, stderr } = await run('doctor', join(dir, 'missing.yaml'), '--format', 'json', '--format', 'table');
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot read the profile');
  });

  it('exits 2 on an unknown format or command', async () => {
    expect((await run('doctor', example('strict.yaml'), '--format', 'xml')).code).toBe(EXIT.badInput);
    const unknown = await run('doctr');
    expect(unknown.code).toBe(EXIT.badInput);
    expect(unknown.stderr).toContain('doctor');
  });

  it('exits 0 for help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('doctor');
  });
});

describe('bulwark matrix', () => {
  it('prints every checklist item with the rules that enforce it', async () => {
    const { code, stdout } = await run('matrix');
    expect(code).toBe(EXIT.ok);
    expect(stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Checklist')).length).toBe(Object.keys(CHECKLIST).length);
    expect(stdout).toMatch(
      /\| 2\. Secret rotation: rotateAfterDays on every secret \| Security Hardening Checklist \(Open Astra\) \| BWD-SEC-01 \| Bulwark-SEC1 \| – \|/,
    );
    expect(stdout).toMatch(
      /\| BWD-TLS-01, BWD-TLS-04, BWD-TLS-05, BWD-TLS-06 \| Bulwark-ELB1, Bulwark-CF1 \| BulwarkCF-TLS1, BulwarkCF-TLS3, BulwarkCF-TLS5 \|/,
    );
  });
});

describe('bulwark policy and schema', () => {
  it('prints the policy of a profile', async () => {
    const { code, stdout } = await run('policy', example('baseline.yaml'));
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'example-baseline', rules: expect.arrayContaining([expect.objectContaining({ id: 'rate-auth' })]) });
  });

  it('prints the JSON Schema', async () => {
    const { stdout } = await run('schema');
    expect(JSON.parse(stdout)).toMatchObject({ title: 'Bulwark hardening profile', type: 'object' });
  });
});

describe('the bulwark executable', () => {
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'bulwark.ts'), ...args], { encoding: 'utf8', cwd: root });

  it('exits 2 without a stack trace on bad input', () => {
    const file = write('bad.yaml', 'name: Bad Name\nenvironment: prod\n');
    const result = bin('doctor', file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('The profile has 2 problems');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 without a stack trace on YAML that cannot be built', () => {
    const result = bin('doctor', write('alias-cli.yaml', 'name: demo\nheaders: *nope\n'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not valid YAML');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on blocking findings', () => {
    expect(bin('doctor', example('open-astra.yaml')).status).toBe(1);
  });
});
