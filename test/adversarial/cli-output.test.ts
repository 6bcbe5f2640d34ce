import { mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../lib/tooling';
import { runCliCaptured } from '../support/run-cli';
import { strictZoneOutput } from '../support/strict-zone-output';

describe('bulwark check --output is predictable', () => {
  const input = strictZoneOutput('bulwark-out-cdktf-');
  // Judged against the profile the zone was built from (strict's CSP allows data: images, which the baseline's does not).
  const strict = join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml');
  const check = (output: string) => runCliCaptured('check', '--cdktf-out', input, '--profile', strict, '--format', 'sarif', '--output', output);

  it('exits 2 on an empty path, printing no report', async () => {
    for (const empty of ['', ' ']) {
      const { code, stdout, stderr } = await check(empty);
      expect(code).toBe(EXIT.badInput);
      expect(stdout).toBe('');
      expect(stderr).toBe('bulwark: --output is empty: give the file to write the report to, or leave --output out to print the report\n');
    }
  });

  it('exits 2 on a link that points nowhere and on a loop of links, leaving each link as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-out-'));
    symlinkSync(join(dir, 'missing', 'report.sarif'), join(dir, 'dangling.sarif'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    const dangling = await check(join(dir, 'dangling.sarif'));
    expect(dangling.code).toBe(EXIT.badInput);
    expect(dangling.stderr).toContain(`--output ${join(dir, 'dangling.sarif')} is a symbolic link to a file that does not exist`);
    const loop = await check(join(dir, 'loop-a'));
    expect(loop.code).toBe(EXIT.badInput);
    expect(loop.stderr).toContain(`--output ${join(dir, 'loop-a')} is a loop of symbolic links`);
    expect(readlinkSync(join(dir, 'dangling.sarif'))).toBe(join(dir, 'missing', 'report.sarif'));
    expect(readlinkSync(join(dir, 'loop-a'))).toBe(join(dir, 'loop-b'));
    expect(readdirSync(dir).sort()).toEqual(['dangling.sarif', 'loop-a', 'loop-b']);
  });

  it('exits 2 on a directory, and on a file in a directory that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-out-'));
    expect((await check(dir)).stderr).toContain(`--output ${dir} is a directory: give a file in it`);
    const missing = await check(join(dir, 'reports', 'bulwark.sarif'));
    expect(missing.code).toBe(EXIT.badInput);
    expect(missing.stderr).toContain(`the directory ${join(dir, 'reports')} does not exist; create it first`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces an existing report whole, leaving nothing else beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-out-'));
    writeFileSync(join(dir, 'bulwark.sarif'), 'x'.repeat(1_000_000));
    expect((await check(join(dir, 'bulwark.sarif'))).code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(join(dir, 'bulwark.sarif'), 'utf8'))).toHaveProperty('version', '2.1.0');
    expect(readdirSync(dir)).toEqual(['bulwark.sarif']);
  });

  it('keeps an existing report when the input is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-out-'));
    writeFileSync(join(dir, 'bulwark.sarif'), 'previous');
    const { code } = await runCliCaptured('check', '--cdktf-out', join(dir, 'no-such-output'), '--output', join(dir, 'bulwark.sarif'));
    expect(code).toBe(EXIT.badInput);
    expect(readFileSync(join(dir, 'bulwark.sarif'), 'utf8')).toBe('previous');
  });
});
