import type * as Yaml from 'yaml';
import type { CheckFinding } from './finding';
import type { SourceLine } from './source-line';

/** An HCL resource block's opening: `resource "type" "name" {` (labels quoted, as Terraform writes them, or bare identifiers). */
const HCL_RESOURCE = /^\s*resource\s+"?([A-Za-z0-9_-]+)"?\s+"?([A-Za-z0-9_-]+)"?\s*\{/;
/** Lines longer than this are not read for positions: no resource block's opening comes near it. */
const MAX_LINE_LENGTH = 4_096;

/**
 * The position of each resource block (`type.name`) in a Terraform file written by hand: HCL by
 * its `resource "type" "name"` line, Terraform JSON by the name's key under `resource.type` (JSON
 * read as YAML, keeping positions). Only positions are read here; the configuration itself is
 * parsed by @cdktf/hcl2json or as JSON. The first declaration wins (Terraform refuses duplicates).
 */
export function terraformResourceLines(file: string, shownAs: string, text: string): ReadonlyMap<string, SourceLine> {
  const positions = new Map<string, SourceLine>();
  const place = (address: string, line: number, column: number) => {
    if (!positions.has(address)) positions.set(address, { file: shownAs, line, column });
  };
  if (file.endsWith('.tf')) {
    text.split('\n').forEach((line, index) => {
      if (line.length > MAX_LINE_LENGTH) return;
      const match = HCL_RESOURCE.exec(line);
      if (match) place(`${match[1]}.${match[2]}`, index + 1, line.indexOf('resource') + 1);
    });
    return positions;
  }
  const { LineCounter, isMap, isScalar, parseDocument } = require('yaml') as typeof Yaml;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return positions;
  const resources = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'resource')?.value;
  if (!isMap(resources)) return positions;
  for (const { key: type, value: named } of resources.items) {
    if (!isScalar(type) || typeof type.value !== 'string' || !isMap(named)) continue;
    for (const { key } of named.items) {
      if (!isScalar(key) || typeof key.value !== 'string' || key.range === undefined || key.range === null) continue;
      const { line, col } = lineCounter.linePos(key.range[0]);
      place(`${type.value}.${key.value}`, line, col);
    }
  }
  return positions;
}

/** Findings on resources placed at the lines that declare them, where known: SARIF and the table then point at the user's Terraform. */
export function placedInTerraform(findings: readonly CheckFinding[], positions: ReadonlyMap<string, SourceLine>): CheckFinding[] {
  return findings.map((finding) => {
    if (finding.location.kind !== 'resource' || finding.location.source !== undefined) return finding;
    const source = positions.get(finding.location.constructPath);
    return source === undefined ? finding : { ...finding, location: { ...finding.location, source } };
  });
}
