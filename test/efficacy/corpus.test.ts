// The efficacy corpus (test/fixtures/efficacy, built by scripts/build-efficacy-corpus.ts) is
// what the bench measures the attack rules on: it must read cleanly through the simulator's own
// reader, be large enough to measure each class, and be labelled on every attack.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRequests } from '../../lib/simulate/requests/read-requests';
import type { RequestRecord } from '../../lib/simulate/requests/request-record';
import type { SimulatedRequest } from '../../lib/simulate/simulated-request';

const DIR = join(__dirname, '..', 'fixtures', 'efficacy');
const CLASSES = ['sqlInjection', 'crossSiteScripting', 'pathTraversal', 'badBot'];
const LOCATIONS = ['path', 'query', 'cookie', 'header', 'userAgent', 'referer', 'body'];

async function readAll(file: string): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  for await (const record of readRequests(join(DIR, file), 'jsonl')) records.push(record);
  return records;
}

function requestsOf(records: RequestRecord[]): SimulatedRequest[] {
  return records.flatMap((record) => (record.kind === 'request' ? [record.request] : []));
}

/** What makes two requests the same on the wire, labels and client aside. */
function wireKey(request: SimulatedRequest): string {
  const headers = Object.keys(request.headers)
    .sort()
    .map((name) => [name, request.headers[name]]);
  return JSON.stringify([request.method, request.path, request.query, headers, request.body]);
}

function label(request: SimulatedRequest, name: string): unknown {
  return request.extra[name];
}

describe('efficacy corpus', () => {
  let attackRecords: RequestRecord[] = [];
  let benignRecords: RequestRecord[] = [];
  let attacks: SimulatedRequest[] = [];
  let benign: SimulatedRequest[] = [];

  beforeAll(async () => {
    attackRecords = await readAll('attacks.jsonl');
    benignRecords = await readAll('benign.jsonl');
    attacks = requestsOf(attackRecords);
    benign = requestsOf(benignRecords);
  });

  it('reads every line of both files through readRequests with no problem', () => {
    expect(attackRecords.filter((record) => record.kind === 'problem')).toEqual([]);
    expect(benignRecords.filter((record) => record.kind === 'problem')).toEqual([]);
  });

  it('holds at least 500 attacks and 500 benign requests', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(500);
    expect(benign.length).toBeGreaterThanOrEqual(500);
  });

  it('labels every attack with a known class and location, a technique and a source', () => {
    const unlabelled = attacks.filter(
      (request) =>
        !CLASSES.includes(label(request, 'class') as string) ||
        !LOCATIONS.includes(label(request, 'location') as string) ||
        typeof label(request, 'technique') !== 'string' ||
        label(request, 'technique') === '' ||
        typeof label(request, 'source') !== 'string' ||
        label(request, 'source') === '',
    );
    expect(unlabelled.map((request) => request.id)).toEqual([]);
  });

  it('has at least 60 attacks of every class', () => {
    for (const name of CLASSES) expect(attacks.filter((request) => label(request, 'class') === name).length, name).toBeGreaterThanOrEqual(60);
  });

  it('labels every benign request benign, with a known location and a source', () => {
    const unlabelled = benign.filter(
      (request) =>
        label(request, 'class') !== 'benign' || !LOCATIONS.includes(label(request, 'location') as string) || typeof label(request, 'source') !== 'string',
    );
    expect(unlabelled.map((request) => request.id)).toEqual([]);
  });

  it('gives every request an id of its own, in each file and across both', () => {
    const ids = [...attacks, ...benign].map((request) => request.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids.filter((id) => id.startsWith('line '))).toEqual([]);
  });

  it('holds no request twice (the same method, path, query, headers and body), within or across the files', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const request of [...attacks, ...benign]) {
      const key = wireKey(request);
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, request.id);
      else duplicates.push(`${request.id} = ${earlier}`);
    }
    expect(duplicates).toEqual([]);
  });

  it('covers every location with attacks of the classes that use it', () => {
    const byClass = (name: string) => new Set(attacks.filter((request) => label(request, 'class') === name).map((request) => label(request, 'location')));
    expect([...byClass('sqlInjection')].sort()).toEqual([...LOCATIONS].sort());
    expect([...byClass('crossSiteScripting')].sort()).toEqual([...LOCATIONS].sort());
    expect(byClass('pathTraversal').has('path')).toBe(true);
    expect(byClass('pathTraversal').has('query')).toBe(true);
    expect(byClass('badBot')).toEqual(new Set(['userAgent']));
  });
});
