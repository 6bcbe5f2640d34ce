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
/**
 * Between keywords that cannot be split by a number: any non-word character, or a comment with
 * one word inside (`drop/*x*\/table`, `insert /*x*\/into`).
 */
const C = String.raw`(?:\W|/\*\w*\*/)`;

/** An entry: the regular expression and what it catches, so every rule is explainable. */
export interface AttackPattern {
  readonly regex: string;
  readonly catches: string;
}

export const SQL_INJECTION_PATTERNS: readonly AttackPattern[] = [
  {
    catches: 'UNION-based: UNION [ALL|DISTINCT] SELECT followed by a column list, a literal, a function call, FROM, or nothing more (a cut-off probe)',
    regex: String.raw`(?:\b|\d)union${SEP}+(?:(?:all|distinct)${SP}+)?select\b${SEP}*(?:[\d'"@*(-]|null\b|[a-z_]\w*\(|[\w.$,\s\x60'"]*\bfrom\b|$)`,
  },
  {
    catches:
      "Boolean tautology after a closing quote or parenthesis: ' OR 1=1, ') OR ('a'='a, \" || \"\"=\", ' AND x LIKE y, ' OR 1 -- (a number then a comment)",
    regex: String.raw`['"\x60)]${SP}*(?:\b(?:or|and|xor|div)\b|\|\||&&)${SP}*(?:[\w'"@.-]+${SP}*(?:[=<>]|!=|\b(?:r?like|regexp|between)\b|is\W+(?:not\W+)?null)|(?:true|false|null)\b|\d+\W*(?:--|#))`,
  },
  {
    catches:
      "Numeric tautology, also with comments between: OR 1=1, AND 2<>3, and--x 9=9; a quote closed then commented out: admin'--, 'a' ) --; a MySQL executable comment /*!50000…*/ opening on a keyword",
    regex: String.raw`\b(?:or|and|xor|having|where)(?:\W|[-#]\S*\s)+['"(]*\d[\d.+*/-]*['")]*\W*(?:=|<>|!=|<=>|\blike\b)\W*['"(]*[\d(]|\w['"\x60][\s)]*;?\s*(?:--|#|/\*)[\s-]*(?:$|&)|/\*!\d*\s*[a-z(]`,
  },
  {
    catches:
      "Stacked statements after a literal or at a value's start: 1; DROP|TRUNCATE|CREATE TABLE…, 1; SELECT @x|*|'…'|f(…), '; SELECT x, ; DELETE FROM, ; UPDATE x SET, ; EXEC(…) (a word after ; SELECT only after a quote: not prose like \"size 8; select yours\")",
    regex: String.raw`(?:^|['"\d)=])\W*;${C}*(?:(?:drop|truncate|create)${C}+(?:table|database|user)\b|select\W+(?:[@*'"\d]|\w+\()|delete\W+from|update\W+\S+\W+set\b|exec\W*\()|['"];\W*select\W+\w`,
  },
  {
    catches:
      'Whole statements, in the shape only SQL has (not prose like "insert into the slot" or "create table plans"): INSERT INTO t(…) VALUES, CREATE TABLE t (col INT|TEXT|VARCHAR, DECLARE @x, ALTER TABLE t ADD c INT|TEXT|VARCHAR',
    regex: String.raw`\binsert${C}+into\W+\S+\W*(?:\([^)]*\)\W*)?values\b|\bcreate\W+table\W+\S+\s*\(\s*\w+\s+(?:int|text|varchar)\b|\bdeclare\W+@|\balter\W+table\W+\S+\W+add\W+\S+\W+(?:int|text|varchar)\b`,
  },
  {
    catches:
      'Time-based blind: SLEEP(n) and SLEEP(n div|mod|*|% m) (a number, not prose like "sleep (8 hours)"), SELECT SLEEP(, PG_SLEEP (not "select sleep mode"), BENCHMARK(n,…), WAITFOR DELAY|TIME \'…\', DBMS_LOCK.SLEEP, DBMS_PIPE.RECEIVE_MESSAGE',
    regex: String.raw`\bsleep\W*\(\W*-?\d+\W*(?:(?:div|mod|[*%^]|\s-)\W*\d+\W*)?\)|\bpg_sleep\b|\bselect\W+sleep\W*\(|\bbenchmark\W*\(\W*\d[\d/*]*,|\bwaitfor\W+(?:delay|time)\W+['"]|\bdbms_(?:lock\.sleep|pipe\.receive)`,
  },
  {
    catches:
      "Error-based and dynamic SQL: EXTRACTVALUE(, UPDATEXML(, EXP(~(, FLOOR(RAND(, GTID_SUBSET(, CONVERT(INT,, XMLTYPE(, UTL_INADDR, EXECUTE IMMEDIATE '…', PROCEDURE ANALYSE; a JSON path after ->: -> '$.x'",
    regex: String.raw`\b(?:extractvalue|updatexml|gtid_subset|xmltype)\W*\(|\bexp\W*\(\W*~|\bfloor\W*\(\W*rand|\bconvert\W*\(\W*int\W*,|\butl_inaddr\b|\bexecute\W+immediate\W+['":]|\bprocedure\W+analyse|->>?\W*'\$[.\[]`,
  },
  {
    catches:
      'Catalog and server probing: information_schema, @@version and other @@ variables (after a space or symbol: a typo like jo@@mail.com is not), sysobjects|sysusers|syscolumns, pg_catalog, pg_shadow, sqlite_master, xp_cmdshell, EXEC sp_…, master..x, LOAD_FILE(, CURRENT_SETTING(, LO_IMPORT(|LO_GET(…',
    regex: String.raw`information_schema|\B@@[a-z_]{4}|\bsys(?:objects|users|columns)\b|\b(?:pg_catalog|pg_shadow|sqlite_master|xp_cmdshell)\b|\bexec\W+[xs]p_|master\.\.\w|\b(?:load_file|current_setting|lo_\w+)\W*\(`,
  },
  {
    catches:
      "Subqueries and file access: (SELECT … FROM, ORDER|GROUP BY n then a comma, comment or the value's end (not prose: q=order by 5pm), HAVING (1 OR …, SELECT … FROM t WHERE cut off, INTO OUTFILE|DUMPFILE",
    regex: String.raw`\(\W*select\b.{0,80}\bfrom\b|(?:^|[='\d)/])\W*(?:order|group)\W+by\W+\d+\W*(?:[,&#]|--|$)|having\W*\(\W*(?:\d+|true)\W+(?:or|and)\b|\bselect\b.*\bfrom\W+\w+\W+where\W*(?:$|&)|\binto\W+(?:out|dump)file`,
  },
  {
    catches:
      "Nested probes and casts: ASCII|HEX|CHAR(SUBSTRING|VERSION…), f(VERSION()), SELECT @@x|VERSION()|IF(…|IIF(…|CONCAT(…|SESSION_USER, EXEC(@x), PostgreSQL casts '…'::jsonb, x::int (not ::text, which CSS selector code has)",
    regex: String.raw`\b(?:ascii|hex|char)\W*\(\W*(?:substr|mid|version|user)|\w\((?:version|database)\(\)|\bselect\W+(?:@@|(?:version|i?if|char|count|\w*concat|\w+_\w+)\(|\w+_user)|\bexec\w*\W*\(@|::(?:jsonb?|int)\b`,
  },
];

export const CROSS_SITE_SCRIPTING_PATTERNS: readonly AttackPattern[] = [
  {
    catches:
      'Tags that run, load or restyle content: <script, <iframe, <object, <embed, <applet, <meta, <base, <style, <body, <frame(set), <svg, <math, <isindex, <template, <xss, <v:vmlframe, <xsl:stylesheet, and their closing forms',
    regex: String.raw`<\s*/?\s*(?:\w*:)?(?:script|iframe|object|embed|applet|meta|base|style|body|frameset|frame|svg|math|isindex|template|xss|import|portal|vmlframe|stylesheet)\b`,
  },
  {
    catches:
      'An event handler attribute inside a tag (<img src=x onerror=…, <body onload=…) or after breaking out of an attribute (" onmouseover=…, \' autofocus onfocus=…)',
    regex: String.raw`(?:<[a-z][^>]*[\s/'"\x60]|['"\x60][^<>=]*?[\s/])on[a-z]{3,}\s*=`,
  },
  {
    catches:
      'HTML <link rel=…> (a stylesheet or import; not JSX <Link href>), SVG <image … xlink (not JSX <Image src>); tag names spelt with spaces, which some parsers join: <f o r m, <d i a l o g; JSFuck-style ![]+[]; a function called as a tagged template: x.call`…`',
    regex: String.raw`<link\b[^>]*\brel\b|<image\b[^>]*\bxlink|<[a-z](?: [a-z]){3}\b|!\[\][\s+]*\[\]|\.(?:call|apply)\s*\x60`,
  },
  {
    catches:
      'javascript:, vbscript: and livescript: URIs, also with white space or entities (&colon;) inside the scheme, followed by code (not prose: "JavaScript: The Good Parts"); Netscape\'s mocha: as a tag\'s attribute value (not a query value such as q=mocha: latte)',
    regex: String.raw`(?:j\s*a\s*v\s*a|v\s*b|l\s*i\s*v\s*e)\s*s\s*c\s*r\s*i\s*p\s*t\s*(?::|&colon;)(?:[^\s]|\s+[\w.$]+\s*[(\x60])|<[^>]*=\W*mocha:`,
  },
  {
    catches:
      'data: URIs carrying HTML or script: data:text/html, data:application/javascript|xhtml, data:text/javascript|xml, data:…,<markup (a tag, not a comparison: data: 12, <5)',
    regex: String.raw`\bdata\s*:\s*(?:text/(?:html|javascript|xml|xsl)|application/(?:x-)?(?:javascript|ecmascript|xhtml)|image/svg[\s+]xml[;,])|\bdata\s*:[\w\s/+.;=-]*,\s*<[a-z!?/]`,
  },
  {
    catches:
      'Script sinks and DOM access, also through brackets and comments: document.cookie|domain|write|location, (document)["cookie"], document /**/ . cookie (a space after the dot only with one before it: prose "the document. Cookies …" passes), String.fromCharCode(, eval(atob(, constructor("…")',
    regex: String.raw`\bdocument(?:[)\]\s'"]|/\*.*?\*/)*(?:\s\.\s*|[.\[])(?:['"]|/\*.*?\*/)*(?:cookie|domain|write|location)\b|\bfromcharcode\s*\(|\beval\s*\(\s*(?:atob|unescape)\b|\bconstructor\s*\(\s*['"\x60]`,
  },
  {
    catches:
      'Breaking out of a JavaScript string into a call: \';alert(1)//, "-prompt`1`-", \'+confirm(1)+\'; alert|prompt|confirm called on a literal, document or window (not prose: "confirm (your email)")',
    regex: String.raw`['"\x60]\s*[;+\-*/|&,]\s*(?:alert|prompt|confirm|eval|print|settimeout|setinterval|import)\s*[(\x60]|\b(?:alert|prompt|confirm)(?:\x60|\(\s*(?:[\d'"\x60/)]|document|window))`,
  },
  {
    catches:
      'Indirect calls that hide the function name: (alert)(1), [1].find(alert), ${alert}, top["al"+"ert"](1), self[…](…); letters written as JavaScript escapes: al\\u0065rt, \\u{61}',
    regex: String.raw`(?:[.\w]\(|\$\{)\s*(?:alert|prompt|confirm|eval)\b|\(\s*(?:alert|prompt|confirm|eval)\s*\)\s*\(|\b(?:top|self|window|parent)\s*\[[^\]]*\]\s*\(|\\u(?:00|\{0*)(?:[46][1-9a-f]|[57][0-9a])`,
  },
  {
    catches:
      'CSS script vectors: expression( and -moz-binding/behavior: url( in style, <style>…@import, markup in CSS escapes (\\3cimg src=x\\3e; a lone \\3c is a path like C:\\3com)',
    regex: String.raw`style\s*=[^>]*\bexpression\s*\(|:\s*expression\s*\(|-moz-binding\s*:|\bbehavior\s*:\s*url\s*\(|<\s*style\b[^>]*>[^<]*@import|\\0{0,4}3c.*?\\0{0,4}3e`,
  },
  {
    catches:
      'Markup that smuggles script or documents: <![CDATA[, <?xml-stylesheet, <?import, xi:include, srcdoc=, formaction=; HTML5 entities HTML_ENTITY_DECODE leaves (&tab; &newline; &colon; &lpar;), which split javascript: or a call; <!ENTITY declarations (external entities); window.location',
    regex: String.raw`<!\[cdata\[|<\?(?:xml-stylesheet|import)|\bxi:include\b|\bsrcdoc\s*=|\bformaction\s*=|&(?:tab|newline|colon|lpar|rpar|grave|lt|gt);|<!entity\b|\bwindow\.location\b`,
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
 * E0 80–9F / F0 80–8F, never start valid UTF-8, nor do F8–FC followed by continuation bytes (the
 * 5- and 6-byte forms of old decoders), and %c0%ae / %c0%af are `.` and `/` to decoders that
 * accept them. Matched on the raw value: decoding turns the bytes into invalid UTF-8 that a
 * regex cannot name reliably. For the URI path and query string, where nothing legitimate sends them.
 */
export const OVERLONG_UTF8_PATTERN: AttackPattern = {
  catches: 'overlong UTF-8 percent-encodings such as %c0%ae, %c0%af, %c1%9c, %e0%80%ae, %f8%80%80%80%ae, also double-encoded (%25c0%25ae)',
  regex: String.raw`%(?:25)?(?:c[01]%(?:25)?\w\w|e0%(?:25)?[89]\w%(?:25)?\w\w|f0%(?:25)?8\w%(?:25)?\w\w%(?:25)?\w\w|f[89a-c]%(?:25)?8\w%(?:25)?8\w)`,
};

/**
 * The overlong forms of `.`, `/` and `\` alone (%c0%ae, %c0%af, %c1%9c, %e0%80%ae,
 * %f0%80%80%af, …), for cookies and bodies: a URL-encoded binary value (a token, a Latin-1 form
 * post where %C0 is À) may hold any %c0%xx pair, but these exact sequences only spell a path.
 */
export const OVERLONG_UTF8_SEPARATOR_PATTERN: AttackPattern = {
  catches:
    'overlong UTF-8 percent-encodings of a dot, slash or backslash: %c0%ae, %c0%af, %c1%9c, %e0%80%af, %f0%80%80%ae, %f8%80%80%80%ae, also double-encoded',
  regex: String.raw`%(?:25)?(?:c0%(?:25)?[a2][ef]|c1%(?:25)?[19]c|e0%(?:25)?80%(?:25)?a[ef]|f[08]%(?:25)?80%(?:25)?80%(?:25)?(?:80%(?:25)?)?a[ef])`,
};
