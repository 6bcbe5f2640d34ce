import type { SimulatedRequest } from '../simulated-request';
import { describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { MAX_LINE_BYTES, readLines } from './read-lines';
import type { RequestRecord } from './request-record';

/** How a format names what a bad line should have been. */
export interface JsonLinesWording {
  /** After "line is longer than N bytes". */
  readonly tooLong: string;
  /** After "line is not valid JSON". */
  readonly notJson: string;
  /** What one line must be. */
  readonly oneObject: string;
}

/**
 * The records of a file of one JSON object per line (blank lines skipped), streamed: each
 * object made a request by `toRequest`, or every problem with it; a line too long, not JSON or
 * not an object is a problem of its own. The parser's message is never repeated: it quotes the
 * line, which may hold a secret.
 */
export async function* jsonObjectLines(
  file: string,
  wording: JsonLinesWording,
  toRequest: (record: Record<string, unknown>, lineNumber: number) => SimulatedRequest | string[],
): AsyncGenerator<RequestRecord> {
  for await (const line of readLines(file)) {
    const location = `${file}:${line.number}`;
    if ('tooLong' in line) {
      yield { kind: 'problem', location, message: `line is longer than ${MAX_LINE_BYTES} bytes${wording.tooLong}` };
      continue;
    }
    if (line.text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.text);
    } catch {
      yield { kind: 'problem', location, message: `line is not valid JSON${wording.notJson}` };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { kind: 'problem', location, message: fieldProblem('line', describeValue(parsed), wording.oneObject) };
      continue;
    }
    const result = toRequest(parsed as Record<string, unknown>, line.number);
    if (Array.isArray(result)) for (const message of result) yield { kind: 'problem', location, message };
    else yield { kind: 'request', request: result };
  }
}
