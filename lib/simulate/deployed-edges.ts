import { join, relative } from 'node:path';
import { accountDeployments, withAccountRulesets } from '../checks/cloudflare/account-rulesets';
import { terraformZones } from '../checks/cloudflare/terraform-zones';
import { cloudAssemblyTemplates, readAssemblyTemplate } from '../checks/report/read-cloud-assembly';
import { readTerraformStacks } from '../checks/report/read-terraform-output';
import { compileWebAcl } from './aws-waf/web-acl';
import { compileZone } from './cloudflare/zone';
import { WebAclSimulationError } from './aws-waf/web-acl-simulation-error';
import { EdgeInputError } from './edge-input-error';
import type { SimulatedEdge } from './edge-verdict';

/** A synthesized output to read the deployed rules from. */
export interface SynthesizedOutput {
  readonly kind: 'cdk' | 'cdktf';
  readonly dir: string;
  /** How the output is named in reports (the directory given, or `the app of cdk.json`). */
  readonly label: string;
}

/** An edge with the names of the rules it was given, so a difference between edges can say which rule one of them lacks. */
export interface DeployedEdge {
  readonly edge: SimulatedEdge;
  readonly ruleNames: ReadonlySet<string>;
}

/**
 * Every edge the synthesized outputs deploy, compiled once: each `AWS::WAFv2::WebACL` of each
 * stack template (with the IP sets, regex pattern sets and rule groups of its template), and each
 * Cloudflare zone of each cdktf stack (its rulesets in phase order). An edge is named by its kind
 * alone when it is the only one of its kind, else `aws:<stack>/<logical id>` or
 * `cloudflare:<stack>/<zone id>`. A Web ACL of a shape AWS WAF would refuse throws an
 * EdgeInputError naming every such problem.
 */
export function deployedEdges(outputs: readonly SynthesizedOutput[]): DeployedEdge[] {
  const aws: { stack: string; logicalId: string; properties: Record<string, unknown>; template: Record<string, unknown>; source: string }[] = [];
  const cloudflare: { stack: string; zone: ReturnType<typeof terraformZones>[number]; source: string }[] = [];
  for (const output of outputs) {
    if (output.kind === 'cdk') {
      for (const { file, stack } of cloudAssemblyTemplates(output.dir)) {
        const template = readAssemblyTemplate(output.dir, file) as Record<string, unknown>;
        for (const [logicalId, resource] of Object.entries((template.Resources ?? {}) as Record<string, { Type?: unknown; Properties?: unknown }>)) {
          if (resource.Type !== 'AWS::WAFv2::WebACL') continue;
          const properties = (resource.Properties ?? {}) as Record<string, unknown>;
          aws.push({ stack, logicalId, properties, template, source: `${output.label}: ${file} ${logicalId}` });
        }
      }
    } else {
      for (const { file, document } of readTerraformStacks(output.dir)) {
        const stack = relative(join(output.dir, 'stacks'), file).split(/[\\/]/)[0];
        // Account rulesets: a synthesized output says neither a zone's name nor its plan, so they may act on any zone (unresolved).
        const deployments = accountDeployments(document);
        for (const zone of terraformZones(document))
          cloudflare.push({
            stack,
            zone: withAccountRulesets(zone, deployments, {}),
            source: `${output.label}: ${relative(output.dir, file)} zone ${zone.zoneId}`,
          });
      }
    }
  }
  const edges: DeployedEdge[] = [];
  const problems: string[] = [];
  for (const { stack, logicalId, properties, template, source } of aws) {
    const name = aws.length === 1 ? 'aws' : `aws:${stack}/${logicalId}`;
    const rules = Array.isArray(properties.Rules) ? (properties.Rules as { Name?: unknown }[]) : [];
    try {
      edges.push({
        edge: compileWebAcl({ properties, template, name, source, logicalId }),
        ruleNames: new Set(rules.map((rule) => rule.Name).filter((ruleName): ruleName is string => typeof ruleName === 'string')),
      });
    } catch (error) {
      if (!(error instanceof WebAclSimulationError)) throw error;
      problems.push(`${source}: ${error.message}`);
    }
  }
  for (const { stack, zone, source } of cloudflare) {
    const name = cloudflare.length === 1 ? 'cloudflare' : `cloudflare:${stack}/${zone.zoneId}`;
    const refs = Object.values(zone.rulesets).flatMap((rules) => rules.map((rule) => rule.ref));
    edges.push({
      edge: compileZone(zone, { name, source }),
      ruleNames: new Set(refs.filter((ref): ref is string => typeof ref === 'string')),
    });
  }
  if (problems.length > 0) throw new EdgeInputError(problems);
  return edges;
}
