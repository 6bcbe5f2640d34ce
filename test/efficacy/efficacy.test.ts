// The attack rules' efficacy on the public corpus, pinned per edge and plan: no benign request
// is blocked or challenged anywhere, and a sample of the attacks each edge stops today (spread over
// the corpus's sources and techniques; test/fixtures/efficacy/pinned-catches.json) stays stopped.
// The full numbers, and the 95 % target they miss, are in bench/results.md section 5.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, EFFICACY_EDGES, efficacyEdge, stopped } from '../support/efficacy-edges';

const pinned = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'efficacy', 'pinned-catches.json'), 'utf8')) as Record<
  string,
  Record<string, string[]>
>;
const attacks = new Map(corpus('attacks.jsonl').map((request) => [request.id, request]));
const benign = corpus('benign.jsonl');

describe.each(EFFICACY_EDGES)('the attack rules on %s', (name) => {
  const edge = efficacyEdge(name);

  it('block or challenge none of the benign requests', () => {
    const hit = benign.filter((request) => stopped(edge.evaluate(request).action)).map((request) => request.id);
    expect(hit).toEqual([]);
  });

  it.each(['sqlInjection', 'crossSiteScripting', 'pathTraversal', 'badBot'])('still stop the pinned %s attacks', (attackClass) => {
    const ids = pinned[name][attackClass];
    expect(ids.length).toBeGreaterThan(0);
    const missed = ids.filter((id) => {
      const request = attacks.get(id);
      if (request === undefined) throw new Error(`${id} is not in the corpus`);
      return !stopped(edge.evaluate(request).action);
    });
    expect(missed).toEqual([]);
  });
});
