import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { bulwarkResponseBodies, compileProfileWafRules } from '../../../lib/aws/waf/profile-waf-rules';
import { buildPolicy, extendPreset } from '../../../lib/tooling';
import { WebAclScope } from '../../../lib/aws/waf/web-acl-scope';

function compile(scope: WebAclScope, behind: 'cloudfront' | 'internet' = 'internet') {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const owner = new Construct(stack, 'Owner');
  const policy = buildPolicy(
    extendPreset('baseline', { name: 'demo', waf: { ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'] }, network: { origin: { behind } } }),
  );
  return { stack, owner, result: compileProfileWafRules(owner, policy, scope, undefined) };
}

describe('compileProfileWafRules', () => {
  it('creates one IP set per list and address family, and the regex pattern sets, in the scope asked, as children of the owner', () => {
    const { stack, owner, result } = compile(WebAclScope.CLOUDFRONT);
    expect(Object.keys(result.ipSets).sort()).toEqual(['ip-blocklist-v4', 'ip-blocklist-v6']);
    expect(Object.keys(result.regexPatternSets).length).toBeGreaterThan(0);
    expect(result.ipSets['ip-blocklist-v4'].node.scope).toBe(owner);
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::WAFv2::IPSet', { Scope: 'CLOUDFRONT' }, 2);
    template.resourcePropertiesCountIs('AWS::WAFv2::RegexPatternSet', { Scope: 'CLOUDFRONT' }, Object.keys(result.regexPatternSets).length);
  });

  it('leaves out address rules on a REGIONAL owner behind CloudFront, and keeps them on the CLOUDFRONT one', () => {
    const names = (scope: WebAclScope) => compile(scope, 'cloudfront').result.compiled.rules.map((entry) => entry.rule.name);
    expect(names(WebAclScope.REGIONAL)).not.toContain('ip-blocklist');
    expect(names(WebAclScope.CLOUDFRONT)).toContain('ip-blocklist');
  });
});

describe('bulwarkResponseBodies', () => {
  it('gives the 403 and 429 JSON bodies, a fresh object each time', () => {
    const bodies = bulwarkResponseBodies();
    expect(bodies).toEqual({
      'bulwark-forbidden': { contentType: 'APPLICATION_JSON', content: '{"error":"forbidden"}' },
      'bulwark-rate-limited': { contentType: 'APPLICATION_JSON', content: '{"error":"too many requests"}' },
    });
    expect(bulwarkResponseBodies()).not.toBe(bodies);
  });
});
