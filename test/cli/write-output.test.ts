import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/cli/usage-error';
import { openOutput, outputTarget, writeOutput } from '../../lib/cli/write-output';

const fresh = () => mkdtempSync(join(tmpdir(), 'bulwark-write-'));

describe('outputTarget', () => {
  it('refuses an empty or blank path', () => {
    expect(() => outputTarget('')).toThrow(
      new UsageError('--output is empty: give the file to write the report to, or leave --output out to print the report'),
    );
    expect(() => outputTarget('  ')).toThrow(UsageError);
  });

  it('refuses a directory, and a path ending in a separator', () => {
    const dir = fresh();
    expect(() => outputTarget(dir)).toThrow(`--output ${dir} is a directory: give a file in it, such as ${join(dir, 'bulwark.sarif')}`);
    expect(() => outputTarget(join(dir, 'new') + '/')).toThrow(/names a directory: give a file in it/);
  });

  it('refuses a symbolic link that points nowhere, and a loop of links, leaving them as they were', () => {
    const dir = fresh();
    symlinkSync(join(dir, 'missing.sarif'), join(dir, 'dangling.sarif'));
    expect(() => outputTarget(join(dir, 'dangling.sarif'))).toThrow(
      /is a symbolic link to a file that does not exist: create that file first, or remove the link/,
    );
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    expect(() => outputTarget(join(dir, 'a'))).toThrow(/is a loop of symbolic links: remove it, or point it at a file/);
    expect(readlinkSync(join(dir, 'dangling.sarif'))).toBe(join(dir, 'missing.sarif'));
    expect(readlinkSync(join(dir, 'a'))).toBe(join(dir, 'b'));
  });

  it('follows a link to the file it names, and writes a device in place', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.sarif'), 'old');
    chmodSync(join(dir, 'real.sarif'), 0o640);
    symlinkSync(join(dir, 'real.sarif'), join(dir, 'link.sarif'));
    expect(outputTarget(join(dir, 'link.sarif'))).toEqual({ kind: 'file', path: join(dir, 'real.sarif'), mode: 0o640 });
    expect(outputTarget('/dev/null')).toEqual({ kind: 'in-place', path: '/dev/null' });
    expect(outputTarget(join(dir, 'new.sarif'))).toEqual({ kind: 'file', path: join(dir, 'new.sarif') });
  });
});

describe('writeOutput', () => {
  it('writes a new file whole and leaves no temporary file', () => {
    const dir = fresh();
    writeOutput(join(dir, 'report.sarif'), 'report');
    expect(readFileSync(join(dir, 'report.sarif'), 'utf8')).toBe('report');
    expect(readdirSync(dir)).toEqual(['report.sarif']);
  });

  it("replaces a file through a link, keeping the link and the file's permissions", () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.sarif'), 'old');
    chmodSync(join(dir, 'real.sarif'), 0o600);
    symlinkSync(join(dir, 'real.sarif'), join(dir, 'link.sarif'));
    writeOutput(join(dir, 'link.sarif'), 'new');
    expect(lstatSync(join(dir, 'link.sarif')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.sarif'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'real.sarif')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['link.sarif', 'real.sarif']);
  });

  it('says which directory is missing', () => {
    const dir = fresh();
    expect(() => writeOutput(join(dir, 'no-such-dir', 'report.sarif'), 'x')).toThrow(
      `cannot write --output ${join(dir, 'no-such-dir', 'report.sarif')}: the directory ${join(dir, 'no-such-dir')} does not exist; create it first`,
    );
  });

  it('writes a device in place (and reports a device that refuses the write)', () => {
    writeOutput('/dev/null', 'report');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(() => writeOutput('/dev/full', 'report')).toThrow(/cannot write --output \/dev\/full: ENOSPC/);
  });

  it.skipIf(process.getuid?.() === 0)('leaves the old file as it was, and no partial file, when the new one cannot be written', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'report.sarif'), 'old');
    chmodSync(join(dir, 'locked'), 0o555);
    try {
      expect(() => writeOutput(join(dir, 'locked', 'report.sarif'), 'new')).toThrow(/cannot write --output .*EACCES/);
      expect(readFileSync(join(dir, 'locked', 'report.sarif'), 'utf8')).toBe('old');
      expect(readdirSync(join(dir, 'locked'))).toEqual(['report.sarif']);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });
});

describe('openOutput', () => {
  it('writes chunks to a temporary file that replaces the report only on commit', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'report.json'), 'old');
    const sink = openOutput(join(dir, 'report.json'));
    sink.write('{"requests": [');
    sink.write(']}');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('old');
    sink.commit();
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"requests": []}');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('leaves the old report as it was, and no temporary file, when aborted', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'report.json'), 'old');
    const sink = openOutput(join(dir, 'report.json'));
    sink.write('half a report');
    sink.abort();
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes a device in place', () => {
    const sink = openOutput('/dev/null');
    sink.write('report');
    sink.commit();
    expect(() => {
      const full = openOutput('/dev/full');
      full.write('report');
    }).toThrow(/cannot write --output \/dev\/full: ENOSPC/);
  });
});
