/**
 * Each fetch directive's fallback list: when a directive is absent, the first of the others a
 * policy sets governs what it would
 * (https://www.w3.org/TR/CSP3/#directive-fallback-list; fenced-frame-src from
 * https://wicg.github.io/fenced-frame/#new-csp-directive). script-src, style-src and child-src
 * are compared too, as browsers without the finer directives (script-src-elem, worker-src…)
 * read them directly, and script-src alone governs eval. Other directives (base-uri,
 * form-action, frame-ancestors…) do not fall back: absent, they allow anything.
 */
const FALLBACKS: ReadonlyMap<string, readonly string[]> = new Map([
  ['script-src', ['script-src', 'default-src']],
  ['script-src-elem', ['script-src-elem', 'script-src', 'default-src']],
  ['script-src-attr', ['script-src-attr', 'script-src', 'default-src']],
  ['style-src', ['style-src', 'default-src']],
  ['style-src-elem', ['style-src-elem', 'style-src', 'default-src']],
  ['style-src-attr', ['style-src-attr', 'style-src', 'default-src']],
  ['child-src', ['child-src', 'default-src']],
  ['frame-src', ['frame-src', 'child-src', 'default-src']],
  ['fenced-frame-src', ['fenced-frame-src', 'frame-src', 'child-src', 'default-src']],
  ['worker-src', ['worker-src', 'child-src', 'script-src', 'default-src']],
  ['connect-src', ['connect-src', 'default-src']],
  ['font-src', ['font-src', 'default-src']],
  ['img-src', ['img-src', 'default-src']],
  ['manifest-src', ['manifest-src', 'default-src']],
  ['media-src', ['media-src', 'default-src']],
  ['object-src', ['object-src', 'default-src']],
  ['prefetch-src', ['prefetch-src', 'default-src']],
]);

/** Quoted sources whose prefix is a keyword but whose value is case-sensitive (https://www.w3.org/TR/CSP3/#grammardef-nonce-source). */
const VALUED_PREFIXES = new Set(["'nonce-", "'sha256-", "'sha384-", "'sha512-"]);

/**
 * A source as compared: a keyword ('self', 'unsafe-inline'…) is case-insensitive, so lowercase;
 * a nonce or hash keeps its value's case (only its prefix is lowercased); anything else as written.
 */
function normalizeSource(source: string): string {
  if (!source.startsWith("'")) return source;
  const dash = source.indexOf('-');
  const prefix = dash < 0 ? '' : source.slice(0, dash + 1).toLowerCase();
  return VALUED_PREFIXES.has(prefix) ? prefix + source.slice(prefix.length) : source.toLowerCase();
}

/** A policy as directives (lowercase) and their source lists (`'none'` an empty list). The first of a repeated directive counts, as browsers take it. */
function parse(policy: string): Map<string, ReadonlySet<string>> {
  const directives = new Map<string, ReadonlySet<string>>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    const directive = name.toLowerCase();
    if (directives.has(directive)) continue;
    directives.set(directive, new Set(sources.map(normalizeSource).filter((source) => source !== "'none'")));
  }
  return directives;
}

/** What a directive allows under a policy: its own list, or the first its fallback list finds; undefined when nothing restricts it. */
function effective(policy: ReadonlyMap<string, ReadonlySet<string>>, directive: string): ReadonlySet<string> | undefined {
  for (const candidate of FALLBACKS.get(directive) ?? [directive]) {
    const sources = policy.get(candidate);
    if (sources !== undefined) return sources;
  }
  return undefined;
}

/**
 * Whether a Content-Security-Policy an edge sends is no looser than the profile's: every
 * directive the profile restricts (directly, or through its fallback list for a fetch
 * directive) is restricted in the sent policy, directly or through the same fallback list, to
 * a subset of the profile's sources (`'none'` meets any), and every valueless directive the
 * profile sets (upgrade-insecure-requests…) is set. Sources are compared as written (keywords
 * in any case), so a host the profile does not list, `'unsafe-inline'`, a nonce or a scheme
 * such as `data:` the profile leaves out makes the sent policy looser. Extra directives only
 * restrict, so they pass.
 */
export function contentSecurityPolicyNoLooser(sent: string, required: string): boolean {
  const sentPolicy = parse(sent);
  const requiredPolicy = parse(required);
  // default-src governs only through the fallback lists; every fetch directive is compared through them.
  const directives = new Set([...FALLBACKS.keys(), ...[...requiredPolicy.keys()].filter((directive) => directive !== 'default-src')]);
  for (const directive of directives) {
    const allowed = effective(requiredPolicy, directive);
    if (allowed === undefined) continue;
    const given = effective(sentPolicy, directive);
    if (given === undefined) return false;
    if ([...given].some((source) => !allowed.has(source))) return false;
  }
  return true;
}
