/*
 * An upper bound on the size IAM counts for a policy document once CloudFormation has resolved
 * it: aws-cdk-lib sizes documents with tokens unresolved (a secret's ARN counts as its short
 * reference), so a document it finds small enough can be refused at deploy time.
 */

/** IAM's limits, in characters (whitespace not counted): all inline policies of a role together, and one managed policy. */
export const IAM_INLINE_ROLE_POLICY_LIMIT = 10_240;
export const IAM_MANAGED_POLICY_LIMIT = 6_144;

/** The longest values of the pseudo parameters (partition aws-us-gov, a 14-character region such as ap-southeast-5). */
const PSEUDO_BOUNDS: Readonly<Record<string, number>> = {
  'AWS::Partition': 10,
  'AWS::Region': 14,
  'AWS::AccountId': 12,
  'AWS::URLSuffix': 16,
  'AWS::StackName': 128,
};

/** Any reference the caller cannot bound: the longest ARN IAM accepts. */
const UNKNOWN_BOUND = 2_048;

/**
 * The most characters `value` (a resolved policy document or statement, with CloudFormation
 * intrinsics) can take once resolved, serialized without whitespace. `referenceBound` bounds a
 * `Ref` or `Fn::GetAtt` of a resource by logical ID (undefined: unknown, counted as 2,048).
 */
export function resolvedSizeBound(value: unknown, referenceBound: (logicalId: string, attribute?: string) => number | undefined): number {
  const intrinsic = intrinsicBound(value, referenceBound);
  if (intrinsic !== undefined) return intrinsic + 2; // as a JSON string
  if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1) + value.reduce((sum: number, item) => sum + resolvedSizeBound(item, referenceBound), 0);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return (
      2 +
      Math.max(0, entries.length - 1) +
      entries.reduce((sum, [key, item]) => sum + JSON.stringify(key).length + 1 + resolvedSizeBound(item, referenceBound), 0)
    );
  }
  return JSON.stringify(value ?? null).length;
}

/** The length of the string an intrinsic resolves to, at most; undefined when `value` is no intrinsic. */
function intrinsicBound(value: unknown, referenceBound: (logicalId: string, attribute?: string) => number | undefined): number | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== 1) return undefined;
  const [[name, argument]] = Object.entries(value);
  if (name === 'Ref' && typeof argument === 'string') return PSEUDO_BOUNDS[argument] ?? referenceBound(argument) ?? UNKNOWN_BOUND;
  if (name === 'Fn::GetAtt' && Array.isArray(argument)) return referenceBound(String(argument[0]), String(argument[1])) ?? UNKNOWN_BOUND;
  if (name === 'Fn::Join' && Array.isArray(argument) && Array.isArray(argument[1])) {
    const parts = argument[1] as unknown[];
    return (
      String(argument[0]).length * Math.max(0, parts.length - 1) +
      parts.reduce((sum: number, part) => sum + (typeof part === 'string' ? part.length : (intrinsicBound(part, referenceBound) ?? UNKNOWN_BOUND)), 0)
    );
  }
  if (name.startsWith('Fn::')) return UNKNOWN_BOUND;
  return undefined;
}
