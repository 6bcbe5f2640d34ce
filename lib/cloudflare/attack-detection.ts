import type { AttackClass, RequestField } from '../policy/model';
import type { Expression, Operand } from './expression/ast';
import { call, compare, field, or, predicate, str } from './expression/build';
import { MAX_EXPRESSION_LENGTH } from './expression/lint';
import { printExpression } from './expression/print';
import { planAtLeast, PLANS, type Plan } from './plans';

/**
 * How an attack class is detected on a plan: request fields concatenated once, decoded to a fixed
 * point (`url_decode` with "r", and "u" for `%uXXXX`), stripped of the bytes attackers pad with
 * (`remove_bytes`), lowercased, then compared with terms on that folded text. A term is written for
 * the folded text: with whitespace and SQL comments removed, `union/**\/select`, `UNION%0aSELECT`
 * and `union/*!50000select*\/` all read `unionselect`.
 */
interface Fold {
  /** Bytes removed before comparing. */
  readonly removes: string;
  /** Compare the request as sent (no decoding): overlong UTF-8 escapes decode to invalid text. */
  readonly raw?: boolean;
  /**
   * `contains` terms, most telling first: a plan without `matches` keeps a prefix when its rules
   * run short. A term with `*` is a `wildcard` pattern (whole text, any run of characters per `*`).
   */
  readonly terms: readonly string[];
}

/** A fold compared with one RE2 pattern (Business and up), where a regex says it better than many terms. */
interface PatternFold {
  readonly removes: string;
  readonly raw?: boolean;
  /** Alternatives, each its own `matches`, so a long list splits across rules. */
  readonly patterns: readonly string[];
}

const WHITESPACE = ' \t\n\r\x0b\x0c\x00';

/** Whitespace and comment delimiters only: keeps digits, quotes and parentheses for `or1=1` and `sleep(`. */
const SQL_KEEP_DIGITS: Fold = {
  removes: `${WHITESPACE}/*\``,
  terms: ['or1=1', 'and1=1', 'and1=2', '(select', 'sleep(', 'benchmark(', "waitfordelay'", 'version()', 'database()', 'ascii(', 'group_concat(', 'having1=1'],
};

/** Also digits, parentheses, `!`, `+`, `-` and `#`, so MySQL version comments and `union(select` fold too. */
const SQL_KEYWORDS: Fold = {
  removes: `${WHITESPACE}/*\`!()+-#0123456789`,
  terms: [
    // `unionselect` alone is in prose ("UNION selected"): an injected select names columns.
    'unionselect,',
    'unionselectnull',
    "unionselect'",
    'unionselect@',
    'unionselectchar',
    'unionselectconcat',
    'unionselectgroup_concat',
    // A wildcard (every plan): a select list then FROM, which "UNION selected a few friends" lacks.
    '*unionselect*from*',
    'unionallselect',
    'uniondistinctselect',
    "'or'",
    "'or=",
    "'and'",
    "'and=",
    "'||'",
    'information_schema',
    '@@version',
    'load_file',
    'intooutfile',
    'intodumpfile',
    'xp_cmdshell',
    'pg_sleep',
    'extractvalue',
    'updatexml',
    ';droptable',
    ';dropdatabase',
    ';shutdown',
    ';execmaster',
    ';execxp_',
    ';declare@',
    'dbms_pipe',
    'utl_inaddr',
    'sysobjects',
  ],
};

/**
 * Whitespace, control bytes and the entity punctuation `#`, `;` and `0`: `java&#x09;script:`
 * becomes `javax9script:`, but `&#x3c;script`, `&#60;script` and `&lt;script` become
 * `&x3cscript`, `&6script` and `&ltscript`, so an entity-encoded tag is matched without an HTML
 * decoder (the Rules language has none).
 */
const XSS: Fold = {
  removes: `${WHITESPACE}#;0`,
  terms: [
    '<script',
    'javascript:',
    'onerror=',
    'onload=',
    '<svg',
    '<iframe',
    'vbscript:',
    'data:text/html',
    'srcdoc=',
    'onmouseover=',
    'onfocus=',
    'onclick=',
    'ontoggle=',
    'onbegin=',
    'onanimationstart=',
    'onpointer',
    'expression(',
    '&ltscript',
    '&x3cscript',
    '&6script',
    'javascript&58',
    'javascript&x3a',
    'javascript&colon',
    '<object',
    '<embed',
    'onmouseenter=',
    'onblur=',
    'oninput=',
    'onchange=',
    'onkeydown=',
    'onkeyup=',
    'onkeypress=',
    'onwheel=',
    'onscroll=',
    'onresize=',
    'onstart=',
    'onauxclick=',
    'ondblclick=',
    'oncontextmenu=',
    'onfocusin=',
    'onsubmit=',
    'onpageshow=',
    'onhashchange=',
    'onmessage=',
    'onpopstate=',
    'ontransitionend=',
    'onanimationend=',
    'onplay=',
    'oncanplay=',
    'ondrag',
    'onpaste=',
    'oncopy=',
    'onbeforeunload=',
    'onunload=',
    'formaction=',
    'xlink:href',
    'fromcharcode',
    'document.cookie',
    '&ltiframe',
    '&x3ciframe',
    '&6iframe',
  ],
};

/** Traversal after decoding to a fixed point (`%252e%252e%252f`, `%u002e%u002e/`); Tomcat's `..;/`. */
const TRAVERSAL_DECODED: Fold = {
  removes: '',
  // `../` alone is in prose about paths ("the ../ notation"); an attack climbs twice or names a file.
  terms: ['../..', '..\\', '..;', '../.', '..//', '/etc/passwd', '/etc/shadow', 'win.ini', 'boot.ini', '/proc/self/', 'c:\\windows'],
};

/** Overlong UTF-8 for `.`, `/` and `\`: recursive decoding turns them into invalid text, so the escapes are matched as sent. */
const TRAVERSAL_OVERLONG: Fold = {
  removes: '',
  raw: true,
  terms: [
    '%c0%ae',
    '%c0%af',
    '%e0%80%ae',
    '%e0%80%af',
    '%c1%9c',
    '%c1%1c',
    '%c0%5c',
    '%c0%fe',
    '%f0%80%80%af',
    '%f8%80%80%80%af',
    '%25c0%25ae',
    '%25c0%25af',
    // IIS %u forms of slashes and dots: division slash, set minus, fullwidth full stop, private-use slashes.
    '%u2215',
    '%u2216',
    '%uff0e',
    '%uefc8',
    '%uf025',
    '..0x2f',
    '..0x5c',
  ],
};

/**
 * SQL separators for the patterns below: whitespace (with the vertical tab RE2's \s leaves out),
 * parentheses, comments (`/**\/`, MySQL's `/*!50000` version comments, `--` and `#` to the end
 * of the line). The text is only decoded and lowercased, so word boundaries survive.
 */
const S = String.raw`(?:[\s\x0b()]|/\*[^*]*\*/|/\*!\d*|\*/|--[^\n]*\n|#[^\n]*\n)`;

/** SQL injection on the decoded text: keyword sequences, tautologies, quote breaks, subqueries, blind-extraction and time functions. */
const SQL_PATTERN: PatternFold = {
  removes: '',
  patterns: [
    String.raw`union(?:${S}+(?:all|distinct))?${S}*select(?:${S}|[\d'"@*-]|$)`,
    String.raw`(?:^|[^a-z0-9_])select\b[^&\n]{0,100}?[,(@'][^&\n]{0,100}?\bfrom\b`,
    String.raw`\(${S}*select\b`,
    String.raw`(?:^|[^a-z0-9_])(?:or|and|xor|having|where|&&|\|\|)${S}*['"]?-?\d+(?:${S}*[-+*/]${S}*\d+)*['"]?${S}*(?:[=<>]|like\b|between\b|is${S})`,
    String.raw`'${S}*(?:or|and|xor|\|\||&&)${S}*['"(\d]`,
    String.raw`'${S}*\|\|${S}*['(]|\|\|${S}*\(${S}*select\b`,
    String.raw`\|\|${S}*(?:lpad|rpad|char|chr|concat|substr|ascii|user|version)${S}*\(`,
    String.raw`'${S}*(?:<<|>>|rlike|regexp|div|!=|<>|\^)${S}*['\d(a-z]`,
    String.raw`(?:ascii|ord|hex|unhex|length|char|conv|lpad|rpad|md5|sha1|lower|upper)${S}*\(${S}*(?:substr|substring|mid|version|user|database|hex|conv|\(?${S}*select)`,
    String.raw`(?:substr|substring|mid)${S}*\(${S}*(?:version|user|database|@@|password|passwd|table_name|column_name|\(?${S}*select)`,
    String.raw`(?:version|user|database|schema|current_user|system_user|session_user|current_database|connection_id|last_insert_id)${S}*\(${S}*\)`,
    String.raw`@@(?:version|datadir|hostname|basedir|tmpdir|servername)|information_schema|load_file|into${S}+(?:out|dump)file|xp_cmdshell|sp_executesql|exec(?:${S}+|${S}*\()(?:master|xp_|sp_|@)`,
    String.raw`waitfor${S}+delay|(?:pg_)?sleep${S}*\(${S}*\d|benchmark${S}*\(|extractvalue${S}*\(|updatexml${S}*\(|dbms_pipe|utl_(?:inaddr|http)|sysobjects|syscolumns|sysdatabases|sqlite_master|mysql\.user|all_users|all_tables|pg_catalog`,
    String.raw`;${S}*(?:drop|shutdown|declare|exec|execute|truncate|alter)\b|;${S}*(?:insert${S}+into|delete${S}+from|update${S}+[a-z_.\x60]+${S}+set|create${S}+(?:table|user|database|function|procedure))${S}|declare${S}*@|(?:order|group)${S}+by${S}+\d+${S}*(?:--|#|/\*|$|,)`,
  ],
};

/** Cross-site scripting on the XSS fold: tags, script URLs, event handlers (named: `on` alone is in ordinary words), entity forms. */
const XSS_PATTERN: PatternFold = {
  removes: XSS.removes,
  patterns: [
    String.raw`<\??(?:[a-z]+:)?(?:script|iframe|svg|object|embed|math|base|meta|isindex|frameset|xss|form|dialog|style|link|import|vmlframe|video|audio|body|input|details|marquee|textarea|button|keygen|applet)|-moz-binding|url\(javascript|\+adw-|(?:java|vb)script(?::|&(?:58|x3a|colon))|data:text/html|on(?:error|load|mouse[a-z]+|focus[a-z]*|click|toggle|begin|animation[a-z]+|pointer[a-z]+|blur|input|change|key(?:down|up|press)|wheel|scroll|resize|start|auxclick|dblclick|contextmenu|submit|reset|pageshow|pagehide|hashchange|message|popstate|transition[a-z]+|play|playing|canplay[a-z]*|loadstart|loadeddata|drag[a-z]*|drop|copy|paste|cut|beforeunload|unload|show|afterprint|beforeprint|abort|invalid|finish|ended|timeupdate|volumechange|seeked|seeking|durationchange|readystatechange|webkit[a-z]+)=|srcdoc=|formaction=|xlink:href|expression\(|&(?:lt|x3c|6)(?:script|iframe|svg|img|object|embed)|fromcharcode|document\.(?:cookie|domain|write)`,
  ],
};

/**
 * Cross-site scripting on the decoded text with its whitespace (word boundaries matter here): any
 * event handler inside a tag or after a quote that closes an attribute, and the script sinks
 * payloads call.
 */
const XSS_SPACED_PATTERN: PatternFold = {
  removes: '',
  patterns: [
    String.raw`<[a-z][^>]*?[\s"'/]on[a-z]{3,30}\s*=|[\s"']on[a-z]{3,30}\s*=\s*\S|(?:^|[^a-z0-9_.])(?:alert|prompt|confirm)\s*(?:\(|\x60)|(?:^|[^a-z0-9_.])(?:eval|settimeout|setinterval|atob|btoa)\s*\(|new\s+function\s*\(|\.call\s*\x60`,
  ],
};

/** Traversal after decoding to a fixed point: a dot-dot segment followed by more path (`the ../ notation` in prose is not). */
const TRAVERSAL_PATTERN: PatternFold = {
  removes: '',
  patterns: [String.raw`\.\.[/\\;]+(?:[^\s]|$)|[/\\]\.\.$|/etc/(?:passwd|shadow|group|hosts)|(?:win|boot|system)\.ini|/proc/self/|c:\\windows`],
};

const OVERLONG_PATTERN: PatternFold = {
  removes: '',
  raw: true,
  // Overlong UTF-8 (lead bytes C0, C1, E0 80, F0 80, F8 80, FC 80 never start valid UTF-8 for these
  // characters), IIS %u slashes and dots, and `0x2f`-style spelled-out slashes after dots.
  patterns: [
    String.raw`(?:%|%25)(?:c[01]|(?:e0|f0|f8|fc)(?:(?:%|%25)80)+)(?:%|%25)(?:ae|af|2e|2f|5c|9c|1c|8s|qf|ee|fe)|%c0\.|%u(?:2215|2216|ff0e|efc8|f025)|\.\.0x(?:2f|5c)`,
  ],
};

const PATTERN_FOLDS: Readonly<Record<AttackClass, readonly PatternFold[]>> = {
  sqlInjection: [SQL_PATTERN],
  crossSiteScripting: [XSS_PATTERN, XSS_SPACED_PATTERN],
  pathTraversal: [TRAVERSAL_PATTERN, OVERLONG_PATTERN],
};

const FOLDS: Readonly<Record<AttackClass, readonly Fold[]>> = {
  // The short digit-keeping fold first: a plan short of rules drops the tail of the keyword terms.
  sqlInjection: [SQL_KEEP_DIGITS, SQL_KEYWORDS],
  crossSiteScripting: [XSS],
  pathTraversal: [TRAVERSAL_DECODED, TRAVERSAL_OVERLONG],
};

/** What a class reads on a plan, and what it cannot see there. */
export interface AttackScope {
  /** Rules language fields concatenated, in order. */
  readonly fields: readonly string[];
  /** Plain-words names of what is read, for the rule's description. */
  readonly inspects: readonly string[];
  /** Plain-words names of what the class asks for that this plan cannot read. */
  readonly unseen: readonly string[];
}

/**
 * The fields a class reads on a plan: the path as sent (`raw.http.request.uri.path`, since
 * Cloudflare's URL normalization removes dot segments from `http.request.uri.path` before rules
 * read it: https://developers.cloudflare.com/rules/normalization/how-it-works/), the raw query,
 * and where the class reads cookies also the User-Agent and Referer (the headers applications log
 * and store); the body only on Enterprise (http.request.body.raw "Requires a Cloudflare Enterprise
 * plan": https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/http.request.body.raw/).
 */
export function attackScope(fields: readonly RequestField[], plan: Plan): AttackScope {
  const has = (type: RequestField['type'], name?: string) =>
    fields.some((f) => f.type === type && (name === undefined || (f.type === 'header' && f.name === name)));
  const cookies = has('header', 'cookie') || has('cookie');
  const body = has('body');
  const bodySeen = body && planAtLeast(plan, 'enterprise');
  const parts: [boolean, string, string][] = [
    [has('path'), 'raw.http.request.uri.path', 'path'],
    [has('query'), 'raw.http.request.uri.query', 'query string'],
    [cookies, 'http.cookie', 'cookies'],
    [cookies || has('userAgent'), 'http.user_agent', 'User-Agent'],
    [cookies, 'http.referer', 'Referer'],
    [bodySeen, 'http.request.body.raw', 'body'],
  ];
  const read = parts.filter(([used]) => used);
  // From Business up the patterns read every header value (patternComparison), not only these three.
  const everyHeader = PLANS[plan].regex && cookies;
  const words = read.map(([, , text]) => text).filter((text) => !everyHeader || !['cookies', 'User-Agent', 'Referer'].includes(text));
  if (everyHeader) words.splice(2, 0, 'every header (cookies, User-Agent and Referer included)');
  return {
    fields: read.map(([, name]) => name),
    inspects: words,
    unseen: body && !bodySeen ? ['request bodies (they need Enterprise)'] : [],
  };
}

/** One rule's worth of a class: the expression and how many of the class's terms it holds. */
export interface AttackChunk {
  readonly expression: Expression;
  /** How many terms or patterns it holds. */
  readonly terms: number;
}

/**
 * The detections of a class on a plan, split into expressions of at most 4,096 characters (the
 * Rules language limit: https://developers.cloudflare.com/ruleset-engine/rules-language/expressions/):
 * from Business up one `matches` per fold; below it one `contains` per term, as many per
 * expression as fit, in the order of the term lists.
 */
export function attackChunks(attack: AttackClass, fields: readonly RequestField[], plan: Plan): AttackChunk[] {
  const scope = attackScope(fields, plan);
  if (scope.fields.length === 0) return [];
  const comparisons = PLANS[plan].regex
    ? PATTERN_FOLDS[attack].flatMap((fold) => fold.patterns.map((pattern) => patternComparison(fold, pattern, scope.fields)))
    : FOLDS[attack].flatMap((fold) => fold.terms.map((term) => compare(subject(fold, scope.fields), term.includes('*') ? 'wildcard' : 'contains', str(term))));
  const chunks: AttackChunk[] = [];
  let current: Expression[] = [];
  for (const comparison of comparisons) {
    if (current.length > 0 && printExpression(or(...current, comparison)).length > MAX_EXPRESSION_LENGTH) {
      chunks.push({ expression: or(...current), terms: current.length });
      current = [];
    }
    current.push(comparison);
  }
  if (current.length > 0) chunks.push({ expression: or(...current), terms: current.length });
  return chunks;
}

/** The headers the concatenation reads below Business; from Business up every header value is read instead. */
const HEADER_FIELDS = ['http.cookie', 'http.user_agent', 'http.referer'];

/**
 * A pattern over the fields, and where they include headers, over every header value (each
 * decoded and folded on its own, with `any()`): a payload in a header the application reads
 * (X-Forwarded-For, a search header) is seen too. Business and up only: the patterns are what
 * makes the doubled text affordable.
 */
function patternComparison(fold: PatternFold, pattern: string, fields: readonly string[]): Expression {
  const inRequest = fields.filter((name) => !HEADER_FIELDS.includes(name));
  if (inRequest.length === fields.length || fold.raw) return compare(subject(fold, fields), 'matches', str(pattern));
  const each: Operand = { ...subject(fold, ['http.request.headers.values']), indexes: [{ kind: 'all' }] };
  return or(compare(subject(fold, inRequest), 'matches', str(pattern)), predicate(call('any', compare(each, 'matches', str(pattern)))));
}

/** The folded text a fold compares: concatenated once, decoded to a fixed point, stripped, lowercased. */
function subject(fold: Fold | PatternFold, fields: readonly string[]): Operand {
  const joined =
    fields.length === 1
      ? field(fields[0], ...(fields[0] === 'http.request.headers.values' ? [{ kind: 'all' } as const] : []))
      : call('concat', ...fields.map((name) => field(name)));
  if (fold.raw) return call('lower', joined);
  const decoded = call('url_decode', joined, str('ur'));
  return call('lower', fold.removes.length > 0 ? call('remove_bytes', decoded, str(fold.removes)) : decoded);
}
