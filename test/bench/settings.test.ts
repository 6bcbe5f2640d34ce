import { describe, expect, it } from 'vitest';
import { parseSetting } from '../../bench/settings';

describe('parseSetting', () => {
  it('gives the default when the variable is unset or empty', () => {
    expect(parseSetting('BENCH_RUNS', undefined, [5])).toEqual({ values: [5] });
    expect(parseSetting('BENCH_RUNS', '', [5])).toEqual({ values: [5] });
  });

  it('reads comma-separated positive whole numbers', () => {
    expect(parseSetting('BENCH_SERVICES', '1,100, 1000', [1])).toEqual({ values: [1, 100, 1_000] });
  });

  it.each(['0', '-3', '1.5', 'ten', '1,,2', '1,'])('refuses %j, naming the variable, the value and the default', (text) => {
    expect(parseSetting('BENCH_SERVICES', text, [1, 100, 1_000])).toEqual({
      error: `BENCH_SERVICES=${text}: expected positive whole numbers separated by commas (default 1,100,1000)`,
    });
  });
});
