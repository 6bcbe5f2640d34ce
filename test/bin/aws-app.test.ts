import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** Runs the example app with extra context; returns its BulwarkChecks violations and its template. */
function synth(context: Record<string, string> = {}): { violations: unknown[]; resources: Record<string, Resource> } {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-cdk-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'aws-app.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_VALIDATION: 'true',
      CDK_CONTEXT_JSON: JSON.stringify({ '@aws-cdk/core:validateAgainstDefaultRules': true, ...context }),
    },
  });
  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
  const template = JSON.parse(readFileSync(join(outdir, 'BulwarkEdge.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  return { violations: report.pluginReports.flatMap((plugin) => plugin.violations ?? []), resources: template.Resources };
}

/** The inline ingress of the load balancer's security group, and any separate ingress resource aimed at it. */
function loadBalancerIngress(resources: Record<string, Resource>): unknown[] {
  const [loadBalancer] = Object.values(resources).filter((resource) => resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  const groups = loadBalancer.Properties?.SecurityGroups as { 'Fn::GetAtt': [string, string] }[];
  expect(groups).toHaveLength(1);
  const groupId = groups[0]['Fn::GetAtt'][0];
  const separate = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(resource.Properties?.GroupId).includes(`"${groupId}"`))
    .map(({ Properties: { GroupId: _, ...permission } = {} }) => permission);
  return [...((resources[groupId].Properties?.SecurityGroupIngress as unknown[] | undefined) ?? []), ...separate];
}

const ONLY_CLOUDFRONT = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  SourcePrefixListId: 'pl-3b927c52',
  Description: 'HTTPS from CloudFront origin-facing servers only',
};

describe('bin/aws-app.ts', () => {
  it('synthesizes the strict edge with zero BulwarkChecks findings and zero findings from the strict CloudFormation validator', () => {
    const { violations, resources } = synth();
    expect(violations).toEqual([]);
    // The strict profile's origin defaults to behind cloudflare; this app's own CloudFront fronts it, so CloudFront alone reaches it.
    expect(loadBalancerIngress(resources)).toEqual([ONLY_CLOUDFRONT]);
    const types = new Set(Object.values(resources).map((resource) => resource.Type));
    for (const type of [
      'AWS::WAFv2::WebACL',
      'AWS::WAFv2::WebACLAssociation',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::CloudFront::Distribution',
      'AWS::CloudFront::ResponseHeadersPolicy',
      'AWS::SecretsManager::RotationSchedule',
      'AWS::CloudWatch::Alarm',
      'AWS::CertificateManager::Certificate',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it("admits only CloudFront's prefix list to the load balancer with the baseline profile too, whose origin is on the internet, with zero findings", () => {
    const { violations, resources } = synth({ profile: 'examples/profiles/baseline.yaml' });
    expect(violations).toEqual([]);
    expect(loadBalancerIngress(resources)).toEqual([ONLY_CLOUDFRONT]);
  });

  it('takes the prefix list from context, and refuses a region without one', () => {
    expect(loadBalancerIngress(synth({ cloudFrontPrefixListId: 'pl-0123456789abcdef0' }).resources)).toEqual([
      expect.objectContaining({ SourcePrefixListId: 'pl-0123456789abcdef0' }),
    ]);
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'aws-app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'bulwark-cdk-')), CDK_CONTEXT_JSON: JSON.stringify({ region: 'eu-west-1' }) },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/pass -c cloudFrontPrefixListId=pl-… \(com\.amazonaws\.global\.cloudfront\.origin-facing in eu-west-1\)/);
  });
});
