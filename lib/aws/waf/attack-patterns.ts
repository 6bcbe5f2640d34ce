// The regular expressions of Bulwark's AWS attack rules, one list per attack class. They run
// after ATTACK_DECODE (URL-decoded twice, HTML entities decoded, lower-cased), so they are written
// in lower case and see double-encoded, %u-encoded and entity-encoded payloads in clear.
//
// AWS WAF limits (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html and
// https://docs.aws.amazon.com/waf/latest/developerguide/waf-regex-pattern-support.html): a regex
// pattern set holds at most 10 patterns of at most 200 characters; no capturing groups or
// backreferences (every group here is `(?:…)`), no lookaround. RE2 syntax, which both accept.
//
// Comments and white space are folded by the patterns, not by REPLACE_COMMENTS: that
// transformation turns MySQL's executable comment `/*!50000union*/` into a space, hiding the
// keyword it carries, while a pattern can treat `/*!50000` and `*/` as separators.

/** Maximum characters of a pattern in a regex pattern set. */
export const MAX_PATTERN_SET_REGEX_LENGTH = 200;
/** Maximum patterns in a regex pattern set. */
export const MAX_PATTERN_SET_REGEXES = 10;
/** Maximum characters of a RegexMatchStatement's RegexString. */
export const MAX_REGEX_STRING_LENGTH = 512;

/**
 * One SQL separator character: white space, a parenthesis, or a character of a comment's
 * opening or closing (`/*`, `/*!50000`, `*\/`), so `union/**\/select` and `/*!union*\/` fold.
 */
const SP = String.raw`[\s()/*!]`;
/**
 * A separator that also skips comments with content (`/*x*\/`) and line comments (`#x` then a
 * newline, which COMPRESS_WHITE_SPACE has made a space).
 */
const SEP = String.raw`(?:[\s()/*!\d]|/\*.*?\*/|(?:--|#)\S*\s)`;

/** An entry: the regular expression and what it catches, so every rule is explainable. */
export interface AttackPattern {
  readonly regex: string;
  readonly catches: string;
}

export const SQL_INJECTION_PATTERNS: readonly AttackPattern[] = [
  {
    catches: 'UNION-based: UNION [ALL|DISTINCT] SELECT followed by a column list, a literal, a function call or FROM',
    regex: String.raw`(?:\b|\d)union${SEP}+(?:(?:all|distinct)${SP}+)?select\b${SP}*(?:[\d'"@*(-]|null\b|[a-z_]\w*\(|[\w.$,\s\x60]*\bfrom\b)`,
  },
  {
    catches: "Boolean tautology after a closing quote or parenthesis: ' OR 1=1, ') OR ('a'='a, \" || \"\"=\", ' AND x LIKE y",
    regex: String.raw`['"\x60)]${SP}*(?:\b(?:or|and|xor|div)\b|\|\||&&)${SP}*(?:[\w'"@.-]+${SP}*(?:[=<>!]|\b(?:r?like|regexp|between|sounds)\b|is${SP}+(?:not${SP}+)?null)|(?:true|false|null)\b)`,
  },
  {
    catches:
      "Numeric tautology: OR 1=1, AND 2<>3, HAVING 1 LIKE 1; a quote closed then commented out: admin'--, 1')# (a word before the quote, so a lone '# in prose is not); any MySQL executable comment /*!50000…*/ opening on a keyword",
    regex: String.raw`\b(?:or|and|xor|having|where)\W+['"(]*\d[\d.+*/-]*['")]*\W*(?:=|<>|!=|<=>|\blike\b)\W*['"(]*[\d(]|\w['"\x60]\)*\s*;?\s*(?:--|#|/\*)[\s-]*(?:$|&)|/\*!\d*\s*[a-z(]`,
  },
  {
    catches: "Stacked DDL after a literal: 1; DROP|TRUNCATE|ALTER|CREATE TABLE|DATABASE…, '; SELECT …",
    regex: String.raw`['"\d)]${SP}*;${SP}*(?:(?:drop|truncate|alter|create)${SP}+(?:table|database|schema|user|view|procedure|function)\b|select${SP}+[\w@*'"(])`,
  },
  {
    catches: "Stacked DML or command after a literal: '; INSERT INTO, 1); DELETE FROM, ; UPDATE x SET, ; EXEC xp_…/sp_…, ; DECLARE @x, ; SHUTDOWN",
    regex: String.raw`['"\d)]${SP}*;${SP}*(?:insert${SP}+into|delete${SP}+from|update${SP}+[\w.\x60"\[\]]+${SP}+set|exec(?:ute)?${SP}*(?:xp_|sp_|master\.|\()|declare${SP}+@|shutdown)\b`,
  },
  {
    catches:
      'Time-based blind: SLEEP(n) (a number alone in the parentheses, not prose like "sleep (8 hours)"), PG_SLEEP(n), BENCHMARK(n,…), WAITFOR DELAY|TIME \'…\', DBMS_LOCK.SLEEP, DBMS_PIPE.RECEIVE_MESSAGE',
    regex: String.raw`\b(?:pg_)?sleep${SP}*\(${SP}*\d+(?:\.\d+)?${SP}*\)|\bbenchmark\s*\(\s*\d+\s*,|\bwaitfor\W+(?:delay|time)\W+['"]|\bdbms_(?:lock\.sleep|pipe\.receive_message)\b`,
  },
  {
    catches: 'Error-based: EXTRACTVALUE(, UPDATEXML(, EXP(~(, FLOOR(RAND(, GTID_SUBSET(, CONVERT(INT,, CAST(… AS INT|NUMERIC), XMLTYPE(, UTL_INADDR',
    regex: String.raw`\b(?:extractvalue|updatexml|gtid_subset|xmltype|geometrycollection)\s*\(|\bexp\s*\(\s*~|\bfloor\s*\(\s*rand\s*\(|\bconvert\s*\(\s*int\s*,|\bcast\s*\(.*\bas\s+(?:int|numeric)|\butl_inaddr\b`,
  },
  {
    catches:
      'Catalog and server probing: information_schema., @@version and other @@ variables, sysobjects, pg_catalog, sqlite_master, EXEC xp_…/sp_…, LOAD_FILE(, INTO OUTFILE|DUMPFILE',
    regex: String.raw`\binformation_schema\b|@@(?:version|datadir|hostname|basedir)\b|\b(?:sysobjects|pg_catalog|pg_shadow|sqlite_master|mysql\.user)\b|\bexec\W+[xs]p_|\bload_file\s*\(|\binto\s+(?:out|dump)file\b`,
  },
  {
    catches: 'Blind subqueries and probes after AND/OR: AND ASCII(SUBSTRING(…)), OR EXISTS(SELECT…), = (SELECT …), ORDER BY n after a literal, CHAR(n)+CHAR(n)',
    regex: String.raw`\b(?:and|or)${SP}+(?:ascii|substr\w*|mid|ord|length|exists|if|char)${SP}*\(|[=,]${SP}*\(${SP}*select\b|(?:^|[='"\d)])${SP}*(?:order|group)\W+by\W+\d|char\(\d+\)\s*[+|]`,
  },
  {
    catches: 'Subqueries and nested probes: (SELECT … FROM, ASCII|ORD|HEX(SUBSTRING(…)), MSSQL dynamic SQL: DECLARE @x, EXEC(@x), CAST(0x… AS …)',
    regex: String.raw`\(${SP}*select\b.{0,80}?\bfrom\b|\b(?:ascii|ord|hex|unhex|conv|char)\W*\(\W*(?:substr\w*|mid|left|right|version|user)\b|\bdeclare\W+@\w|\bexec(?:ute)?\W*\(\W*@|\bcast\W*\(\W*0x[\da-f]{8}`,
  },
];

export const CROSS_SITE_SCRIPTING_PATTERNS: readonly AttackPattern[] = [
  {
    catches:
      'Tags that run or load script: <script, <iframe, <object, <embed, <applet, <meta, <base, <frame(set), <svg, <math, <isindex, <template, <xss, and their closing forms',
    regex: String.raw`<\s*/?\s*(?:script|iframe|object|embed|applet|meta|base|frameset|frame|svg|math|isindex|template|xss|import|portal)\b`,
  },
  {
    catches: 'An event handler attribute inside a tag: <img src=x onerror=…, <body onload=…, <details open ontoggle=…',
    regex: String.raw`<[a-z][^>]*[\s/'"\x60]on[a-z]{3,}\s*=`,
  },
  {
    catches: 'An event handler injected after breaking out of an attribute: " onmouseover=…, \' autofocus onfocus=…',
    regex: String.raw`['"\x60][^<>=]*?[\s/]on[a-z]{3,}\s*=`,
  },
  {
    catches:
      'javascript:, vbscript: and livescript: URIs, also with white space or entities (&colon;) inside the scheme, followed by code (not prose: "JavaScript: The Good Parts")',
    regex: String.raw`(?:j\s*a\s*v\s*a|v\s*b|l\s*i\s*v\s*e)\s*s\s*c\s*r\s*i\s*p\s*t\s*(?::|&colon;)(?:[^\s]|\s+[\w.$]+\s*[(\x60])`,
  },
  {
    catches: 'data: URIs carrying HTML or script: data:text/html, data:application/javascript|xhtml, data:text/javascript|xml',
    regex: String.raw`\bdata\s*:\s*(?:text/(?:html|javascript|xml|xsl)|application/(?:x-)?(?:javascript|ecmascript|xhtml)|image/svg[\s+]xml[;,])`,
  },
  {
    catches: 'Script sinks and DOM access: document.cookie|domain|write, window.location, String.fromCharCode(, eval(atob(, constructor("…")',
    regex: String.raw`\bdocument\s*\.\s*(?:cookie|domain|write|location)\b|\bwindow\s*\.\s*location\b|\bfromcharcode\s*\(|\beval\s*\(\s*(?:atob|unescape|string)\b|\bconstructor\s*\(\s*['"\x60]`,
  },
  {
    catches:
      'Breaking out of a JavaScript string into a call: \';alert(1)//, "-prompt`1`-", \'+confirm(1)+\'; alert|prompt|confirm called on a literal, document or window (not prose: "confirm (your email)")',
    regex: String.raw`['"\x60]\s*[;+\-*/|&,]\s*(?:alert|prompt|confirm|eval|print|settimeout|setinterval|import)\s*[(\x60]|\b(?:alert|prompt|confirm)(?:\x60|\(\s*(?:[\d'"\x60/)]|document|window))`,
  },
  {
    catches: 'CSS script vectors: expression( and -moz-binding/behavior: url( in style, and <style>…@import',
    regex: String.raw`style\s*=[^>]*\bexpression\s*\(|:\s*expression\s*\(|-moz-binding\s*:|\bbehavior\s*:\s*url\s*\(|<\s*style\b[^>]*>[^<]*@import`,
  },
  {
    catches:
      'Markup that smuggles script: <![CDATA[, <?xml-stylesheet, srcdoc=, formaction=; HTML5 entities HTML_ENTITY_DECODE leaves (&tab; &newline; &colon; &lpar;), which split javascript: or a call',
    regex: String.raw`<!\[cdata\[|<\?xml-stylesheet|\bsrcdoc\s*=|\bformaction\s*=|&(?:tab|newline|colon|lpar|rpar|grave|lt|gt);`,
  },
];

export const PATH_TRAVERSAL_PATTERNS: readonly AttackPattern[] = [
  {
    catches:
      '.. (or ...., the filter-stripping form) as a path segment followed by a slash, backslash, %u2215/%u2216 or a ;parameter (..;/ for Tomcat and Jetty): ../, ..\\, ..;/, ....//',
    regex: String.raw`(?:^|[/\\=&?;:'",])\.{2,}(?:;[^/\\]*|\x00)?[/\\\x15\x16\x{2215}\x{2216}]`,
  },
  {
    catches: '.. as the last segment of a path or value: /a/.., ?dir=..',
    regex: String.raw`(?:^|[/\\=])\.\.(?:;[^/\\&]*)?(?:$|&|\x00)`,
  },
  {
    catches: 'Well-known targets named as an absolute path: /etc/passwd|shadow, /proc/self/, win.ini, boot.ini, WEB-INF/web.xml',
    regex: String.raw`(?:^|[/\\=:'"])(?:etc[/\\](?:passwd|shadow|group)\b|proc[/\\]self[/\\]|(?:windows|winnt)[/\\](?:win\.ini|system32[/\\])|boot\.ini\b|web-inf[/\\]web\.xml)`,
  },
  {
    catches:
      '.. then, within 40 characters, a well-known target, whatever junk stands for the slashes (dotdotpwn forms: ..%uEFC8, ..0x2f, ..%c0%af decoded, ..\\x01): ..0x2f..0x2fetc/passwd, ..%bg%qfboot.ini',
    regex: String.raw`\.\..{0,40}?(?:etc(?:\W{1,6}|0x[25][cf])(?:passwd|shadow|issue|group|hosts)\b|(?:boot|win)\.ini\b|system32\b|\.ht(?:access|passwd)\b)`,
  },
  {
    catches: 'PHP stream wrappers that read local files: php://filter|input, phar://, zip://, expect://',
    regex: String.raw`\b(?:php|phar|zip|expect|glob)://`,
  },
];

/**
 * Overlong UTF-8 in its percent-encoded form (once or twice encoded): lead bytes C0 and C1, and
 * E0 80–9F / F0 80–8F, never start valid UTF-8, and %c0%ae / %c0%af are `.` and `/` to decoders that
 * accept them. Matched on the raw value: decoding turns the bytes into invalid UTF-8 that a
 * regex cannot name reliably.
 */
export const OVERLONG_UTF8_PATTERN: AttackPattern = {
  catches: 'overlong UTF-8 percent-encodings such as %c0%ae, %c0%af, %c1%9c, %e0%80%ae, also double-encoded (%25c0%25ae)',
  regex: String.raw`%(?:25)?(?:c[01]%(?:25)?\w\w|e0%(?:25)?[89]\w%(?:25)?\w\w|f0%(?:25)?8\w%(?:25)?\w\w%(?:25)?\w\w)`,
};
