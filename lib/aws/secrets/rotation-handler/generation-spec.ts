/*
 * How a value is generated, and where that is pinned. Plain Node.js with no dependencies: it is
 * compiled to JavaScript and shipped in the rotation function's asset as is.
 */

/** How a value is generated: random bytes in an encoding, or an RSA key pair (then bytes and encoding are unused). */
export interface GenerationSpec {
  readonly bytes: number;
  readonly encoding: 'hex' | 'base64';
  readonly keyPair?: 'rsa-2048' | 'rsa-4096';
}

/** The tag on each generated secret that says, for people and tools, how its value is generated. */
export const GENERATION_TAG = 'bulwark:generate';

/**
 * The rotation function's environment variable that pins each secret's spec, written at synth:
 * JSON `{ "<spec>": ["<secret name>", …] }` with specs as `formatSpec` writes them. Changing it
 * takes lambda:UpdateFunctionConfiguration (a deployment), where the tag takes only
 * secretsmanager:TagResource.
 */
export const PINNED_SPECS_VARIABLE = 'BULWARK_GENERATION_SPECS';

/** The profile schema's bounds: a spec outside them was not written by Bulwark. */
export const MIN_BYTES = 16;
export const MAX_BYTES = 4_096;

/** A spec in its pinned form: `hex:64`, `base64:32`, `rsa-2048` or `rsa-4096`. */
export function formatSpec(spec: GenerationSpec): string {
  return spec.keyPair ?? `${spec.encoding}:${spec.bytes}`;
}

/** The spec a pinned form names; throws on anything else. */
export function parseSpec(text: string): GenerationSpec {
  if (text === 'rsa-2048' || text === 'rsa-4096') return { bytes: 64, encoding: 'hex', keyPair: text };
  const match = /^(hex|base64):([0-9]{1,4})$/.exec(text);
  const bytes = Number(match?.[2]);
  if (!match || bytes < MIN_BYTES || bytes > MAX_BYTES) {
    throw new Error(`"${text}" is not a generation spec Bulwark accepts (hex:N or base64:N with N from ${MIN_BYTES} to ${MAX_BYTES}, rsa-2048 or rsa-4096)`);
  }
  return { bytes, encoding: match[1] as GenerationSpec['encoding'] };
}

/** The pinned form of a `bulwark:generate` tag value (JSON); throws when it is not a spec Bulwark accepts. */
export function specOfTag(tag: string): string {
  let spec: Partial<GenerationSpec>;
  try {
    spec = JSON.parse(tag) as Partial<GenerationSpec>;
  } catch {
    throw new Error(`the ${GENERATION_TAG} tag ${tag} is not JSON`);
  }
  const valid =
    typeof spec === 'object' &&
    spec !== null &&
    Number.isInteger(spec.bytes) &&
    (spec.encoding === 'hex' || spec.encoding === 'base64') &&
    (spec.keyPair === undefined || spec.keyPair === 'rsa-2048' || spec.keyPair === 'rsa-4096');
  if (!valid) throw new Error(`the ${GENERATION_TAG} tag ${tag} is not a generation spec Bulwark accepts`);
  return formatSpec(parseSpec(formatSpec(spec as GenerationSpec)));
}

/** The pinned specs by secret name, from the variable's value; throws on a malformed map. */
export function readPinnedSpecs(variable: string | undefined): ReadonlyMap<string, GenerationSpec> {
  if (variable === undefined || variable === '') throw new Error(`${PINNED_SPECS_VARIABLE} is not set: the function pins no secret's spec, so it rotates none`);
  const grouped = JSON.parse(variable) as Record<string, unknown>;
  const pins = new Map<string, GenerationSpec>();
  for (const [text, names] of Object.entries(grouped)) {
    const spec = parseSpec(text);
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) throw new Error(`${PINNED_SPECS_VARIABLE}: ${text} must list secret names`);
    for (const name of names as string[]) {
      if (pins.has(name)) throw new Error(`${PINNED_SPECS_VARIABLE}: ${name} is pinned twice`);
      pins.set(name, spec);
    }
  }
  return pins;
}

/** The variable's value for specs by secret name: grouped by spec, the shortest form (Lambda allows 4 KB of variables). */
export function writePinnedSpecs(specs: Readonly<Record<string, GenerationSpec>>): string {
  const grouped: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(specs)) (grouped[formatSpec(spec)] ??= []).push(name);
  return JSON.stringify(grouped);
}

/**
 * The spec to generate and test a secret's value with: the pinned one. A secret without a pin is
 * refused (the function was not deployed to rotate it), and so is a tag that asks for anything
 * else, weaker (fewer bytes, another encoding, a smaller or different key type) or not: a tag
 * edit never changes how a value is generated.
 */
export function effectiveSpec(
  secretName: string,
  pins: ReadonlyMap<string, GenerationSpec>,
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): GenerationSpec {
  const pinned = pins.get(secretName);
  if (pinned === undefined) throw new Error(`no generation spec is pinned for ${secretName}: this function does not rotate it`);
  const tag = tags?.find((t) => t.Key === GENERATION_TAG)?.Value;
  if (tag !== undefined) {
    const asked = specOfTag(tag);
    if (asked !== formatSpec(pinned)) {
      const how = isWeaker(parseSpec(asked), pinned) ? 'weaker than' : 'other than';
      throw new Error(
        `the ${GENERATION_TAG} tag of ${secretName} asks for ${asked}, ${how} the pinned ${formatSpec(pinned)}; a tag does not change how a value is generated (redeploy with another profile to change it)`,
      );
    }
  }
  return pinned;
}

/** Whether `asked` is weaker than `pinned`: fewer bytes, another encoding, no key pair or a smaller one. */
export function isWeaker(asked: GenerationSpec, pinned: GenerationSpec): boolean {
  if (pinned.keyPair) return asked.keyPair === undefined || modulusBits(asked.keyPair) < modulusBits(pinned.keyPair);
  if (asked.keyPair) return true; // another kind of value altogether
  return asked.encoding !== pinned.encoding || asked.bytes < pinned.bytes;
}

export function modulusBits(keyPair: NonNullable<GenerationSpec['keyPair']>): number {
  return keyPair === 'rsa-4096' ? 4_096 : 2_048;
}
