import { describe, expect, it } from 'vitest';
import { isSecretHeader } from '../../../lib/simulate/requests/secret-header';

describe('isSecretHeader', () => {
  it('knows credential headers by name, in any case, and names that say they hold one', () => {
    for (const name of ['Authorization', 'cookie', 'X-Api-Key', 'x-amz-security-token', 'X-Vendor-Token', 'x-client-secret'])
      expect(isSecretHeader(name)).toBe(true);
  });

  it('leaves ordinary headers alone', () => {
    for (const name of ['user-agent', 'content-type', 'host', 'referer', 'x-request-id']) expect(isSecretHeader(name)).toBe(false);
  });
});
