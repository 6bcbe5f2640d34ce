/**
 * Text with its ASCII letters lower-cased and every other character kept: what Cloudflare's
 * `lower()` and AWS WAF's LOWERCASE transformation do. A value lowered with JavaScript's
 * toLowerCase() (which also lowers `Ä`) could never equal what either edge compares it with.
 */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
