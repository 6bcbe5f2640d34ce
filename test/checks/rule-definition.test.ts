import { describe, expect, it } from 'vitest';
import { defineRule, ruleCatalogMarkdown } from '../../lib/checks/rule-definition';

describe('ruleCatalogMarkdown', () => {
  it('writes one row per rule, with the pack prefix on the ID and each checklist item described', () => {
    const rule = defineRule('X1', 'error', ['jwtSecretStrength'], () => 'compliant', 'The listener allows TLS 1.0.', 'Use a TLS 1.2 policy.');
    const lines = ruleCatalogMarkdown('Pack', [rule]).split('\n');
    expect(lines[0]).toBe('| ID | Level | Finding | Fix | Checklist items |');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('| Pack-X1 | error | The listener allows TLS 1.0. | Use a TLS 1.2 policy. | seed 000 Open Astra security hardening checklist: 1. JWT configuration: JWT_SECRET of at least 64 random bytes |');
  });
});
