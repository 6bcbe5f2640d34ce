import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../lib/tooling';
import { AppIndex } from '../../lib/aws/core/app-index';
import { NoWildcardSecretRead } from '../../lib/checks/aws/rules/iam/NoWildcardSecretRead';
import { evaluateCondition } from '../../lib/policy/evaluate';

/*
 * Patterns that run on text others wrote (templates, requests) answer in linear time. The
 * timeouts catch a hang; the assertions check the answer is still right.
 */

describe('patterns on hostile text', () => {
  it('judges an IAM action with many wildcards without exponential backtracking', { timeout: 10_000 }, () => {
    const stack = new Stack();
    const policy = (action: string) =>
      new iam.CfnPolicy(stack, `P${stack.node.children.length}`, {
        policyName: 'p',
        roles: ['r'],
        policyDocument: { Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] },
      });
    const context = { index: AppIndex.of(stack), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) };
    const judge = (action: string) => NoWildcardSecretRead(policy(action), context);
    // 40 wildcards then a character that never matches: exponential for a backtracking engine.
    expect(judge(`secretsmanager:${'*a'.repeat(40)}X`)).not.toEqual(['Resource::*']);
    expect(judge(`secretsmanager:${'*'.repeat(10_000)}e`)).toEqual(['Resource::*']);
    expect(judge('secretsmanager:Get*')).toEqual(['Resource::*']);
    expect(judge('secretsmanager:Get(Secret)Value')).not.toEqual(['Resource::*']);
  });

  it('evaluates attack signatures on a 300 KB request body of near-misses', { timeout: 10_000 }, () => {
    const body = 'union '.repeat(50_000);
    const sqli = { type: 'attack', attack: 'sqlInjection', fields: [{ type: 'body' }] } as const;
    expect(evaluateCondition(sqli, { method: 'POST', path: '/', body })).toBe(false);
    expect(evaluateCondition(sqli, { method: 'POST', path: '/', body: `${body} select` })).toBe(true);
    const xss = { type: 'attack', attack: 'crossSiteScripting', fields: [{ type: 'body' }] } as const;
    expect(evaluateCondition(xss, { method: 'POST', path: '/', body: '< '.repeat(150_000) })).toBe(false);
  });
});
