/** A benchmark setting read from the environment: the values, or why the text is refused. */
export type SettingResult = { readonly values: number[] } | { readonly error: string };

/**
 * Positive whole numbers from an environment variable (comma-separated), or the default when it
 * is unset or empty. Anything else is refused with the variable, the value and the default.
 */
export function parseSetting(name: string, text: string | undefined, fallback: readonly number[]): SettingResult {
  if (text === undefined || text === '') return { values: [...fallback] };
  const values = text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (values.some((value) => !Number.isInteger(value) || value < 1)) {
    return { error: `${name}=${text}: expected positive whole numbers separated by commas (default ${fallback.join(',')})` };
  }
  return { values };
}
