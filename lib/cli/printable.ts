/**
 * A message as the terminal should show it: control characters (but newline and tab), C1
 * controls and bidirectional overrides escaped as \uXXXX, so a file or directory name in an
 * output cannot move the cursor, recolour the terminal or reorder what the reader sees.
 */
export function printable(message: string): string {
  return message.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
