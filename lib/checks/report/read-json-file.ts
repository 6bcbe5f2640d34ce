import { readFileSync } from 'node:fs';

/**
 * A file of a synthesized output (or an app's config) that cannot be read as a JSON object:
 * bad input, reported with the file's name and exit 2, never as an internal error.
 */
export class OutputFileError extends Error {}

/** A JSON file holding an object, or an OutputFileError that names the file and what to do. */
export function readJsonObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OutputFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OutputFileError(`${file} is not valid JSON (${(error as Error).message}); synthesize again`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OutputFileError(`${file} does not hold a JSON object; synthesize again`);
  return value as Record<string, unknown>;
}
