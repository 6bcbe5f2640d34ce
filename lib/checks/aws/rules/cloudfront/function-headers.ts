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

/** Words after which a `/` starts a regular expression literal rather than dividing. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'else', 'do', 'instanceof', 'yield', 'await']);

/**
 * The longest code read: a CloudFront Function holds at most 10 KB
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html),
 * inline Lambda code little more; longer code is unresolved, which bounds every search below.
 */
const MAX_CODE = 65_536;

/** How far a search looks around one `=` or Object.assign for the expression it belongs to. */
const WINDOW = 256;

/**
 * Code read in one linear pass: `text` is the code without comments, and `skeleton` the same
 * text with the inside of every string, template and regular expression literal blanked (its
 * delimiters kept), so a search for syntax in the skeleton never matches text in a literal.
 * Undefined when a literal or comment does not end, or a template holds `${…}`.
 */
function readCode(code: string): { readonly text: string; readonly skeleton: string } | undefined {
  const text: string[] = [];
  const skeleton: string[] = [];
  // The last character outside blanks and comments, and the word it ends, to tell a regular expression from a division.
  let previous = '';
  let word = '';
  let i = 0;
  while (i < code.length) {
    const char = code[i];
    const next = code[i + 1];
    if (char === '/' && (next === '/' || next === '*')) {
      const end = next === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i + 2);
      if (end < 0 && next === '*') return undefined;
      // A comment separates tokens: it reads as a blank.
      text.push(' ');
      skeleton.push(' ');
      i = end < 0 ? code.length : next === '/' ? end : end + 2;
      word = '';
      continue;
    }
    const quote = char === "'" || char === '"' || char === '`' ? char : char === '/' && regexStarts(previous, word) ? '/' : undefined;
    if (quote === undefined) {
      text.push(char);
      skeleton.push(char);
      if (/\s/.test(char)) word = '';
      else {
        word = /[\w$]/.test(char) ? (/[\w$]/.test(previous) && word !== '' ? word + char : char) : '';
        previous = char;
      }
      i += 1;
      continue;
    }
    let j = i + 1;
    let inClass = false;
    while (j < code.length) {
      const c = code[j];
      if (c === '\\') j += 2;
      else if (quote === '`' && c === '$' && code[j + 1] === '{') return undefined;
      else if (quote !== '`' && (c === '\n' || c === '\r')) return undefined;
      else if (c === quote && !inClass) break;
      else {
        if (quote === '/' && (c === '[' || c === ']')) inClass = c === '[';
        j += 1;
      }
    }
    if (j >= code.length) return undefined;
    const inside = code.slice(i + 1, j);
    text.push(char, inside, code[j]);
    skeleton.push(char, inside.replace(/[^\r\n]/g, ' '), code[j]);
    previous = code[j];
    word = '';
    i = j + 1;
  }
  return { text: text.join(''), skeleton: skeleton.join('') };
}

/** Whether a `/` after this character (and the word it ends) starts a regular expression: it follows an operator, a bracket or a keyword, not a value. */
function regexStarts(previous: string, word: string): boolean {
  if (previous === '') return true;
  if (previous === ')' || previous === ']' || previous === "'" || previous === '"' || previous === '`') return false;
  return /[\w$]/.test(previous) ? BEFORE_REGEX.has(word) : true;
}

/** Syntax after which what code sets for a header may not be what every response gets: a branch or a loop. */
const BRANCHING_WORDS = new Set(['if', 'else', 'switch', 'case', 'for', 'while', 'do', 'try', 'catch']);

/** Syntax that may write any header, named or not: a deletion, eval, reflection. */
const WRITING_WORDS = new Set(['delete', 'with', 'eval', 'Reflect', 'defineProperty', 'defineProperties', 'setPrototypeOf']);

/**
 * Whether code may set a header for some requests only: a branch (`if`, `?`, `&&`, `||`,
 * `switch`, a loop, `try`), or a second function (which may never run). Searched in the skeleton.
 */
function branches(skeleton: string): boolean {
  const words = skeleton.match(/[A-Za-z_$][\w$]*/g) ?? [];
  const functions = words.filter((entry) => entry === 'function').length + skeleton.split('=>').length - 1;
  return functions > 1 || words.some((entry) => BRANCHING_WORDS.has(entry)) || skeleton.includes('?') || skeleton.includes('&&') || skeleton.includes('||');
}

/** A property chain ending in `headers` (`event.response.headers`), blanks removed; bounded by WINDOW where it is used. */
const HEADERS_CHAIN = String.raw`(?:[\w$]+\s*(?:\[\s*\d+\s*\]\s*)?\.\s*)*headers`;

/**
 * What writes the code makes that the assignment patterns cannot vouch for, searched in the
 * skeleton: 'unresolved' when any deletion, computed key, compound assignment, or write to the
 * headers object itself appears, other than the forms read (`var headers = x.headers`,
 * `x.headers = Object.assign(x.headers, { … })`, `Object.assign(x.headers, { … })`); otherwise
 * the spans of the object literals such an Object.assign merges, where the `'name': { value }`
 * form counts.
 */
function mergedSpans(skeleton: string): [number, number][] | 'unresolved' {
  if ((skeleton.match(/[A-Za-z_$][\w$]*/g) ?? []).some((entry) => WRITING_WORDS.has(entry))) return 'unresolved';
  const closing = closingBraces(skeleton);
  const spans: [number, number][] = [];
  const allowed = new Set<number>();
  for (const match of skeleton.matchAll(/\bObject\s*\.\s*assign\s*\(/g)) {
    const end = match.index + match[0].length;
    const argument = new RegExp(String.raw`^\s*(${HEADERS_CHAIN})\s*,\s*\{`).exec(skeleton.slice(end, end + WINDOW));
    if (argument === null) return 'unresolved';
    const from = Math.max(0, match.index - WINDOW);
    const before = skeleton.slice(from, match.index).trimEnd();
    if (before.endsWith('=') && !/[=!<>+\-*/%&|^]$/.test(before.slice(0, -1))) {
      const target = new RegExp(String.raw`(?:^|[^\w$.\s])\s*(${HEADERS_CHAIN})\s*$`).exec(before.slice(0, -1));
      if (target === null || target[1].replace(/\s/g, '') !== argument[1].replace(/\s/g, '')) return 'unresolved';
      allowed.add(from + before.length - 1);
    }
    const open = end + argument[0].length - 1;
    const close = closing.get(open);
    if (close === undefined || skeleton.slice(close + 1, close + 1 + WINDOW).trimStart()[0] !== ')') return 'unresolved';
    spans.push([open, close]);
  }
  for (let at = skeleton.indexOf('='); at >= 0; at = skeleton.indexOf('=', at + 1)) {
    const before = skeleton[at - 1];
    const after = skeleton[at + 1];
    if (after === '=' || after === '>') {
      at += 1;
      continue;
    }
    if (before === '!' || before === '=' || ((before === '<' || before === '>') && skeleton[at - 2] !== before)) continue;
    if ('+-*/%&|^<>'.includes(before)) return 'unresolved';
    if (allowed.has(at)) continue;
    // Back over the blanks before the `=` first (each run is crossed once), so no run of blanks hides the target.
    let last = at - 1;
    while (last >= 0 && /\s/.test(skeleton[last])) last -= 1;
    const target = skeleton.slice(Math.max(0, last + 1 - WINDOW), last + 1);
    if (target.endsWith(']')) {
      const key = target.slice(target.lastIndexOf('[') + 1, -1).trim();
      const literal = key.length >= 2 && `'"\``.includes(key[0]) && key.at(-1) === key[0] && key.slice(1, -1).trim() === '';
      if (!literal) return 'unresolved';
    } else if (/(?:^|[^\w$])headers$/.test(target)) {
      const declared = /(?:^|[^\w$])(?:var|let|const)\s+headers$/.test(target);
      const value = new RegExp(String.raw`^\s*${HEADERS_CHAIN}\s*[;\n]`).test(skeleton.slice(at + 1, at + 1 + WINDOW));
      if (!declared || !value) return 'unresolved';
    } else if (/\.\s*(?:value|key)$/.test(target)) return 'unresolved';
  }
  return spans;
}

/** Each `{` of a skeleton (literals blanked) with the index of the `}` that closes it, in one pass. */
function closingBraces(skeleton: string): Map<number, number> {
  const closing = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < skeleton.length; i += 1) {
    if (skeleton[i] === '{') open.push(i);
    else if (skeleton[i] === '}') {
      const from = open.pop();
      if (from !== undefined) closing.set(from, i);
    }
  }
  return closing;
}

/**
 * How code visibly sets a header, for a lowercase header name (letters and hyphens only):
 * CloudFront Functions' `'name': { value: '…' }` (inside an Object.assign on the headers) or
 * `headers['name'] = { value: '…' }` (the value's groups from 2), and Lambda@Edge's
 * `headers['name'] = [{ key: 'Name', value: '…' }]` (from 3, the name said twice). No two
 * neighbouring repetitions can match the same text, so a pattern runs in linear time on any code
 * a template holds.
 */
function assignmentForms(header: string): readonly { readonly pattern: RegExp; readonly group: number; readonly mentions: number; readonly merged: boolean }[] {
  const name = (operator: string) => String.raw`(['"\x60])${header}\1\s*${operator}\s*`;
  const end = String.raw`\s*(?:,\s*)?\}`;
  const value = String.raw`\{\s*value\s*:\s*${LITERAL}${end}`;
  return [
    { pattern: new RegExp(String.raw`${name(String.raw`\]\s*=`)}${value}`, 'gi'), group: 2, mentions: 1, merged: false },
    { pattern: new RegExp(String.raw`${name(':')}${value}`, 'gi'), group: 2, mentions: 1, merged: true },
    {
      pattern: new RegExp(
        String.raw`${name(String.raw`\]\s*=`)}\[\s*\{\s*key\s*:\s*(['"\x60])${header}\2\s*,\s*value\s*:\s*${LITERAL}${end}\s*(?:,\s*)?\]`,
        'gi',
      ),
      group: 3,
      mentions: 2,
      merged: false,
    },
  ];
}

/**
 * The values code sets for a header, read conservatively on the code without its comments:
 * every mention of the header's name must be part of an assignment of a literal value the
 * patterns read, and nothing else may change what every response gets (a branch, a loop, a
 * deletion, a second function, a write to the headers object or to a computed key, an
 * assignment after the return). 'absent' when the code never names the header and writes no
 * header it cannot name (a branch that sets only other headers leaves it absent); 'unresolved'
 * when it names it in any other way (a computed value, a variable holding the name) or does any
 * of those.
 */
export function headerValuesInCode(code: string, header: string): string[] | 'absent' | 'unresolved' {
  const name = header.toLowerCase();
  if (!/^[a-z-]+$/.test(name)) throw new Error(`not a header name: ${header}`);
  const read = code.length > MAX_CODE ? undefined : readCode(code);
  if (read === undefined) return 'unresolved';
  const { text, skeleton } = read;
  const mentions = text.toLowerCase().split(name).length - 1;
  const spans = mergedSpans(skeleton);
  if (spans === 'unresolved') return 'unresolved';
  if (mentions === 0) return 'absent';
  if (branches(skeleton)) return 'unresolved';
  const firstReturn = skeleton.search(/\breturn\b/);
  const found: { value: string; mentions: number }[] = [];
  for (const { pattern, group, mentions: perAssignment, merged } of assignmentForms(name)) {
    for (const match of text.matchAll(pattern)) {
      if (merged && !spans.some(([from, to]) => match.index > from && match.index < to)) continue;
      if (firstReturn >= 0 && match.index > firstReturn) return 'unresolved';
      found.push({ value: match.slice(group, group + 3).find((entry) => entry !== undefined)!, mentions: perAssignment });
    }
  }
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
