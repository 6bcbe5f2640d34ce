import { describe, expect, it } from 'vitest';
import { RequestClock } from '../../lib/simulate/request-clock';
import { simulatedRequest } from '../support/simulated-request';

describe('RequestClock', () => {
  it('gives a request its own time, and one without a time the latest seen (0 before any)', () => {
    const clock = new RequestClock();
    expect(clock.timeOf(simulatedRequest())).toBe(0);
    expect(clock.timeOf(simulatedRequest({ time: 5_000 }))).toBe(5_000);
    expect(clock.timeOf(simulatedRequest({ time: 3_000 }))).toBe(3_000); // out of order: its own time
    expect(clock.timeOf(simulatedRequest())).toBe(5_000); // the latest, not the last
    expect(clock.timeOf(simulatedRequest({ time: Number.NaN }))).toBe(5_000);
  });
});
