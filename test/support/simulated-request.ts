import type { SimulatedRequest } from '../../lib/simulate/simulated-request';

/** A GET / with no headers, overridden by `fields`: the request simulator tests start from. */
export function simulatedRequest(fields: Partial<SimulatedRequest> = {}): SimulatedRequest {
  return { id: 'test', method: 'GET', host: 'example.com', path: '/', query: '', headers: {}, body: '', extra: {}, ...fields };
}
