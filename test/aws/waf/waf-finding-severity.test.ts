import { describe, expect, it } from 'vitest';
import { WafFindingSeverity } from '../../../lib/aws/waf/waf-finding-severity';

describe('WafFindingSeverity', () => {
  it('keeps the strings WafFinding always had', () => {
    expect({ ...WafFindingSeverity }).toEqual({ INFO: 'info', WARNING: 'warning', ERROR: 'error' });
    expect(JSON.stringify({ severity: WafFindingSeverity.WARNING })).toBe('{"severity":"warning"}');
  });
});
