import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { BULWARK_AWS_PACK } from '../aws/aws-pack';
import { definitionOf } from '../check-pack';
import { readCheckRunRecord } from './check-run-record';
import { sourceLineOf } from './source-line';
import { checkFinding, ruleIdOf, type CheckFinding } from './finding';
import type { PackRun } from './pack-run';
import {
  ACKNOWLEDGEMENTS,
  ASSET_MANIFEST,
  ASSET_MANIFEST_PROPERTIES,
  MANIFEST,
  METADATA,
  NESTED_ASSEMBLY_PROPERTIES,
  STACK_PROPERTIES,
  TEMPLATE,
  VALIDATION_REPORT,
} from './cloud-assembly-shapes';
import { checkShape, describeJsonValue, fieldError, type FieldPath } from './input-shape';
import { OutputFileError } from './output-file-error';
import { linkProblem, pathWithin } from './path-within';
import { readJsonObject } from './read-json-file';

type ValidationReport = z.output<typeof VALIDATION_REPORT>;
type Metadata = z.output<typeof METADATA>;
type Manifest = z.output<typeof MANIFEST>;

/** The deepest Stage nesting read (cdk.out/assembly-A/assembly-B/…); deeper is refused as a likely loop. */
export const MAX_ASSEMBLY_NESTING = 32;

/** Why a cloud assembly cannot be read, or undefined when it can. */
export function cloudAssemblyProblem(dir: string): string | undefined {
  const manifestProblem = cloudAssemblyManifestProblem(dir);
  if (manifestProblem !== undefined) return manifestProblem;
  if (!existsSync(join(dir, 'validation-report.json')))
    return `${dir} has no validation-report.json: register BulwarkChecks (Validations.of(app).addPlugins(new BulwarkChecks(app))) and synthesize again`;
  return undefined;
}

/** Why `dir` is not a cloud assembly at all (no manifest.json), or undefined when it is one. */
export function cloudAssemblyManifestProblem(dir: string): string | undefined {
  return existsSync(join(dir, 'manifest.json')) ? undefined : `${dir} is not a cloud assembly (no manifest.json); synthesize first (npx cdk synth)`;
}

/**
 * Whether BulwarkChecks ran on the synthesis in `dir` (its record is there and matches the
 * templates), and which of its rules applied to a resource there.
 */
export function readCloudAssemblyRun(dir: string): PackRun {
  const reading = readCheckRunRecord(dir);
  if ('missing' in reading)
    return {
      source: 'aws',
      input: dir,
      ran: false,
      applied: [],
      note: `${reading.missing}: register it (Validations.of(app).addPlugins(new BulwarkChecks(app, { profile }))) and synthesize again`,
    };
  const applied = BULWARK_AWS_PACK.definitions.filter((definition) => (reading.record.applied[definition.id] ?? 0) > 0).map((definition) => definition.id);
  return { source: 'aws', input: dir, ran: true, applied };
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
  const report = readShaped(dir, 'validation-report.json', VALIDATION_REPORT);
  const resources = new Map<string, PlacedResource>();
  const acknowledged: CheckFinding[] = [];
  readAssembly(dir, '', resources, acknowledged, new Set(), 0);
  return [...violations(report, resources), ...acknowledged];
}

/**
 * A file of the assembly (`path` relative to `root`, already inside it) checked against its
 * shape; one that is a symbolic link out of the assembly is refused unread. One named by a
 * field (`namedBy`) that is not there is reported at that field, not by its name.
 */
function readShaped<S extends z.ZodType>(root: string, path: string, schema: S, namedBy?: { readonly file: string; readonly field: FieldPath }): z.output<S> {
  const file = join(root, path);
  if (namedBy !== undefined && !existsSync(file))
    throw fieldError(namedBy.file, namedBy.field, 'names a file that is not in the cloud assembly; synthesize again');
  const problem = linkProblem(root, path);
  if (problem !== undefined) throw new OutputFileError(`${file} ${problem}; only files inside the cloud assembly are read`);
  return checkShape(file, schema, readJsonObject(file));
}

/** An artifact of a manifest. */
type Artifact = NonNullable<Manifest['artifacts']>[string];

/** An assembly directory being read: where it is, and the nested stack templates and asset sources its stacks share. */
interface AssemblyDirectory {
  readonly root: string;
  readonly subdirectory: string;
  readonly manifestFile: string;
  readonly nestedTemplates: readonly TemplateContents[];
  readonly nestedHolding: (id: string) => readonly TemplateContents[];
  readonly assetFiles: ReadonlyMap<string, AssetSource>;
}

/** Places the resources of every stack of an assembly directory, and of the assemblies nested in it (Stages). */
function readAssembly(
  root: string,
  subdirectory: string,
  resources: Map<string, PlacedResource>,
  acknowledged: CheckFinding[],
  read: Set<string>,
  depth: number,
): void {
  const { directory, manifest } = assemblyDirectory(root, subdirectory, read);
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const at: FieldPath = ['artifacts', artifactId];
    if (artifact.type === 'cdk:cloud-assembly')
      readAssembly(root, nestedAssemblyDirectory(directory, at, artifact, read, depth), resources, acknowledged, read, depth + 1);
    else if (artifact.type === 'aws:cloudformation:stack') placeStackResources(directory, at, artifact, resources, acknowledged);
  }
}

/** An assembly directory's manifest, read and checked, with the nested stack templates and asset sources its stacks share; marks it read. */
function assemblyDirectory(root: string, subdirectory: string, read: Set<string>): { readonly directory: AssemblyDirectory; readonly manifest: Manifest } {
  const manifestFile = join(root, subdirectory, 'manifest.json');
  const manifest: Manifest = readShaped(root, join(subdirectory, 'manifest.json'), MANIFEST);
  read.add(realpathSync(join(root, subdirectory)));
  const nestedTemplates = nestedStackTemplates(root, subdirectory);
  const directory: AssemblyDirectory = {
    root,
    subdirectory,
    manifestFile,
    nestedTemplates,
    nestedHolding: templatesHolding(nestedTemplates),
    assetFiles: assetSourcePaths(root, subdirectory, manifest),
  };
  return { directory, manifest };
}

/** A stack template of a cloud assembly: its file (relative to the assembly) and the stack it belongs to. */
export interface AssemblyTemplate {
  readonly file: string;
  /** The stack's artifact ID; for a nested stack's template, its parent's, then the template's own name. */
  readonly stack: string;
}

/**
 * Every stack template of a synthesized cloud assembly (cdk.out): each stack's, in Stages
 * (nested assemblies) too, then each directory's nested stack templates. Files outside the
 * assembly, cycles and a manifest of the wrong shape are refused as when checking it.
 */
export function cloudAssemblyTemplates(dir: string): AssemblyTemplate[] {
  const templates: AssemblyTemplate[] = [];
  const walk = (subdirectory: string, read: Set<string>, depth: number): void => {
    const { directory, manifest } = assemblyDirectory(dir, subdirectory, read);
    for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
      const at: FieldPath = ['artifacts', artifactId];
      if (artifact.type === 'cdk:cloud-assembly') walk(nestedAssemblyDirectory(directory, at, artifact, read, depth), read, depth + 1);
      else if (artifact.type === 'aws:cloudformation:stack') {
        const { templateFile } = checkShape(directory.manifestFile, STACK_PROPERTIES, artifact.properties, [...at, 'properties']);
        templates.push({ file: pathWithin(dir, subdirectory, templateFile, directory.manifestFile, [...at, 'properties', 'templateFile']), stack: artifactId });
      }
    }
    for (const nested of directory.nestedTemplates)
      templates.push({ file: nested.file, stack: nested.file.replace(/^.*[\\/]/, '').replace(/\.nested\.template\.json$/, '') });
  };
  walk('', new Set(), 0);
  return templates;
}

/** A template of the assembly (a file `cloudAssemblyTemplates` named), checked against a template's shape. */
export function readAssemblyTemplate(dir: string, file: string): z.output<typeof TEMPLATE> {
  return readShaped(dir, file, TEMPLATE);
}

/** The directory a nested assembly artifact names; refused when it holds no manifest, was read already, or nests too deep. */
function nestedAssemblyDirectory(directory: AssemblyDirectory, at: FieldPath, artifact: Artifact, read: ReadonlySet<string>, depth: number): string {
  const { root, subdirectory, manifestFile } = directory;
  const field = [...at, 'properties', 'directoryName'];
  const { directoryName } = checkShape(manifestFile, NESTED_ASSEMBLY_PROPERTIES, artifact.properties, [...at, 'properties']);
  const nested = pathWithin(root, subdirectory, directoryName, manifestFile, field);
  if (!existsSync(join(root, nested, 'manifest.json')))
    throw fieldError(manifestFile, field, 'names no directory of the cloud assembly that holds a manifest.json; synthesize again');
  if (read.has(realpathSync(join(root, nested))))
    throw fieldError(
      manifestFile,
      field,
      'names an assembly directory already read (a cycle, or two artifacts naming one directory); each nested assembly lies in a directory of its own',
    );
  if (depth >= MAX_ASSEMBLY_NESTING)
    throw fieldError(manifestFile, field, `nests assemblies more than ${MAX_ASSEMBLY_NESTING} deep (MAX_ASSEMBLY_NESTING); synthesize again`);
  return nested;
}

/** Places each resource a stack artifact records at its template and logical ID, and gathers the rules acknowledged on its constructs. */
function placeStackResources(
  directory: AssemblyDirectory,
  at: FieldPath,
  artifact: Artifact,
  resources: Map<string, PlacedResource>,
  acknowledged: CheckFinding[],
): void {
  const { root, subdirectory, manifestFile } = directory;
  const { templateFile: named } = checkShape(manifestFile, STACK_PROPERTIES, artifact.properties, [...at, 'properties']);
  const templateFile = pathWithin(root, subdirectory, named, manifestFile, [...at, 'properties', 'templateFile']);
  // The stack's own template first: a nested stack's resource can share a logical ID with one of its parent's.
  const templates = [templateContents(root, templateFile), ...directory.nestedTemplates];
  const metadata = stackMetadata(directory, at, artifact);
  const holderOf = resourceHolder(directory, metadata, templates);
  for (const [rawPath, entries] of Object.entries(metadata)) {
    const path = rawPath.replace(/^\//, '');
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string')
        resources.set(path, { templateFile: holderOf(path, entry.data)?.file ?? templateFile, logicalId: entry.data });
      if (entry.type === ACKNOWLEDGED_RULES) acknowledged.push(...acknowledgements(entry.data, path, resources.get(path)?.templateFile ?? templateFile));
    }
  }
}

/** A stack's metadata: the manifest's, then its additionalMetadataFile's (whose entries replace the manifest's for a path in both). */
function stackMetadata(directory: AssemblyDirectory, at: FieldPath, artifact: Artifact): Metadata {
  const { root, subdirectory, manifestFile } = directory;
  const additionalField = [...at, 'additionalMetadataFile'];
  const additional =
    artifact.additionalMetadataFile === undefined ? undefined : pathWithin(root, subdirectory, artifact.additionalMetadataFile, manifestFile, additionalField);
  return {
    ...checkedMetadata(manifestFile, [...at, 'metadata'], artifact.metadata ?? {}),
    ...(additional === undefined
      ? {}
      : checkedMetadata(join(root, additional), [], readShaped(root, additional, METADATA, { file: manifestFile, field: additionalField }))),
  };
}

/**
 * The template holding a stack's resource, by construct path and logical ID. A resource of a
 * nested stack is recorded on its parent stack, but lives in the nested stack's template: the
 * innermost nested stack whose construct path holds it, else the template whose resource
 * records this path (aws:cdk:path), else the first that has the logical ID.
 */
function resourceHolder(
  directory: AssemblyDirectory,
  metadata: Metadata,
  templates: readonly TemplateContents[],
): (path: string, id: string) => { readonly file: string } | undefined {
  const nestedStacks = innermostNestedStack(nestedStackPrefixes(metadata, templates, directory.assetFiles, directory.root, directory.subdirectory));
  const own = templates[0];
  // The first template with the logical ID that passes a test: the stack's own, then the nested stacks'.
  const firstHolding = (id: string, test: (template: TemplateContents) => boolean) =>
    own.ids.has(id) && test(own) ? own : directory.nestedHolding(id).find(test);
  return (path, id) =>
    nestedStacks(path) ?? firstHolding(id, (template) => template.paths?.has(path) === true) ?? firstHolding(id, (template) => template.paths === undefined);
}

/**
 * An artifact's metadata (or a stack's additionalMetadataFile) with the data of the entries
 * read checked: a logical ID is a string, acknowledged rules map rule IDs to reasons.
 */
function checkedMetadata(file: string, at: FieldPath, metadata: Metadata): Metadata {
  for (const [path, entries] of Object.entries(metadata)) {
    entries.forEach((entry, index) => {
      const field = [...at, path, index, 'data'];
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data !== 'string')
        throw fieldError(file, field, `is ${describeJsonValue(entry.data)}, not a string (a logical ID)`);
      if (entry.type === ACKNOWLEDGED_RULES) checkShape(file, ACKNOWLEDGEMENTS, entry.data, field);
    });
  }
  return metadata;
}

/** A file asset's source, and the asset manifest naming it. */
interface AssetSource {
  readonly path: string;
  readonly assetFile: string;
  readonly hash: string;
}

/** The source files of an assembly directory's file assets, by asset hash (nested stack templates are file assets). */
function assetSourcePaths(root: string, subdirectory: string, manifest: Manifest): Map<string, AssetSource> {
  const manifestFile = join(root, subdirectory, 'manifest.json');
  const paths = new Map<string, AssetSource>();
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'cdk:asset-manifest') continue;
    const at: FieldPath = ['artifacts', artifactId, 'properties'];
    const field = [...at, 'file'];
    const file = pathWithin(root, subdirectory, checkShape(manifestFile, ASSET_MANIFEST_PROPERTIES, artifact.properties, at).file, manifestFile, field);
    const assets = readShaped(root, file, ASSET_MANIFEST, { file: manifestFile, field });
    for (const [hash, asset] of Object.entries(assets.files ?? {}))
      if (asset.source?.path !== undefined) paths.set(hash, { path: asset.source.path, assetFile: join(root, file), hash });
  }
  return paths;
}

/**
 * Each nested stack's construct path and template file: its AWS::CloudFormation::Stack resource
 * (recorded at `<stack path>.NestedStack/…`) names its template's asset hash in TemplateURL.
 * Only the asset sources used are checked to lie inside the assembly: an app may stage other
 * assets elsewhere.
 */
function nestedStackPrefixes(
  metadata: Metadata,
  templates: readonly TemplateContents[],
  assetFiles: ReadonlyMap<string, AssetSource>,
  root: string,
  subdirectory: string,
): { prefix: string; file: string }[] {
  const templateUrls = new Map<string, string>();
  for (const template of templates) for (const [id, url] of template.nestedStackUrls) templateUrls.set(id, url);
  const found: { prefix: string; file: string }[] = [];
  for (const [rawPath, entries] of Object.entries(metadata)) {
    const prefix = /^\/?(.+)\.NestedStack\/[^/]+$/.exec(rawPath)?.[1];
    const id = entries.find((entry) => entry.type === 'aws:cdk:logicalId')?.data;
    if (prefix === undefined || typeof id !== 'string') continue;
    const hash = /([0-9a-f]{64})\.json/.exec(templateUrls.get(id) ?? '')?.[1];
    const source = hash === undefined ? undefined : assetFiles.get(hash);
    if (source !== undefined)
      found.push({
        prefix: prefix.replace(/^\//, ''),
        file: pathWithin(root, subdirectory, source.path, source.assetFile, ['files', source.hash, 'source', 'path']),
      });
  }
  return found;
}

/**
 * The innermost nested stack holding a construct path (its path under the stack's), found by
 * the path's ancestors, longest first: time in the path's depth, not in the number of stacks.
 */
function innermostNestedStack(stacks: readonly { prefix: string; file: string }[]): (path: string) => { prefix: string; file: string } | undefined {
  const byPrefix = new Map<string, { prefix: string; file: string }>();
  for (const stack of stacks) if (!byPrefix.has(stack.prefix)) byPrefix.set(stack.prefix, stack);
  return (path) => {
    for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
      const stack = byPrefix.get(path.slice(0, end));
      if (stack !== undefined) return stack;
    }
    return undefined;
  };
}

/** The templates that have a logical ID, in the order given, by an index built once. */
function templatesHolding(templates: readonly TemplateContents[]): (id: string) => readonly TemplateContents[] {
  const byId = new Map<string, TemplateContents[]>();
  for (const template of templates) {
    for (const id of template.ids) {
      const holders = byId.get(id);
      if (holders === undefined) byId.set(id, [template]);
      else holders.push(template);
    }
  }
  return (id) => byId.get(id) ?? [];
}

/**
 * The nested stacks' templates of an assembly directory: their logical IDs, and the construct
 * paths their resources record (none without path metadata: then a logical ID found is enough).
 */
function nestedStackTemplates(root: string, subdirectory: string): TemplateContents[] {
  let names: string[];
  try {
    names = readdirSync(join(root, subdirectory));
  } catch (error) {
    throw new OutputFileError(`cannot read ${join(root, subdirectory)}: ${(error as Error).message}`);
  }
  return names.filter((name) => name.endsWith('.nested.template.json')).map((name) => templateContents(root, join(subdirectory, name)));
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
  const template = readShaped(root, file, TEMPLATE);
  const entries = Object.entries(template.Resources ?? {});
  const paths = entries.map(([, resource]) => resource.Metadata?.['aws:cdk:path']).filter((path): path is string => typeof path === 'string');
  const nestedStackUrls = new Map(
    entries
      .filter(([, resource]) => resource.Type === 'AWS::CloudFormation::Stack')
      .map(([id, resource]) => [id, JSON.stringify(resource.Properties?.TemplateURL ?? '')]),
  );
  return {
    file,
    ids: new Set(entries.map(([id]) => id)),
    paths: paths.length > 0 ? new Set(paths.map((path) => path.replace(/^\//, ''))) : undefined,
    nestedStackUrls,
  };
}

/** Acknowledged rules recorded on a construct, as findings carrying their reason. */
function acknowledgements(data: unknown, constructPath: string, templateFile: string | undefined): CheckFinding[] {
  return Object.entries(data as Record<string, string>).map(([qualifiedId, reason]) => {
    const id = qualifiedId.includes('::') ? qualifiedId.slice(qualifiedId.indexOf('::') + 2) : qualifiedId;
    const definition = definitionOf(BULWARK_AWS_PACK, ruleIdOf(id));
    return checkFinding(
      {
        id,
        source: qualifiedId.split('::')[0],
        level: 'warning',
        message: definition?.title ?? `${id} is acknowledged here`,
        location: { kind: 'resource', constructPath, ...(templateFile ? { templateFile } : {}) },
        acknowledged: { reason },
      },
      definition,
    );
  });
}

/** Metadata key under which aws-cdk-lib records acknowledged validation rules. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

function violations(report: ValidationReport, resources: Map<string, PlacedResource>): CheckFinding[] {
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((violation) =>
      (violation.violatingConstructs ?? [{ constructPath: '' }]).map((construct) => {
        const resource = resources.get(construct.constructPath);
        const source = sourceLineOf(construct.stackTraces, process.cwd());
        return checkFinding(
          {
            id: violation.ruleName,
            source: plugin.pluginName,
            level: violation.severity === 'error' ? 'error' : 'warning',
            message: violation.description,
            location: {
              kind: 'resource',
              constructPath: construct.constructPath,
              templateFile: resource?.templateFile ?? 'manifest.json',
              ...(resource?.logicalId ? { logicalId: resource.logicalId } : {}),
              ...(source ? { source } : {}),
            },
          },
          definitionOf(BULWARK_AWS_PACK, ruleIdOf(violation.ruleName)),
        );
      }),
    ),
  );
}
