import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../../lib/simulate/requests/read-lines';
import { collect, writeTempFile } from '../../support/request-files';

describe('readLines', () => {
  it('splits on \\n and \\r\\n, numbers every line, drops a BOM, keeps a last line without a newline', async () => {
    const file = writeTempFile('lines', '\uFEFFa\r\n\nb\nc');
    expect(await collect(readLines(file))).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: '' },
      { number: 3, text: 'b' },
      { number: 4, text: 'c' },
    ]);
  });

  it('reports a line over the cap as too long, in any chunk position, and reads the lines after it', async () => {
    const file = writeTempFile('lines', `short\n${'x'.repeat(200_000)}\nafter\n${'y'.repeat(100)}`);
    expect(await collect(readLines(file, 99))).toEqual([
      { number: 1, text: 'short' },
      { number: 2, tooLong: true },
      { number: 3, text: 'after' },
      { number: 4, tooLong: true },
    ]);
  });

  it('joins a line that spans chunks, including a multi-byte character cut between them', async () => {
    const line = `a${'é'.repeat(40_000)}€`; // 80,004 bytes; byte 65,536 falls inside an 'é'
    const file = writeTempFile('lines', `${line}\nend`);
    expect(await collect(readLines(file))).toEqual([
      { number: 1, text: line },
      { number: 2, text: 'end' },
    ]);
  });

  it('stops reading when the consumer stops', async () => {
    const file = writeTempFile('lines', '');
    writeFileSync(file, 'line\n'.repeat(200_000));
    let count = 0;
    for await (const _line of readLines(file)) if (++count === 10) break;
    expect(count).toBe(10);
  });
});
