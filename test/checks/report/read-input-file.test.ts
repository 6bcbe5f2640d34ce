import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFileError } from '../../../lib/checks/report/output-file-error';
import { MAX_INPUT_FILE_BYTES, readInputFile } from '../../../lib/checks/report/read-input-file';

const fresh = () => mkdtempSync(join(tmpdir(), 'bulwark-input-'));

describe('readInputFile', () => {
  it('reads a regular file', () => {
    const file = join(fresh(), 'manifest.json');
    writeFileSync(file, '{"version":"55.0.0"}');
    expect(readInputFile(file)).toBe('{"version":"55.0.0"}');
  });

  it('refuses /dev/zero and /dev/urandom, which never end, without reading them', () => {
    expect(() => readInputFile('/dev/zero')).toThrow(
      new OutputFileError('/dev/zero is a character device, not a regular file: bulwark check reads only regular files; give the synthesized output itself'),
    );
    expect(() => readInputFile('/dev/urandom')).toThrow(/is a character device, not a regular file/);
  });

  it('refuses a FIFO with no writer at once, rather than waiting for one', () => {
    const fifo = join(fresh(), 'cdk.tf.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => readInputFile(fifo)).toThrow(`${fifo} is a pipe (FIFO), not a regular file`);
  });

  it('refuses a directory', () => {
    const dir = fresh();
    expect(() => readInputFile(dir)).toThrow(`${dir} is a directory, not a regular file`);
  });

  it('refuses a file over MAX_INPUT_FILE_BYTES, and reads one at it', () => {
    expect(MAX_INPUT_FILE_BYTES).toBe(50 * 1024 * 1024);
    const file = join(fresh(), 'Big.template.json');
    truncateSync(writeAndReturn(file), MAX_INPUT_FILE_BYTES + 1);
    expect(() => readInputFile(file)).toThrow(`${file} is larger than 50 MiB, the most bulwark check reads from one file (MAX_INPUT_FILE_BYTES)`);
    truncateSync(file, MAX_INPUT_FILE_BYTES);
    expect(readInputFile(file)).toHaveLength(MAX_INPUT_FILE_BYTES);
  });

  it('says why a file cannot be opened', () => {
    expect(() => readInputFile('/no/such/manifest.json')).toThrow(/^cannot read \/no\/such\/manifest\.json: ENOENT/);
  });
});

function writeAndReturn(file: string): string {
  writeFileSync(file, '');
  return file;
}
