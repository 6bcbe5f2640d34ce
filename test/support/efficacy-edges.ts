import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { Preset, Profile } from '../../lib/tooling';
import { HardenedWebAcl } from '../../lib';
import { terraformZones, type TerraformJson } from '../../lib/checks/cloudflare/terraform-zones';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import type { Plan } from '../../lib/cloudflare/plans';
import { compileWebAcl } from '../../lib/simulate/aws-waf/web-acl';
import { compileZone } from '../../lib/simulate/cloudflare/zone';
import type { SimulatedEdge } from '../../lib/simulate/edge-verdict';
import { jsonlRequest } from '../../lib/simulate/requests/jsonl-requests';
import type { SimulatedRequest } from '../../lib/simulate/simulated-request';

/** The edges the efficacy bench measures: AWS custom rules alone, and a Cloudflare zone on each plan. */
export const EFFICACY_EDGES = ['aws', 'free', 'pro', 'business', 'enterprise'] as const;
export type EfficacyEdge = (typeof EFFICACY_EDGES)[number];

const profile = (plan?: Plan) =>
  Profile.fromPreset(Preset.BASELINE, 'efficacy', {
    edges: [plan === undefined ? 'aws' : 'cloudflare'],
    waf: {
      managedRules: [],
      block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true },
      badBots: { action: 'block' },
      customRulesWhenManaged: true,
    },
    rateLimits: [],
    ...(plan === undefined ? {} : { cloudflare: { plan } }),
  });

/** An edge as the constructs write it for a profile with every attack rule on, compiled by the simulator. */
export function efficacyEdge(edge: EfficacyEdge): SimulatedEdge {
  if (edge === 'aws') {
    const stack = new Stack(new App(), 'Efficacy', { env: { region: 'us-east-1' } });
    new HardenedWebAcl(stack, 'Waf', { profile: profile() });
    const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const [[logicalId, acl]] = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::WAFv2::WebACL');
    return compileWebAcl({ properties: acl.Properties, template, name: 'aws', source: 'test', logicalId });
  }
  const synthesized = Testing.synthScope((scope) => {
    new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: profile(edge) });
  });
  const [zone] = terraformZones(JSON.parse(synthesized) as TerraformJson);
  return compileZone(zone, { name: edge, source: 'test' });
}

/** The corpus requests of a file (attacks.jsonl or benign.jsonl), read whole (a test-sized corpus). */
export function corpus(file: 'attacks.jsonl' | 'benign.jsonl'): SimulatedRequest[] {
  return readFileSync(join(__dirname, '..', 'fixtures', 'efficacy', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const request = jsonlRequest(JSON.parse(line) as Record<string, unknown>, index + 1);
      if (Array.isArray(request)) throw new Error(request.join('; '));
      return request;
    });
}

export const stopped = (action: string) => action === 'block' || action === 'challenge' || action === 'captcha';
