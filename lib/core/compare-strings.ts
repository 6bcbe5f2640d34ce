/**
 * Orders strings by UTF-16 code units, the same on every machine. `localeCompare` follows the
 * system locale, which would make synthesized output depend on where it was built.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
