import type { ZoneProblem } from './compile-zone';

/** The longest domain name (RFC 1035) and the longest label in it. */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/**
 * What is wrong with a zone name (a domain such as `example.com`), as problems naming `field`;
 * none for a valid one. The name goes into an expression (`cf.zone.name in {…}`), which compares
 * it byte for byte with the zone's name as Cloudflare lists it: lowercase ASCII labels of
 * letters, digits and inner hyphens (an internationalized name in its `xn--` form), at least two
 * labels, no trailing dot. Checked character by character: no regular expression on user input.
 */
export function zoneNameProblems(name: string, field: string): ZoneProblem[] {
  const problem = (message: string): ZoneProblem[] => [{ field, message }];
  if (name.length === 0) return problem('is empty; write the zone name, e.g. example.com');
  if (name.length > MAX_NAME_LENGTH) return problem(`has ${name.length} characters; a domain name has at most ${MAX_NAME_LENGTH}`);
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (char >= 'A' && char <= 'Z') return problem(`${JSON.stringify(name)} has uppercase letters; write it in lowercase, as Cloudflare lists the zone`);
    if (!isNameChar(code)) {
      return problem(
        `${JSON.stringify(name)} holds ${code < 0x20 || code > 0x7e ? `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(char)}; a zone name has only letters, digits, hyphens and dots (an internationalized name in its xn-- form)`,
      );
    }
  }
  const labels = name.split('.');
  if (labels.length < 2) return problem(`${JSON.stringify(name)} is one label; a zone is a domain such as example.com`);
  for (const label of labels) {
    if (label.length === 0) return problem(`${JSON.stringify(name)} has an empty label (a leading, trailing or double dot)`);
    if (label.length > MAX_LABEL_LENGTH) return problem(`${JSON.stringify(name)} has a label of ${label.length} characters; at most ${MAX_LABEL_LENGTH}`);
    if (label.startsWith('-') || label.endsWith('-')) return problem(`${JSON.stringify(name)} has a label that starts or ends with a hyphen`);
  }
  const tld = labels[labels.length - 1];
  if ([...tld].every((char) => char >= '0' && char <= '9')) return problem(`${JSON.stringify(name)} ends in a numeric label; an IP address is not a zone`);
  return [];
}

function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}
