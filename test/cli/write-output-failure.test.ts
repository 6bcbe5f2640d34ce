import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeOutput } from '../../lib/cli/write-output';

/** Which file-system call fails next (an I/O error, as a full disk or a lost mount gives), if any. */
const failing = vi.hoisted(() => ({ call: undefined as 'fsyncSync' | 'renameSync' | 'writeFileSync' | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const failingWhen =
    <A extends unknown[], R>(name: 'fsyncSync' | 'renameSync' | 'writeFileSync', real: (...args: A) => R) =>
    (...args: A): R => {
      if (failing.call === name) throw Object.assign(new Error(`EIO: i/o error, ${name}`), { code: 'EIO' });
      return real(...args);
    };
  return {
    ...fs,
    fsyncSync: failingWhen('fsyncSync', fs.fsyncSync),
    renameSync: failingWhen('renameSync', fs.renameSync),
    writeFileSync: failingWhen('writeFileSync', fs.writeFileSync),
  };
});

afterEach(() => {
  failing.call = undefined;
});

describe('writeOutput when the disk fails', () => {
  for (const call of ['writeFileSync', 'fsyncSync', 'renameSync'] as const) {
    it(`leaves the old report as it was and no partial file when ${call} fails`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-write-fail-'));
      writeFileSync(join(dir, 'report.sarif'), 'old');
      failing.call = call;
      expect(() => writeOutput(join(dir, 'report.sarif'), 'new report')).toThrow(`cannot write --output ${join(dir, 'report.sarif')}: EIO: i/o error, ${call}`);
      failing.call = undefined;
      expect(readFileSync(join(dir, 'report.sarif'), 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['report.sarif']);
    });
  }

  it('leaves no file at all when a new report cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-write-fail-'));
    failing.call = 'renameSync';
    expect(() => writeOutput(join(dir, 'report.sarif'), 'new report')).toThrow(/EIO/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
