/*
 * Terraform reads every string of a `.tf.json` document, and every property name of an object
 * value, as a template: `${…}` interpolates and `%{…}` is a directive (`%{if}`, `%{for}`). A
 * literal `${` is written `$${` and a literal `%{` is written `%%{`; any other `$` or `%` is
 * literal. When a run of `$` precedes `{`, only its last two form the escape (`$$${x}` reads
 * as `$${x}`), so doubling the character before every `{` that follows a `$` or `%` is an
 * exact escape (checked against Terraform 1.11 in test/adversarial/terraform-template.test.ts).
 */

/** The prefix of cdktf's token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`): cdktf substitutes them wherever they appear in a string. */
const CDKTF_TOKEN_MARKER = '{TfToken[';

/** A string Terraform reads as the same text: every `${` written `$${`, every `%{` written `%%{`. */
export function escapeTemplateSequences(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** What Terraform reads a template without sequences as: `$${` becomes `${`, `%%{` becomes `%{`. */
export function unescapeTemplateSequences(text: string): string {
  return text.replace(/([$%])\1\{/g, '$1{');
}

/** A template sequence Terraform would evaluate: its offset and its opening (`${` or `%{`). */
export interface TemplateSequence {
  readonly offset: number;
  readonly opening: '${' | '%{';
}

/** The first `${` or `%{` Terraform would evaluate (one not escaped as `$${` or `%%{`), if any. */
export function findTemplateSequence(text: string): TemplateSequence | undefined {
  const found = /(?<!\$)\$\{|(?<!%)%\{/.exec(text);
  return found ? { offset: found.index, opening: found[0] as '${' | '%{' } : undefined;
}

/**
 * Whether a string is one interpolation and nothing else, `${var.zone_id}` say: a value that
 * Terraform resolves at apply time (a reference), as opposed to literal text with a sequence
 * inside it.
 */
export function isSingleInterpolation(text: string): boolean {
  if (!text.startsWith('${') || !text.endsWith('}')) return false;
  const inner = text.slice(2, -1);
  return !/[{}"]/.test(inner);
}

/** A string that would reach Terraform as something other than the literal it says. */
export class TerraformLiteralError extends Error {
  /** Where in the value the string is, e.g. `rules[0].expression`. */
  public readonly path: string;
  public readonly reason: string;

  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'TerraformLiteralError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * A value (strings, arrays, plain objects and their property names, numbers, booleans) whose
 * every string reaches Terraform as the literal it holds: template sequences escaped. A string
 * holding a cdktf token marker is refused, since cdktf would substitute another value for it
 * before Terraform sees it; `path` names the value in the error.
 *
 * @throws TerraformLiteralError naming where the marker is
 */
export function terraformLiteral<T>(value: T, path: string): T {
  return literal(value, path) as T;
}

function literal(value: unknown, path: string): unknown {
  if (typeof value === 'string') return literalString(value, path);
  if (Array.isArray(value)) return value.map((item, index) => literal(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [literalString(key, `${path} (property name ${JSON.stringify(key)})`), literal(item, `${path}.${key}`)]),
    );
  }
  return value;
}

function literalString(text: string, path: string): string {
  if (text.includes(CDKTF_TOKEN_MARKER)) {
    throw new TerraformLiteralError(
      path,
      `holds ${JSON.stringify(CDKTF_TOKEN_MARKER)}, the marker of a cdktf token, which cdktf would replace with another value before Terraform reads it; remove it from the profile value`,
    );
  }
  return escapeTemplateSequences(text);
}
