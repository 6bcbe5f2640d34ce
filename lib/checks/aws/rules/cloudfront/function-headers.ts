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

/** The weakest of several HSTS values: the shortest max-age, and each directive only when all set it. */
export function weakestHsts(values: readonly Hsts[]): Hsts {
  return {
    maxAgeSeconds: Math.min(...values.map((hsts) => hsts.maxAgeSeconds)),
    includeSubdomains: values.every((hsts) => hsts.includeSubdomains),
    preload: values.every((hsts) => hsts.preload),
  };
}

/** A string literal in any quote (a template literal only without `${…}`), its text in one of three groups. */
const LITERAL = String.raw`(?:'([^'\\\r\n]*)'|"([^"\\\r\n]*)"|\x60([^\x60\\$]*)\x60)`;

/**
 * How code visibly sets a header, for a lowercase header name (letters and hyphens only):
 * CloudFront Functions' `'name': { value: '…' }` or `headers['name'] = { value: '…' }` (the value's
 * groups from 2), and Lambda@Edge's `headers['name'] = [{ key: 'Name', value: '…' }]` (from 3, the
 * name said twice). No two neighbouring repetitions can match the same text, so a pattern runs in
 * linear time on any code a template holds.
 */
function assignmentForms(header: string): readonly { readonly pattern: RegExp; readonly group: number; readonly mentions: number }[] {
  const name = String.raw`(['"\x60])${header}\1\s*(?:\]\s*)?[:=]\s*`;
  const end = String.raw`\s*(?:,\s*)?\}`;
  return [
    { pattern: new RegExp(String.raw`${name}\{\s*value\s*:\s*${LITERAL}${end}`, 'gi'), group: 2, mentions: 1 },
    {
      pattern: new RegExp(String.raw`${name}\[\s*\{\s*key\s*:\s*(['"\x60])${header}\2\s*,\s*value\s*:\s*${LITERAL}${end}\s*(?:,\s*)?\]`, 'gi'),
      group: 3,
      mentions: 2,
    },
  ];
}

/**
 * The values code sets for a header, read conservatively: every mention of the header's name
 * must be part of an assignment of a literal value the patterns read. 'absent' when the code never
 * names the header; 'unresolved' when it names it in any other way (a computed value, a variable
 * holding the name).
 */
export function headerValuesInCode(code: string, header: string): string[] | 'absent' | 'unresolved' {
  const name = header.toLowerCase();
  if (!/^[a-z-]+$/.test(name)) throw new Error(`not a header name: ${header}`);
  const mentions = code.toLowerCase().split(name).length - 1;
  if (mentions === 0) return 'absent';
  const found = assignmentForms(name).flatMap(({ pattern, group, mentions: perAssignment }) =>
    [...code.matchAll(pattern)].map((match) => ({ value: match.slice(group, group + 3).find((text) => text !== undefined)!, mentions: perAssignment })),
  );
  if (found.reduce((sum, entry) => sum + entry.mentions, 0) !== mentions) return 'unresolved';
  return found.map((entry) => entry.value);
}

/** The HSTS code sets: the weakest of its assignments; 'unresolved' when one cannot be read or parsed. */
export function hstsSetByCode(code: string): Hsts | 'absent' | 'unresolved' {
  const values = headerValuesInCode(code, 'strict-transport-security');
  if (typeof values === 'string') return values;
  const parsed = values.map(parseHstsHeader);
  return parsed.some((hsts) => hsts === undefined) ? 'unresolved' : weakestHsts(parsed as Hsts[]);
}

/**
 * Where a behavior's edge code runs on the response: a viewer-response function (CloudFront
 * Function or Lambda@Edge) runs after the response headers policy, so what it sets is what viewers
 * get; an origin-response Lambda@Edge runs before it, so what it sets counts as the origin's.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html
 */
export type ResponseStage = 'viewer-response' | 'origin-response';

/** The code of a response-event function: its text, or undefined when the rule cannot read it. */
interface ResponseCode {
  /** undefined when the event type is known only at deploy time: the code may run on a response or not. */
  readonly stage?: ResponseStage;
  readonly code?: string;
}

/**
 * The code a behavior runs on responses: its CloudFront Functions (viewer events only) and its
 * Lambda@Edge functions, each with the code when it is inline in the app (a CloudFront
 * Function's code, a Lambda version's function with `ZipFile` code). Request events are left out.
 */
function responseCode(node: CfnResource, behavior: Behavior, index: AppIndex): ResponseCode[] | 'unresolved' {
  const functions = behavior.properties.functionAssociations;
  const lambdas = behavior.properties.lambdaFunctionAssociations;
  const lists = [functions, lambdas];
  if (lists.some((list) => list !== undefined && (!Array.isArray(list) || !list.every(isDataObject)))) return 'unresolved';
  const stageOf = (eventType: unknown): ResponseStage | 'request' | undefined =>
    isIntrinsic(eventType) ? undefined : eventType === 'viewer-response' || eventType === 'origin-response' ? eventType : 'request';
  const found: ResponseCode[] = [];
  for (const association of (functions ?? []) as Record<string, unknown>[]) {
    const stage = stageOf(association.eventType);
    if (stage === 'request') continue;
    const fn = index.target(node, association.functionArn);
    const code = fn?.cfnResourceType === 'AWS::CloudFront::Function' ? resolved(fn, 'functionCode') : undefined;
    found.push({ stage, ...(typeof code === 'string' ? { code } : {}) });
  }
  for (const association of (lambdas ?? []) as Record<string, unknown>[]) {
    const stage = stageOf(association.eventType);
    if (stage === 'request') continue;
    found.push({ stage, ...inlineLambdaCode(node, association.lambdaFunctionArn, index) });
  }
  return found;
}

/** A Lambda@Edge version's inline code (`Code.ZipFile` of the function the version publishes), when the app holds it. */
function inlineLambdaCode(node: CfnResource, versionArn: unknown, index: AppIndex): { readonly code?: string } {
  const version = index.target(node, versionArn);
  const fn = version?.cfnResourceType === 'AWS::Lambda::Version' ? index.target(version, resolved(version, 'functionName')) : undefined;
  if (fn?.cfnResourceType !== 'AWS::Lambda::Function') return {};
  const code = resolved<{ zipFile?: unknown }>(fn, 'code');
  return typeof code?.zipFile === 'string' ? { code: code.zipFile } : {};
}

/**
 * What a behavior's response-event edge code sets for a header, and at which stage: the values
 * of the latest stage that sets it (viewer-response over origin-response). 'absent' when no
 * response code names it; 'unresolved' when code that may run on the response cannot be read, or
 * names the header in a way the rule cannot read.
 */
export function headerSetByEdgeCode(
  node: CfnResource,
  behavior: Behavior,
  index: AppIndex,
  header: string,
): { readonly stage: ResponseStage; readonly values: string[] } | 'absent' | 'unresolved' {
  const code = responseCode(node, behavior, index);
  if (code === 'unresolved') return 'unresolved';
  const byStage = new Map<ResponseStage, string[]>();
  for (const entry of code) {
    if (entry.code === undefined) return 'unresolved';
    const values = headerValuesInCode(entry.code, header);
    if (values === 'absent') continue;
    if (values === 'unresolved' || entry.stage === undefined) return 'unresolved';
    byStage.set(entry.stage, [...(byStage.get(entry.stage) ?? []), ...values]);
  }
  for (const stage of ['viewer-response', 'origin-response'] as const) {
    const values = byStage.get(stage);
    if (values !== undefined) return { stage, values };
  }
  return 'absent';
}
