import { describe, expect, it } from 'vitest';
import { printable } from '../../lib/cli/printable';

describe('printable', () => {
  it('escapes terminal controls, C1 controls and bidirectional overrides, keeping newlines and tabs', () => {
    expect(printable('cdk.out/\u001b]0;pwned\u0007\u001b[2J/manifest.json\n\tnext \u009b31m \u202egnp.exe')).toBe(
      'cdk.out/\\u001b]0;pwned\\u0007\\u001b[2J/manifest.json\n\tnext \\u009b31m \\u202egnp.exe',
    );
  });

  it('leaves ordinary text, accents included, as it is', () => {
    expect(printable('gora #1/ünïcode.yaml: a string, not an object')).toBe('gora #1/ünïcode.yaml: a string, not an object');
  });
});
