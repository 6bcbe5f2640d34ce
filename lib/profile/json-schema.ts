import { z } from 'zod';
import { profileSchema } from './schema';

/** A node of the generated JSON Schema, as far as Bulwark reads it. */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly description?: string;
  readonly default?: unknown;
  readonly [key: string]: unknown;
}

let cached: JsonSchemaNode | undefined;

/** The JSON Schema of what a user may write (input side: defaults shown, nothing required that has one). */
export function profileJsonSchema(): JsonSchemaNode {
  cached ??= {
    ...(z.toJSONSchema(profileSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchemaNode),
    title: 'Bulwark hardening profile',
  };
  return cached;
}

/** The schema node for a field path, following objects, records, arrays and unions. */
export function schemaNodeAt(path: readonly PropertyKey[], root: JsonSchemaNode = profileJsonSchema()): JsonSchemaNode | undefined {
  let candidates: JsonSchemaNode[] = [root];
  for (const segment of path) {
    candidates = candidates.flatMap(expandUnion).flatMap((node) => childOf(node, segment));
    if (candidates.length === 0) return undefined;
  }
  const found = candidates.flatMap(expandUnion);
  return found.length === 1 ? found[0] : { anyOf: found };
}

/** A short human description of what a schema node accepts. */
export function describeSchemaNode(node: JsonSchemaNode | undefined): string {
  if (node === undefined) return 'nothing: this field does not exist';
  if (node.anyOf) return node.anyOf.map(describeSchemaNode).join(' | ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  switch (node.type) {
    case 'object':
      if (node.properties) return `{ ${Object.keys(node.properties).join(', ')} }`;
      return 'an object (map)';
    case 'array':
      return node.items?.anyOf ? `a list of (${describeSchemaNode(node.items)})` : `a list of ${describeSchemaNode(node.items)}`;
    case 'integer':
      return `a whole number${range(node)}`;
    case 'number':
      return `a number${range(node)}`;
    case 'string':
      return node.description ? `a string: ${node.description}` : node.enum ? 'a string' : node.minLength ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}

/** The field names an object node knows, for "did you mean" suggestions. */
export function knownKeys(node: JsonSchemaNode | undefined): string[] {
  if (node === undefined) return [];
  return expandUnion(node).flatMap((n) => [
    ...Object.keys(n.properties ?? {}),
    ...((n.propertyNames as JsonSchemaNode | undefined)?.enum ?? []).filter((v): v is string => typeof v === 'string'),
  ]);
}

function range(node: JsonSchemaNode): string {
  const min = node.minimum as number | undefined;
  const max = node.maximum as number | undefined;
  const limit = Number.MAX_SAFE_INTEGER;
  if (min !== undefined && max !== undefined && max < limit) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined && max < limit) return ` of at most ${max}`;
  return '';
}

function expandUnion(node: JsonSchemaNode): JsonSchemaNode[] {
  return node.anyOf ? node.anyOf.flatMap(expandUnion) : [node];
}

function childOf(node: JsonSchemaNode, segment: PropertyKey): JsonSchemaNode[] {
  if (typeof segment === 'number') return node.items ? [node.items] : [];
  const key = String(segment);
  const property = node.properties?.[key];
  if (property) return [property];
  if (typeof node.additionalProperties === 'object') return [node.additionalProperties];
  return [];
}

/** The checked-in file's exact text: schema/profile.schema.json. */
export function renderProfileJsonSchema(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
