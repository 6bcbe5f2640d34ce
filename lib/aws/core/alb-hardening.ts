import { isIntrinsic } from './app-index';

/*
 * What a hardened application load balancer sets, defined once for the constructs that set it
 * (HardenedHttpsListener, Harden.apply) and the rules that check it (BulwarkChecks ELB3, ELB4).
 */

/** Drop header fields that are not valid HTTP, instead of forwarding them to targets. */
export const DROP_INVALID_HEADER_FIELDS = { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' } as const;

/** The load balancer attribute that sets how requests that could be used for HTTP desync are treated. */
export const DESYNC_MITIGATION_MODE_KEY = 'routing.http.desync_mitigation_mode';
/** Desync mitigation modes that refuse ambiguous requests: defensive (the AWS default) and strictest; monitor does not. */
export const SAFE_DESYNC_MITIGATION_MODES: readonly string[] = ['defensive', 'strictest'];
/** The mode set when none is chosen: AWS's own default, which keeps compliant clients working. */
export const DEFAULT_DESYNC_MITIGATION_MODE = 'defensive';

/** Whether a desync mitigation mode is safe; unset means AWS's default, defensive. */
export function isSafeDesyncMitigationMode(mode: string | undefined): boolean {
  return mode === undefined || SAFE_DESYNC_MITIGATION_MODES.includes(mode);
}

/** Whether listener actions only redirect to HTTPS; undefined when they are known only at deploy time. */
export function onlyRedirectsToHttps(actions: unknown): boolean | undefined {
  if (!Array.isArray(actions) || actions.some(isIntrinsic)) return undefined;
  return (
    actions.length > 0 &&
    actions.every((action) => {
      const { type, redirectConfig } = action as { type?: string; redirectConfig?: { protocol?: string } };
      return type === 'redirect' && redirectConfig?.protocol === 'HTTPS';
    })
  );
}
