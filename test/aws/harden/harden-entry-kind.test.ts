import { describe, expect, it } from 'vitest';
import { HardenEntryKind } from '../../../lib/aws/harden/harden-entry-kind';

describe('HardenEntryKind', () => {
  it('keeps the strings HardenReport entries always had', () => {
    expect({ ...HardenEntryKind }).toEqual({ CHANGED: 'changed', FINDING: 'finding' });
    expect(JSON.stringify({ kind: HardenEntryKind.FINDING })).toBe('{"kind":"finding"}');
  });
});
