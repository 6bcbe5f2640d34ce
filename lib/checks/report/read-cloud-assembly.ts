import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeChecklistItem } from '../../checklist/items';
import { BULWARK_AWS_RULES } from '../aws/bulwark-checks';
import { ruleIdOf, type CheckFinding } from './finding';
import { readJsonObject } from './read-json-file';

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
    readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
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

/** Where a construct's resource is: its template (relative to the cloud assembly) and logical ID. */
interface PlacedResource {
  readonly templateFile: string;
  readonly logicalId?: string;
}

/**
 * The findings of every validation plugin in a synthesized cloud assembly (cdk.out), each
 * placed at its template file (relative to `dir`) and logical ID: stacks in Stages (nested
 * assemblies) and in nested stacks (their own templates) included. A finding on a construct with
 * no resource is placed at the assembly's manifest.json.
 */
export function readCloudAssemblyFindings(dir: string): CheckFinding[] {
  const report = readJsonObject(join(dir, 'validation-report.json')) as ValidationReport;
  const resources = new Map<string, PlacedResource>();
  const acknowledged: CheckFinding[] = [];
  readAssembly(dir, '', resources, acknowledged);
  return [...violations(report, resources), ...acknowledged];
}

function readAssembly(root: string, subdirectory: string, resources: Map<string, PlacedResource>, acknowledged: CheckFinding[]): void {
  const manifest = readJsonObject(join(root, subdirectory, 'manifest.json')) as Manifest;
  const nestedTemplates = nestedStackTemplates(root, subdirectory);
  const assetFiles = assetSourcePaths(root, subdirectory, manifest);
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      readAssembly(root, join(subdirectory, artifact.properties.directoryName), resources, acknowledged);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || typeof artifact.properties?.templateFile !== 'string') continue;
    const templateFile = join(subdirectory, artifact.properties.templateFile);
    // The stack's own template first: a nested stack's resource can share a logical ID with one of its parent's.
    const templates = [templateContents(root, templateFile), ...nestedTemplates];
    const metadata: Metadata = {
      ...(artifact.metadata ?? {}),
      ...(artifact.additionalMetadataFile ? (readJsonObject(join(root, subdirectory, artifact.additionalMetadataFile)) as Metadata) : {}),
    };
    const nestedStacks = nestedStackPrefixes(metadata, templates, assetFiles, subdirectory);
    for (const [rawPath, entries] of Object.entries(metadata)) {
      const path = rawPath.replace(/^\//, '');
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
          // A resource of a nested stack is recorded on its parent stack, but lives in the nested stack's template: the
          // innermost nested stack whose construct path holds it, else the template whose resource records this path
          // (aws:cdk:path), else the first that has the logical ID.
          const id = entry.data;
          const nested = nestedStacks.filter((stack) => path.startsWith(`${stack.prefix}/`)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
          const holder = nested ?? templates.find((template) => template.ids.has(id) && template.paths?.has(path)) ?? templates.find((template) => template.ids.has(id) && template.paths === undefined);
          resources.set(path, { templateFile: holder?.file ?? templateFile, logicalId: id });
        }
        if (entry.type === ACKNOWLEDGED_RULES) acknowledged.push(...acknowledgements(entry.data, path, resources.get(path)?.templateFile ?? templateFile));
      }
    }
  }
}

/** The source files of an assembly directory's file assets, by asset hash (nested stack templates are file assets). */
function assetSourcePaths(root: string, subdirectory: string, manifest: Manifest): Map<string, string> {
  const paths = new Map<string, string>();
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const file = (artifact.properties as { file?: unknown } | undefined)?.file;
    if (artifact.type !== 'cdk:asset-manifest' || typeof file !== 'string') continue;
    const assets = readJsonObject(join(root, subdirectory, file)) as { files?: Record<string, { source?: { path?: unknown } }> };
    for (const [hash, asset] of Object.entries(assets.files ?? {})) if (typeof asset.source?.path === 'string') paths.set(hash, asset.source.path);
  }
  return paths;
}

/**
 * Each nested stack's construct path and template file: its AWS::CloudFormation::Stack resource
 * (recorded at `<stack path>.NestedStack/…`) names its template's asset hash in TemplateURL.
 */
function nestedStackPrefixes(metadata: Metadata, templates: readonly TemplateContents[], assetFiles: ReadonlyMap<string, string>, subdirectory: string): { prefix: string; file: string }[] {
  const templateUrls = new Map<string, string>();
  for (const template of templates) for (const [id, url] of template.nestedStackUrls) templateUrls.set(id, url);
  const found: { prefix: string; file: string }[] = [];
  for (const [rawPath, entries] of Object.entries(metadata)) {
    const prefix = /^\/?(.+)\.NestedStack\/[^/]+$/.exec(rawPath)?.[1];
    const id = entries.find((entry) => entry.type === 'aws:cdk:logicalId')?.data;
    if (prefix === undefined || typeof id !== 'string') continue;
    const hash = /([0-9a-f]{64})\.json/.exec(templateUrls.get(id) ?? '')?.[1];
    const source = hash === undefined ? undefined : assetFiles.get(hash);
    if (source !== undefined) found.push({ prefix: prefix.replace(/^\//, ''), file: join(subdirectory, source) });
  }
  return found;
}

/**
 * The nested stacks' templates of an assembly directory: their logical IDs, and the construct
 * paths their resources record (none without path metadata: then a logical ID found is enough).
 */
function nestedStackTemplates(root: string, subdirectory: string): TemplateContents[] {
  return readdirSync(join(root, subdirectory)).filter((name) => name.endsWith('.nested.template.json')).map((name) => templateContents(root, join(subdirectory, name)));
}

interface TemplateContents {
  readonly file: string;
  readonly ids: ReadonlySet<string>;
  /** The construct paths its resources record; undefined without path metadata. */
  readonly paths?: ReadonlySet<string>;
  /** The TemplateURL of each nested stack it holds (as JSON text), by logical ID. */
  readonly nestedStackUrls: ReadonlyMap<string, string>;
}

/** A template's logical IDs and the construct paths of its resources (nothing for a template that is not there). */
function templateContents(root: string, file: string): TemplateContents {
  if (!existsSync(join(root, file))) return { file, ids: new Set(), nestedStackUrls: new Map() };
  const template = readJsonObject(join(root, file)) as { Resources?: Record<string, { Type?: unknown; Properties?: { TemplateURL?: unknown }; Metadata?: Record<string, unknown> }> };
  const entries = Object.entries(template.Resources ?? {});
  const paths = entries.map(([, resource]) => resource.Metadata?.['aws:cdk:path']).filter((path): path is string => typeof path === 'string');
  const nestedStackUrls = new Map(entries.filter(([, resource]) => resource.Type === 'AWS::CloudFormation::Stack').map(([id, resource]) => [id, JSON.stringify(resource.Properties?.TemplateURL ?? '')]));
  return { file, ids: new Set(entries.map(([id]) => id)), paths: paths.length > 0 ? new Set(paths.map((path) => path.replace(/^\//, ''))) : undefined, nestedStackUrls };
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

function violations(report: ValidationReport, resources: Map<string, PlacedResource>): CheckFinding[] {
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
          location: { kind: 'resource', constructPath: construct.constructPath, templateFile: resource?.templateFile ?? 'manifest.json', ...(resource?.logicalId ? { logicalId: resource.logicalId } : {}) },
        };
      })));
}
