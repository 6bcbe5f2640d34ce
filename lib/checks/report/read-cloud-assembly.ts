import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeChecklistItem } from '../../checklist/items';
import { BULWARK_AWS_RULES } from '../aws/bulwark-checks';
import { ruleIdOf, type CheckFinding } from './finding';

interface ValidationReport {
  readonly pluginReports?: readonly {
    readonly pluginName: string;
    readonly violations?: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs?: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

type Metadata = Record<string, readonly { readonly type: string; readonly data?: unknown }[]>;

interface Manifest {
  readonly artifacts?: Record<string, {
    readonly type?: string;
    readonly properties?: { readonly templateFile?: string };
    readonly metadata?: Metadata;
    /** Newer assemblies keep the metadata in a file of its own. */
    readonly additionalMetadataFile?: string;
  }>;
}

/** Why a cloud assembly cannot be read, or undefined when it can. */
export function cloudAssemblyProblem(dir: string): string | undefined {
  if (!existsSync(join(dir, 'manifest.json'))) return `${dir} is not a cloud assembly (no manifest.json); synthesize first (npx cdk synth)`;
  if (!existsSync(join(dir, 'validation-report.json'))) return `${dir} has no validation-report.json: register BulwarkChecks (Validations.of(app).addPlugins(new BulwarkChecks(app))) and synthesize again`;
  return undefined;
}

/**
 * The findings of every validation plugin in a synthesized cloud assembly (cdk.out), each
 * placed at its template file and logical ID (from the assembly manifest).
 */
export function readCloudAssemblyFindings(dir: string): CheckFinding[] {
  const report = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const resources = new Map<string, { templateFile?: string; logicalId: string }>();
  const acknowledged: CheckFinding[] = [];
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = artifact.properties?.templateFile;
    const metadata: Metadata = {
      ...(artifact.metadata ?? {}),
      ...(artifact.additionalMetadataFile ? (JSON.parse(readFileSync(join(dir, artifact.additionalMetadataFile), 'utf8')) as Metadata) : {}),
    };
    for (const [rawPath, entries] of Object.entries(metadata)) {
      const path = rawPath.replace(/^\//, '');
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') resources.set(path, { templateFile, logicalId: entry.data });
        if (entry.type === ACKNOWLEDGED_RULES) acknowledged.push(...acknowledgements(entry.data, path, templateFile));
      }
    }
  }
  return [...violations(report, resources), ...acknowledged];
}

/** Acknowledged rules recorded on a construct, as findings carrying their reason. */
function acknowledgements(data: unknown, constructPath: string, templateFile: string | undefined): CheckFinding[] {
  return Object.entries((data ?? {}) as Record<string, string>).map(([qualifiedId, reason]) => {
    const id = qualifiedId.includes('::') ? qualifiedId.slice(qualifiedId.indexOf('::') + 2) : qualifiedId;
    const bulwarkRule = BULWARK_AWS_RULES.find((rule) => `Bulwark-${rule.code}` === ruleIdOf(id));
    return {
      id,
      ruleId: ruleIdOf(id),
      source: qualifiedId.split('::')[0],
      level: 'warning',
      message: bulwarkRule?.info ?? `${id} is acknowledged here`,
      ...(bulwarkRule ? { fix: bulwarkRule.fix } : {}),
      checklist: bulwarkRule ? bulwarkRule.items.map(describeChecklistItem) : [],
      location: { kind: 'resource', constructPath, ...(templateFile ? { templateFile } : {}) },
      acknowledged: { reason },
    };
  });
}

/** Metadata key under which aws-cdk-lib records acknowledged validation rules. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

function violations(report: ValidationReport, resources: Map<string, { templateFile?: string; logicalId: string }>): CheckFinding[] {
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((violation) =>
      (violation.violatingConstructs ?? [{ constructPath: '' }]).map((construct): CheckFinding => {
        const ruleId = ruleIdOf(violation.ruleName);
        const bulwarkRule = BULWARK_AWS_RULES.find((rule) => `Bulwark-${rule.code}` === ruleId);
        const resource = resources.get(construct.constructPath);
        return {
          id: violation.ruleName,
          ruleId,
          source: plugin.pluginName,
          level: violation.severity === 'error' ? 'error' : 'warning',
          message: violation.description,
          ...(bulwarkRule ? { fix: bulwarkRule.fix } : {}),
          checklist: bulwarkRule ? bulwarkRule.items.map(describeChecklistItem) : [],
          location: { kind: 'resource', constructPath: construct.constructPath, ...(resource ? { templateFile: resource.templateFile, logicalId: resource.logicalId } : {}) },
        };
      })));
}
