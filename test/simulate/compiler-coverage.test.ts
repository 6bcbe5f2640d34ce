// Every statement, text transformation, Cloudflare field and function the compilers emit, for
// every example profile and preset on every plan, is one the simulators model: a compiler change
// that emits something new fails here until the simulator learns it (instead of the simulator
// answering "unknown" for Bulwark's own rules).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { extendPreset, HardeningValidationError, loadProfile, type HardeningProfile, toProfile } from '../../lib/tooling';
import { HardenedWebAcl } from '../../lib';
import { terraformZones, type TerraformJson } from '../../lib/checks/cloudflare/terraform-zones';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { EVALUATED_FIELDS, EVALUATED_FUNCTIONS } from '../../lib/cloudflare/expression/evaluate';
import { parseExpression } from '../../lib/cloudflare/expression/parse';
import { PLANS, type Plan } from '../../lib/cloudflare/plans';
import { compileWebAcl } from '../../lib/simulate/aws-waf/web-acl';
import { TEXT_TRANSFORMATION_TYPES } from '../../lib/simulate/aws-waf/text-transformations';
import { compileZone } from '../../lib/simulate/cloudflare/zone';
import { simulatedRequest } from '../support/simulated-request';

const root = join(__dirname, '..', '..');
const profiles: [string, HardeningProfile][] = [
  ...readdirSync(join(root, 'examples', 'profiles')).map((file): [string, HardeningProfile] => [file, loadProfile(join(root, 'examples', 'profiles', file))]),
  ['preset baseline', extendPreset('baseline', { name: 'baseline' })],
  ['preset strict', extendPreset('strict', { name: 'strict' })],
];

/** The statement types the AWS simulator evaluates or reports as unknown by design (private or proprietary). */
const AWS_STATEMENTS = new Set([
  'ByteMatchStatement',
  'RegexMatchStatement',
  'RegexPatternSetReferenceStatement',
  'SizeConstraintStatement',
  'GeoMatchStatement',
  'IPSetReferenceStatement',
  'LabelMatchStatement',
  'AndStatement',
  'OrStatement',
  'NotStatement',
  'SqliMatchStatement',
  'XssMatchStatement',
  'RateBasedStatement',
  'ManagedRuleGroupStatement',
  'RuleGroupReferenceStatement',
  'ScopeDownStatement',
  'Statement',
]);

/** Every key ending in Statement, and every text transformation type, in a value. */
function walkAws(value: unknown, statements: Set<string>, transformations: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) walkAws(item, statements, transformations);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.endsWith('Statement')) statements.add(key);
      if (key === 'TextTransformations' && Array.isArray(inner)) for (const t of inner as { Type: string }[]) transformations.add(t.Type);
      walkAws(inner, statements, transformations);
    }
  }
}

/** Every field and function an expression tree names. */
function walkExpression(node: unknown, fields: Set<string>, functions: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) walkExpression(item, fields, functions);
  else if (node !== null && typeof node === 'object') {
    const { kind, name } = node as { kind?: string; name?: string };
    if (kind === 'field' && name !== undefined) fields.add(name);
    if (kind === 'call' && name !== undefined) functions.add(name);
    for (const inner of Object.values(node)) walkExpression(inner, fields, functions);
  }
}

describe('what the AWS compiler emits, the AWS simulator models', () => {
  it.each(profiles.filter(([, profile]) => profile.edges.includes('aws')))('%s', (_, profile) => {
    const stack = new Stack(new App(), 'Edge', { env: { region: 'us-east-1' } });
    new HardenedWebAcl(stack, 'Waf', { profile: toProfile(profile) });
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const [[logicalId, acl]] = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::WAFv2::WebACL');
    const statements = new Set<string>();
    const transformations = new Set<string>();
    walkAws(acl.Properties.Rules, statements, transformations);
    expect([...statements].filter((statement) => !AWS_STATEMENTS.has(statement))).toEqual([]);
    expect([...transformations].filter((type) => !(TEXT_TRANSFORMATION_TYPES as readonly string[]).includes(type))).toEqual([]);
    // And it compiles: no rule Bulwark writes is refused by the simulator.
    const edge = compileWebAcl({ properties: acl.Properties, template, name: 'aws', source: 'test', logicalId });
    expect(edge.evaluate(simulatedRequest({ path: '/', ip: '198.51.100.1', country: 'DE' })).action).toMatch(/^(allow|unknown)$/);
  });
});

describe('what the Cloudflare compiler emits, the Cloudflare simulator evaluates', () => {
  const cases = profiles
    .filter(([, profile]) => profile.edges.includes('cloudflare'))
    .flatMap(([name, profile]) => (Object.keys(PLANS) as Plan[]).map((plan): [string, Plan, HardeningProfile] => [name, plan, profile]));
  const simulated: string[] = [];
  const refused: string[] = [];
  it.each(cases)('%s on %s', (_, plan, profile) => {
    let synthesized: string;
    try {
      synthesized = Testing.synthScope((scope) => {
        new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: toProfile(profile), plan });
      });
    } catch (error) {
      // A profile the plan cannot carry is refused at synth, by design: nothing is emitted to simulate.
      expect(error).toBeInstanceOf(HardeningValidationError);
      refused.push(`${_} on ${plan}`);
      return;
    }
    simulated.push(`${_} on ${plan}`);
    const [zone] = terraformZones(JSON.parse(synthesized) as TerraformJson);
    const fields = new Set<string>();
    const functions = new Set<string>();
    for (const rules of Object.values(zone.rulesets))
      for (const rule of rules) if (typeof rule.expression === 'string') walkExpression(parseExpression(rule.expression), fields, functions);
    expect([...fields].filter((field) => !EVALUATED_FIELDS.has(field))).toEqual([]);
    expect([...functions].filter((fn) => !EVALUATED_FUNCTIONS.has(fn))).toEqual([]);
    const verdict = compileZone(zone, { name: 'cloudflare', source: 'test' }).evaluate(simulatedRequest({ path: '/', ip: '198.51.100.1', country: 'DE' }));
    // An ordinary request is let through, or reaches a managed ruleset: never "unknown" because a rule could not be evaluated.
    if (verdict.action === 'unknown') expect(verdict.phase).toBe('http_request_firewall_managed');
    else expect(verdict.action).toBe('allow');
  });

  it('simulated the zones of every plan (a refusal is the exception, not what every case did)', () => {
    for (const plan of Object.keys(PLANS))
      expect(simulated.filter((name) => name.endsWith(` on ${plan}`)).length, `refused: ${refused.join(', ')}`).toBeGreaterThan(0);
  });
});
