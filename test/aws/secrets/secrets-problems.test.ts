import { describe, expect, it } from 'vitest';
import { secretsProblems } from '../../../lib/aws/secrets/secrets-problems';
import type { Policy } from '../../../lib/policy/model';
import { policySecret } from './secret-fixtures';

const secrets = (items: Policy['secrets']['items']) => ({ items, maxRotationDays: 60 }) as unknown as Policy['secrets'];

describe('secretsProblems', () => {
  it('refuses secrets that never rotate or rotate later than the maximum', () => {
    expect(
      secretsProblems(secrets([policySecret({ rotationDays: 0 }), policySecret({ rotationDays: 61 }), policySecret({ rotationDays: 60 })]), undefined),
    ).toEqual([
      { field: 'secrets.items[0].rotateAfterDays', message: 'production/gateway/API_KEY would never rotate; set 1 to 60 days' },
      { field: 'secrets.items[1].rotateAfterDays', message: expect.stringContaining('later than secrets.maxRotationDays (60)') as string },
    ]);
  });

  it('refuses a database secret without its database', () => {
    const database = policySecret({ name: 'DB', source: 'database', rotationDays: 30, database: { engine: 'postgres', username: 'app' } });
    expect(secretsProblems(secrets([database]), {})).toEqual([
      { field: 'secrets.items[0].database', message: expect.stringContaining('pass databases: { DB:') as string },
    ]);
    expect(secretsProblems(secrets([database]), { DB: {} })).toEqual([]);
  });
});
