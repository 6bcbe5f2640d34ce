// FIELDS is built when its module loads. This file imports it inside the test, so a fault while
// the table is built fails this test instead of leaving every test file that imports it without
// tests (which a mutation run counts as a surviving mutant).
import { describe, expect, it } from 'vitest';

describe('FIELDS when its module loads', () => {
  it("links a field without its own page to the field's entry in the fields reference", async () => {
    const { FIELDS } = await import('../../../lib/cloudflare/expression/fields.js');
    expect(FIELDS['http.host'].source).toBe('https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/http.host/');
  });
});
