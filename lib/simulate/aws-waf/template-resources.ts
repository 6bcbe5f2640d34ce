/** A CloudFormation template as synthesized: `{ Resources: { <logical id>: { Type, Properties } } }`. */
export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, { readonly Type?: unknown; readonly Properties?: unknown }>>;
}

/** A resource a statement refers to, or why it cannot be read offline. */
export type ResolvedResource = { readonly logicalId: string; readonly properties: Readonly<Record<string, unknown>> } | { readonly unresolved: string };

/**
 * Resolves a statement's `Arn` to a resource of `type` in the same template: `Fn::GetAtt`
 * `[id, "Arn"]` (or `"id.Arn"`), or `Ref` to it. A literal ARN or any other intrinsic function
 * cannot be read offline and is reported, never guessed.
 */
export function resolveResource(template: CfnTemplate, arn: unknown, type: string): ResolvedResource {
  const logicalId = referencedLogicalId(arn);
  if (logicalId === undefined) {
    const shown = typeof arn === 'string' ? arn : JSON.stringify(arn)?.slice(0, 120);
    return { unresolved: `${type} ${shown} is not a resource of this template (only Fn::GetAtt or Ref to one can be read offline)` };
  }
  const resource = template.Resources?.[logicalId];
  if (resource === undefined) return { unresolved: `${type} ${logicalId} is not in this template` };
  if (resource.Type !== type) return { unresolved: `${logicalId} is of type ${String(resource.Type)}, not ${type}` };
  const properties = resource.Properties;
  if (typeof properties !== 'object' || properties === null) return { unresolved: `${type} ${logicalId} has no Properties` };
  return { logicalId, properties: properties as Record<string, unknown> };
}

function referencedLogicalId(arn: unknown): string | undefined {
  if (typeof arn !== 'object' || arn === null || Array.isArray(arn)) return undefined;
  const record = arn as Record<string, unknown>;
  if (Object.keys(record).length !== 1) return undefined;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2 && typeof getAtt[0] === 'string' && getAtt[1] === 'Arn') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.endsWith('.Arn')) return getAtt.slice(0, -'.Arn'.length);
  return undefined;
}

/** Whether a value is an intrinsic function (`{ "Ref": … }`, `{ "Fn::…": … }`) rather than a literal. */
export function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Nesting bound for the scan below: statement settings are a few levels deep. */
const MAX_SCAN_DEPTH = 16;

/**
 * The path of the first intrinsic function inside a statement's settings (`FieldToMatch.SingleHeader.Name`),
 * skipping `skip` keys (nested statements are scanned when they are compiled; `Arn` is resolved on its own).
 */
export function findIntrinsic(value: unknown, skip: readonly string[], depth = 0): string | undefined {
  if (isIntrinsic(value)) return '';
  if (typeof value !== 'object' || value === null || depth > MAX_SCAN_DEPTH) return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((entry, index) => [`[${index}]`, entry]) : Object.entries(value);
  for (const [key, entry] of entries) {
    if (skip.includes(key)) continue;
    const inner = findIntrinsic(entry, skip, depth + 1);
    if (inner !== undefined) return `${key}${inner.startsWith('[') || inner === '' ? inner : `.${inner}`}`;
  }
  return undefined;
}
