import { isAlias, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { readBoundedFile, type BoundedReadFailure } from '../core/read-bounded-file';
import type { EdgeVerdict } from './edge-verdict';
import { EXPECTED_ACTIONS, type ExpectedAction } from './simulated-request';

/** What a request is expected to get: on every edge, or per edge (by name, e.g. `aws:Stack/Waf`, or kind, `aws`). */
export type Expectation = { readonly every: ExpectedAction } | { readonly byEdge: Readonly<Record<string, ExpectedAction>> };

/** Expectations by request id, from an `--expect` file. */
export type ExpectationFile = ReadonlyMap<string, Expectation>;

/** How a verdict measures up to what was expected. `unverified`: a rule that may act was reached, so the simulator cannot say. */
export type ExpectationOutcome = 'met' | 'unmet' | 'unverified';

/** The largest --expect file read; one larger is refused rather than held in memory. */
export const MAX_EXPECTATION_FILE_BYTES = 4 * 1024 * 1024;

/** Bad --expect input: every problem at once. Exit 2. */
export class ExpectationFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
  }
}

const ALLOWED = `one of ${EXPECTED_ACTIONS.join(', ')}`;

/**
 * Reads an `--expect` file: YAML or JSON, a mapping of request id to the action expected on every
 * edge (`login-flood-11: block`) or to a mapping of edge (name or kind) to action
 * (`report-export: { aws: block, cloudflare: allow }`).
 */
export function readExpectationFile(file: string): ExpectationFile {
  const read = readBoundedFile(file, MAX_EXPECTATION_FILE_BYTES);
  if ('failure' in read) throw new ExpectationFileError(file, [describeFailure(read.failure)]);
  let document;
  try {
    // yaml's own uniqueKeys check is quadratic in the number of keys: repeated ids are found below instead.
    document = parseDocument(read.bytes.toString('utf8'), { uniqueKeys: false, prettyErrors: false });
  } catch {
    throw new ExpectationFileError(file, ['cannot be parsed: it nests too deeply; write one mapping of request id to expected action']);
  }
  if (document.errors.length > 0)
    throw new ExpectationFileError(
      file,
      document.errors.slice(0, 20).map((error) => error.message.split('\n')[0]),
    );
  const { contents } = document;
  if (!isMap(contents)) throw new ExpectationFileError(file, ['is not a mapping of request id to expected action (e.g. `login-flood-11: block`)']);
  const problems: string[] = [];
  const expectations = new Map<string, Expectation>();
  // Read pair by pair rather than through toJS(): a key such as __proto__ or a repeated one is a
  // problem to report, not something an object would silently swallow.
  for (const item of contents.items) {
    const id = scalarKey(item.key);
    if (id === undefined) {
      problems.push('a request id is not a plain string or number; write `id: action`');
      continue;
    }
    if (expectations.has(id)) {
      problems.push(`${quoted(id)} is given more than once; give each request id once`);
      continue;
    }
    // An alias (`*common`) stands for the node its anchor names: a repeated mapping is a fair use.
    const node = isAlias(item.value) ? item.value.resolve(document) : item.value;
    const value: unknown = isMap(node)
      ? edgeEntries(node, (problem) => problems.push(`${quoted(id)}: ${problem}`))
      : isScalar(node)
        ? node.value
        : isSeq(node)
          ? []
          : null;
    if (value === undefined) continue;
    const expectation = parseExpectation(value, (problem) => problems.push(`${quoted(id)}: ${problem}`));
    if (expectation) expectations.set(id, expectation);
    if (problems.length > MAX_LISTED_PROBLEMS) break;
  }
  if (problems.length > 0) throw new ExpectationFileError(file, problems.slice(0, MAX_LISTED_PROBLEMS));
  return expectations;
}

/** The most problems listed from one file. */
const MAX_LISTED_PROBLEMS = 50;

/** A plain key's text; undefined for a collection used as a key. */
function scalarKey(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const { value } = key;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** A per-edge mapping as edge → action, with repeated and reserved edge names reported; undefined when it has problems. */
function edgeEntries(map: YAMLMap, problem: (text: string) => void): Record<string, unknown> | undefined {
  const entries: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let valid = true;
  for (const item of map.items) {
    const edge = scalarKey(item.key);
    if (edge === undefined || edge in Object.prototype) {
      problem(`${edge === undefined ? 'an edge name' : quoted(edge)} is not an edge name; write aws, cloudflare, or an edge's full name`);
      valid = false;
    } else if (edge in entries) {
      problem(`edge ${quoted(edge)} is given more than once`);
      valid = false;
    } else entries[edge] = isScalar(item.value) ? item.value.value : isMap(item.value) ? {} : item.value === null ? null : [];
  }
  return valid ? entries : undefined;
}

function parseExpectation(value: unknown, problem: (text: string) => void): Expectation | undefined {
  if (isExpectedAction(value)) return { every: value };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const byEdge: Record<string, ExpectedAction> = Object.create(null) as Record<string, ExpectedAction>;
    let valid = true;
    for (const [edge, action] of Object.entries(value as Record<string, unknown>)) {
      if (isExpectedAction(action)) byEdge[edge] = action;
      else {
        problem(`edge ${quoted(edge)} expects ${describe(action)}; expected ${ALLOWED}`);
        valid = false;
      }
    }
    return valid ? { byEdge } : undefined;
  }
  problem(`expects ${describe(value)}; expected ${ALLOWED}, or a mapping of edge to one of them`);
  return undefined;
}

function isExpectedAction(value: unknown): value is ExpectedAction {
  return typeof value === 'string' && (EXPECTED_ACTIONS as readonly string[]).includes(value);
}

/** The action an edge is expected to take on a request: its own entry, else its kind's (`aws`), else every edge's. */
export function expectedOn(expectation: Expectation, edge: { readonly name: string; readonly kind: string }): ExpectedAction | undefined {
  if ('every' in expectation) return expectation.every;
  return expectation.byEdge[edge.name] ?? expectation.byEdge[edge.kind];
}

/** Whether a verdict is what was expected: `challenge` is met by a captcha too; a verdict a rule may change is unverified. */
export function judgeVerdict(expected: ExpectedAction, verdict: EdgeVerdict): ExpectationOutcome {
  if (verdict.action === 'unknown') return 'unverified';
  const got = verdict.action === 'captcha' ? 'challenge' : verdict.action === 'count' ? 'allow' : verdict.action;
  return got === expected ? 'met' : 'unmet';
}

function describeFailure(failure: BoundedReadFailure): string {
  switch (failure.reason) {
    case 'cannot-open':
      return `cannot be read: ${failure.message}`;
    case 'not-regular':
      return `is ${failure.kind}, not a file; give a YAML or JSON file of expectations`;
    case 'too-large':
      return `is larger than ${MAX_EXPECTATION_FILE_BYTES / 1024 / 1024} MB (MAX_EXPECTATION_FILE_BYTES); split it, or put the expectations in the requests (an "expect" field)`;
  }
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return quoted(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'a mapping';
}
