/**
 * Fetch directives: absent, each falls back to default-src
 * (https://www.w3.org/TR/CSP3/#directive-fallback-list). Other directives (base-uri,
 * form-action, frame-ancestors…) do not fall back: absent, they allow anything.
 */
const FETCH_DIRECTIVES = new Set([
  'child-src',
  'connect-src',
  'font-src',
  'frame-src',
  'img-src',
  'manifest-src',
  'media-src',
  'object-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'worker-src',
]);

/** A policy as directives (lowercase) and their source lists (keywords lowercase; `'none'` an empty list). The first of a repeated directive counts, as browsers take it. */
function parse(policy: string): Map<string, ReadonlySet<string>> {
  const directives = new Map<string, ReadonlySet<string>>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    const directive = name.toLowerCase();
    if (directives.has(directive)) continue;
    const normalized = sources.map((source) => (source.startsWith("'") ? source.toLowerCase() : source)).filter((source) => source !== "'none'");
    directives.set(directive, new Set(normalized));
  }
  return directives;
}

/** What a directive allows under a policy: its own list, or default-src's for a fetch directive without one; undefined when nothing restricts it. */
function effective(policy: ReadonlyMap<string, ReadonlySet<string>>, directive: string): ReadonlySet<string> | undefined {
  return policy.get(directive) ?? (FETCH_DIRECTIVES.has(directive) ? policy.get('default-src') : undefined);
}

/**
 * Whether a Content-Security-Policy an edge sends is no looser than the profile's: every
 * directive the profile restricts (directly, or through default-src for a fetch directive) is
 * restricted in the sent policy to a subset of the profile's sources (`'none'` meets any), and
 * every valueless directive the profile sets (upgrade-insecure-requests…) is set. Sources are
 * compared as written, so a host the profile does not list, `'unsafe-inline'`, a nonce or a
 * scheme such as `data:` the profile leaves out makes the sent policy looser. Extra directives
 * only restrict, so they pass.
 */
export function contentSecurityPolicyNoLooser(sent: string, required: string): boolean {
  const sentPolicy = parse(sent);
  const requiredPolicy = parse(required);
  const directives = new Set([...requiredPolicy.keys(), ...[...sentPolicy.keys()].filter((directive) => FETCH_DIRECTIVES.has(directive))]);
  for (const directive of directives) {
    const allowed = effective(requiredPolicy, directive);
    if (allowed === undefined) continue;
    const given = effective(sentPolicy, directive);
    if (given === undefined) return false;
    if ([...given].some((source) => !allowed.has(source))) return false;
  }
  return true;
}
