import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { OutputFileError } from './output-file-error';
import { readInputFile } from './read-input-file';
import { parseJsonObject } from './read-json-file';
import { checkTerraformDocument } from './read-terraform-output';
import type { SourceLine } from './source-line';
import { terraformResourceLines } from './terraform-resource-lines';

/** A Terraform configuration read for the Cloudflare checks: its resources in Terraform JSON's shape. */
export interface TerraformSource {
  /** The path given (a file, or a directory of .tf and .tf.json files). */
  readonly label: string;
  readonly document: Record<string, unknown>;
  /** Where each resource (`type.name`) is declared, for a .tf or .tf.json file (a plan has no lines of the user's). */
  readonly positions: ReadonlyMap<string, SourceLine>;
}

/**
 * Blocks that repeat (`rules { … } rules { … }`, a rewrite's `headers`, an override's
 * `categories`): lists in every shape. Every other block is one (`overrides`, `ratelimit`,
 * `action_parameters`, `settings`).
 */
const REPEATED_BLOCKS = new Set(['rules', 'headers', 'categories']);

/**
 * Reads Terraform written by hand for the Cloudflare checks: a `.tf` file (HCL, converted with
 * @cdktf/hcl2json), a `.tf.json` file, a plan (`terraform show -json plan.out` output: its planned
 * values, with module resources), or a directory, whose `.tf` and `.tf.json` files are one
 * configuration, as Terraform reads them. Blocks HCL and plans write as lists of one (`ratelimit
 * { … }`) are read as the object they are. Every problem is an OutputFileError naming the file.
 */
export async function readTerraformSource(path: string): Promise<TerraformSource> {
  let files: string[];
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new OutputFileError(`cannot read --terraform ${path}: ${(error as Error).message}`);
  }
  if (isDirectory) {
    files = readdirSync(path)
      .filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'))
      .sort()
      .map((name) => join(path, name));
    if (files.length === 0) throw new OutputFileError(`--terraform ${path} holds no .tf or .tf.json file`);
  } else files = [path];
  const resources: Record<string, Record<string, unknown>> = {};
  const positions = new Map<string, SourceLine>();
  for (const file of files) {
    const { document, text } = await readTerraformFile(file);
    if (text !== undefined)
      for (const [address, line] of terraformResourceLines(file, shownPath(file), text)) if (!positions.has(address)) positions.set(address, line);
    for (const [type, named] of Object.entries(asObject(document.resource))) {
      if (type in Object.prototype)
        throw new OutputFileError(`${file}: resource type ${JSON.stringify(type)} is a name JavaScript objects reserve, not a Terraform resource type`);
      const byName = (resources[type] ??= {});
      for (const [name, resource] of Object.entries(asObject(named))) {
        if (name in byName) throw new OutputFileError(`${file}: ${type}.${name} is declared twice in ${path}; Terraform refuses a duplicate resource`);
        byName[name] = singleBlocks(onlyOne(resource, `${file}: ${type}.${name}`));
      }
    }
  }
  return { label: path, document: checkTerraformDocument(files.length === 1 ? files[0] : path, { resource: resources }), positions };
}

/** A file as findings name it: relative to the working directory when it lies within it. */
function shownPath(file: string): string {
  const fromHere = relative(process.cwd(), resolve(file));
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? resolve(file) : fromHere;
}

/** One file as Terraform JSON's `{ resource: { type: { name: … } } }`, with its text when it is the user's configuration (not a plan). */
async function readTerraformFile(file: string): Promise<{ readonly document: Record<string, unknown>; readonly text?: string }> {
  if (file.endsWith('.tf')) {
    const text = readInputFile(file);
    const { parse } = hcl2json(file);
    try {
      return { document: asObject(await parse(file, text)), text };
    } catch (error) {
      // The parser's message quotes the configuration (a value may be a token): only its first line, which names the place.
      throw new OutputFileError(
        `${file} is not HCL Terraform reads: ${String((error as Error).message ?? error)
          .split('\n')[0]
          .slice(0, 200)}`,
      );
    }
  }
  const text = readInputFile(file);
  const value = parseJsonObject(file, text);
  return value.planned_values === undefined ? { document: value, text } : { document: planResources(file, value.planned_values) };
}

/** The HCL parser, an optional peer dependency: loaded only for a .tf file, and named when it is missing. */
function hcl2json(file: string): typeof import('@cdktf/hcl2json') {
  try {
    return require('@cdktf/hcl2json') as typeof import('@cdktf/hcl2json');
  } catch {
    throw new OutputFileError(
      `reading ${file} (HCL) needs @cdktf/hcl2json: npm install --save-dev @cdktf/hcl2json@^0.21, or give the configuration as .tf.json or a plan (terraform show -json)`,
    );
  }
}

/** A plan's planned resources (root module and child modules) as Terraform JSON resources by type and name. */
function planResources(file: string, plannedValues: unknown): Record<string, unknown> {
  const resources: Record<string, Record<string, unknown>> = {};
  const modules: unknown[] = [asObject(plannedValues).root_module];
  for (let index = 0; index < modules.length && index < 10_000; index++) {
    const module = asObject(modules[index]);
    for (const resource of Array.isArray(module.resources) ? (module.resources as unknown[]) : []) {
      const { address, type, mode, values } = asObject(resource);
      if (mode === 'data' || typeof type !== 'string' || typeof address !== 'string' || type in Object.prototype) continue;
      // A root module resource by its name (as in the configuration); one in a module by its whole address.
      (resources[type] ??= {})[address.startsWith(`${type}.`) ? address.slice(type.length + 1) : address] = values ?? {};
    }
    if (Array.isArray(module.child_modules)) modules.push(...(module.child_modules as unknown[]));
  }
  if (Object.keys(resources).length === 0 && asObject(plannedValues).root_module === undefined)
    throw new OutputFileError(`${file}: planned_values has no root_module; give the output of terraform show -json <plan file>`);
  return { resource: resources };
}

/** A resource HCL wrote as a list of its one body: the body (two bodies for one name is Terraform's own error). */
function onlyOne(resource: unknown, where: string): Record<string, unknown> {
  if (Array.isArray(resource)) {
    if (resource.length !== 1) throw new OutputFileError(`${where} is declared ${resource.length} times; Terraform refuses a duplicate resource`);
    return asObject(resource[0]);
  }
  return asObject(resource);
}

/** Every single block written as a list of one object (`ratelimit { … }` → `[{ … }]`), read as the object, at any depth. */
function singleBlocks(value: Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (depth > 32) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (Array.isArray(inner)) {
        const objects = inner.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
        if (objects && inner.length === 1 && !REPEATED_BLOCKS.has(key)) return [key, singleBlocks(inner[0] as Record<string, unknown>, depth + 1)];
        return [key, objects ? inner.map((item) => singleBlocks(item as Record<string, unknown>, depth + 1)) : inner];
      }
      if (inner !== null && typeof inner === 'object') return [key, singleBlocks(inner as Record<string, unknown>, depth + 1)];
      return [key, inner];
    }),
  );
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
