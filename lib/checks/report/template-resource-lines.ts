import type * as Yaml from 'yaml';

/** Where a resource is declared in a template file: the line and column (1-based) of its logical ID. */
export interface TemplatePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The position of each resource's logical ID under `Resources` in a CloudFormation template (JSON
 * or YAML; JSON reads as YAML), so a finding points at the line a reviewer edits. Only the
 * syntax tree is walked: aliases are not expanded and short-form tags (`!Ref`) need no schema.
 * A template that does not parse, or has no `Resources` mapping, gives no positions.
 */
export function templateResourceLines(text: string): ReadonlyMap<string, TemplatePosition> {
  const { LineCounter, isMap, isScalar, parseDocument } = require('yaml') as typeof Yaml;
  const lineCounter = new LineCounter();
  const positions = new Map<string, TemplatePosition>();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return positions;
  const resources = document.contents.items.filter((pair) => isScalar(pair.key) && pair.key.value === 'Resources').at(-1)?.value;
  if (!isMap(resources)) return positions;
  for (const { key } of resources.items) {
    if (!isScalar(key) || typeof key.value !== 'string' || key.range === undefined || key.range === null) continue;
    const { line, col } = lineCounter.linePos(key.range[0]);
    // The last declaration wins, as in JSON.parse, which read the template (CloudFormation refuses duplicates anyway).
    positions.set(key.value, { line, column: col });
  }
  return positions;
}
