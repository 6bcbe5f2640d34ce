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
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const metadata: Metadata = {
      ...(artifact.metadata ?? {}),
      ...(artifact.additionalMetadataFile ? (JSON.parse(readFileSync(join(dir, artifact.additionalMetadataFile), 'utf8')) as Metadata) : {}),
    };
    for (const [path, entries] of Object.entries(metadata)) {
      const logicalId = entries.find((entry) => entry.type === 'aws:cdk:logicalId')?.data;
      if (typeof logicalId === 'string') resources.set(path.replace(/^\//, ''), { templateFile: artifact.properties?.templateFile, logicalId });
    }
  }
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
