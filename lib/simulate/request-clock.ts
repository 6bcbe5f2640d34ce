import type { SimulatedRequest } from './simulated-request';

/**
 * When each request happens, for the rate counters of one edge: its own time, else the latest
 * time seen so far (a request without a time happens with the one before it; 0 before any).
 */
export class RequestClock {
  private latest = 0;

  /** The request's time in milliseconds since the epoch. */
  timeOf(request: SimulatedRequest): number {
    const time = request.time !== undefined && Number.isFinite(request.time) ? request.time : this.latest;
    this.latest = Math.max(this.latest, time);
    return time;
  }
}
