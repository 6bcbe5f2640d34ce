import type { HardeningProblem } from '../../core/hardening-validation-error';
import type { TlsPolicy } from '../../policy/model';

/** The TLS versions Bulwark will deploy; weaker ones are refused, never downgraded to. */
export function tlsProblems(tls: TlsPolicy): HardeningProblem[] {
  return tls.minVersion === '1.0' || tls.minVersion === '1.1'
    ? [{ field: 'tls.minVersion', message: `TLS ${tls.minVersion} is not deployed: allowed are "1.2" (TLS 1.3 and 1.2) and "1.3" (TLS 1.3 only)` }]
    : [];
}
