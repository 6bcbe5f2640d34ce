import { OutputFileError } from './output-file-error';
import { readInputFile } from './read-input-file';
import { describeJsonValue, fieldError, type FieldPath } from './input-shape';

export { OutputFileError } from './output-file-error';

/** The deepest nesting of arrays and objects read: a synthesized file nests a few dozen levels; deeper would only exhaust the stack of what walks it. */
export const MAX_JSON_NESTING = 512;

/**
 * A JSON file holding an object, or an OutputFileError that names the file and what to do. The
 * file is read as readInputFile reads it (a regular file, size-capped); a syntax error is
 * reported by line and column, never by quoting the text around it (it may hold a secret).
 */
export function readJsonObject(file: string): Record<string, unknown> {
  return parseJsonObject(file, readInputFile(file));
}

/** A file's text read as readJsonObject reads it: a JSON object, or an OutputFileError naming the file. */
export function parseJsonObject(file: string, text: string): Record<string, unknown> {
  const tooDeep = nestingPastLimit(text);
  if (tooDeep !== undefined)
    throw new OutputFileError(
      `${file} nests arrays and objects more than ${MAX_JSON_NESTING} deep (at ${lineAndColumn(text, tooDeep)}), deeper than any synthesized file; synthesize again`,
    );
  let value: unknown;
  let prototypeKey = false;
  try {
    value = JSON.parse(text, (key, element: unknown) => {
      if (key === '__proto__') prototypeKey = true;
      return element;
    });
  } catch (error) {
    throw new OutputFileError(`${file} is not valid JSON (${syntaxProblem(text, (error as Error).message)}); synthesize again`);
  }
  if (prototypeKey)
    throw fieldError(
      file,
      pathToPrototypeKey(value) ?? [],
      'is a key named __proto__, which no synthesizer writes and which would reach into JavaScript objects; remove it',
    );
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new OutputFileError(`${file} holds ${describeJsonValue(value)}, not a JSON object; synthesize again`);
  return value as Record<string, unknown>;
}

/**
 * Where JSON.parse stopped, without its own message: V8 quotes the source ("Unexpected token
 * 'x', "{"password": x}" is not valid JSON").
 */
function syntaxProblem(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) {
    return `a syntax error at ${lineAndColumn(text, Number(position))}`;
  }
  if (/end of JSON input/i.test(message)) return 'it ends before the JSON does';
  return text.trim() === '' ? 'it is empty' : 'a syntax error';
}

/** Where the first key named __proto__ is, as a field path ending in it. */
function pathToPrototypeKey(value: unknown, at: FieldPath = []): FieldPath | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, element] of Object.entries(value)) {
    const here = [...at, Array.isArray(value) ? Number(key) : key];
    if (key === '__proto__') return here;
    const found = pathToPrototypeKey(element, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The offset of the first bracket past MAX_JSON_NESTING, skipping strings; undefined when none is. */
function nestingPastLimit(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > MAX_JSON_NESTING) return index;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
