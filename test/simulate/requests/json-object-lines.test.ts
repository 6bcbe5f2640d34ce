import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonObjectLines } from '../../../lib/simulate/requests/json-object-lines';
import type { RequestRecord } from '../../../lib/simulate/requests/request-record';
import { simulatedRequest } from '../../support/simulated-request';

describe('jsonObjectLines', () => {
  it('makes each object a request, skips blank lines, and words each bad line in the format’s terms without quoting it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bulwark-lines-')), 'r.jsonl');
    writeFileSync(file, '{"path": "/a"}\n\n{"secret": "sk_live_0123456789abcdef\n[1]\n');
    const records: RequestRecord[] = [];
    for await (const record of jsonObjectLines(file, { tooLong: '', notJson: '; one object per line', oneObject: 'an object' }, (record, line) =>
      simulatedRequest({ id: `line ${line}`, path: String(record.path) }),
    ))
      records.push(record);
    expect(records.map((record) => (record.kind === 'request' ? record.request.id : `${record.location} ${record.message}`))).toEqual([
      'line 1',
      `${file}:3 line is not valid JSON; one object per line`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4 line: received an array`)),
    ]);
    expect(JSON.stringify(records)).not.toContain('sk_live');
  });
});
