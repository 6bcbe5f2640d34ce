import type { CfnResource } from 'aws-cdk-lib';
import { isDataObject, isIntrinsic, resolved, type AppIndex } from '../../../../aws/core/app-index';
import type { Hsts } from '../../../../policy/invariants';
import type { Behavior } from './distribution-behaviors';

/**
 * An HSTS header value as the rules judge it: max-age (0 when absent), includeSubDomains and
 * preload; undefined when it is not a plain header value.
 */
export function parseHstsHeader(value: string): Hsts | undefined {
  const directives = value.split(';').map((directive) => directive.trim().toLowerCase());
  if (directives.some((directive) => directive !== '' && !/^(max-age=\d+|includesubdomains|preload)$/.test(directive))) return undefined;
  const maxAge = directives.find((directive) => directive.startsWith('max-age='));
  return {
    maxAgeSeconds: maxAge === undefined ? 0 : Number(maxAge.slice('max-age='.length)),
    includeSubdomains: directives.includes('includesubdomains'),
    preload: directives.includes('preload'),
  };
}

/** `'strict-transport-security': { value: '…' }` or `headers['strict-transport-security'] = { value: '…' }`, with a literal value. */
const HSTS_ASSIGNMENT = /(['"`])strict-transport-security\1\s*\]?\s*[:=]\s*\{\s*value\s*:\s*(['"`])([^'"`$\\]*)\2\s*,?\s*\}/gi;

/**
 * The HSTS a CloudFront Function's code sets, read conservatively: every mention of the header
 * must be an assignment of a literal `{ value: '…' }` the rule can parse, and when it sets it in
 * more than one place, the weakest counts. 'absent' when the code never names the header;
 * 'unresolved' when it names it in any other way.
 */
export function hstsSetByCode(code: string): Hsts | 'absent' | 'unresolved' {
  const mentions = code.match(/strict-transport-security/gi)?.length ?? 0;
  if (mentions === 0) return 'absent';
  const values = [...code.matchAll(HSTS_ASSIGNMENT)].map((match) => parseHstsHeader(match[3]));
  if (values.length !== mentions || values.some((value) => value === undefined)) return 'unresolved';
  const set = values as Hsts[];
  return {
    maxAgeSeconds: Math.min(...set.map((hsts) => hsts.maxAgeSeconds)),
    includeSubdomains: set.every((hsts) => hsts.includeSubdomains),
    preload: set.every((hsts) => hsts.preload),
  };
}

/**
 * The HSTS a behavior's viewer-response CloudFront Function sets (the function runs after the
 * response headers policy, so what it sets is what viewers get): 'absent' when no such function
 * names the header, 'unresolved' when an association or function cannot be read (known only at
 * deploy time, or outside the app).
 */
export function viewerResponseHsts(node: CfnResource, behavior: Behavior, index: AppIndex): Hsts | 'absent' | 'unresolved' {
  const associations = behavior.properties.functionAssociations;
  if (associations === undefined) return 'absent';
  if (!Array.isArray(associations) || !associations.every(isDataObject)) return 'unresolved';
  let found: Hsts | 'absent' | 'unresolved' = 'absent';
  for (const association of associations) {
    if (isIntrinsic(association.eventType)) return 'unresolved';
    if (association.eventType !== 'viewer-response') continue;
    const fn = index.target(node, association.functionArn);
    if (fn?.cfnResourceType !== 'AWS::CloudFront::Function') return 'unresolved';
    const code = resolved(fn, 'functionCode');
    if (typeof code !== 'string') return 'unresolved';
    const hsts = hstsSetByCode(code);
    if (hsts === 'unresolved') return 'unresolved';
    if (hsts !== 'absent') found = hsts;
  }
  return found;
}
