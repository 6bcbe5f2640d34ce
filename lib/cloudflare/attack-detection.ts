import type { AttackClass, RequestField } from '../policy/model';
import type { Expression, Operand } from './expression/ast';
import { call, compare, field, or, str } from './expression/build';
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

/**
 * The separator between joined header values and between the fields: a control byte no fold
 * removes and no term or pattern contains, so the end of one value and the start of the next
 * never read as one word.
 */
const HEADER_SEPARATOR = '\x01';

/** Whitespace and comment delimiters only: keeps digits, quotes and parentheses for `or1=1` and `sleep(`. */
const SQL_KEEP_DIGITS_REMOVES = `${WHITESPACE}/*\``;

/** Also digits, parentheses, `!`, `+`, `-` and `#`, so MySQL version comments and `union(select` fold too. */
const SQL_KEYWORDS_REMOVES = `${WHITESPACE}/*\`!()+-#0123456789`;

/**
 * SQL injection, in two tiers, each most telling first (a plan short of rules keeps a prefix, so
 * the first tier holds the broad families: quote breaks, UNION SELECT, blind timing, executable
 * comments). On the keyword fold a quote, a boolean operator and a compared operand (`'or=`,
 * `'or'…'='`) is a quote break whatever the spacing, comments and numbers.
 */
const SQL_KEYWORDS_FIRST: Fold = {
  removes: SQL_KEYWORDS_REMOVES,
  terms: [
    // Quote break, boolean operator, then a compared operand (O'Brien, d'Artagnan lack the operator;
    // a quoted search, "'rock' or 'pop'", lacks the comparison; inch marks, 16" or 18", the `=`).
    "'or=",
    "*'or'*'='*",
    "'and=",
    "*'and'*'='*",
    '"or=',
    '*"or"*"="*',
    // An injected SELECT names columns, system variables or functions, or a FROM (a wildcard, every plan).
    'unionallselect',
    'uniondistinctselect',
    'unionselect,',
    'unionselectnull',
    "unionselect'",
    'unionselect@',
    // A select list then FROM: a comma or nothing between (digits are removed), which "the union
    // selected from its members" lacks.
    '*unionselect*,*from*',
    'unionselectfrom',
    // UNION SELECT right after a quote break (`1' UNION SELECT password FROM users`).
    "'unionselect",
    '"unionselect',
    'select@@',
    '@@version',
    'information_schema',
    'xp_cmdshell',
    // Time-based blind: WAITFOR DELAY with a quoted time.
    "waitfordelay'",
    // Column counting: ORDER BY and a number that ends the value (prose orders by a word).
    `orderby&`,
    `orderby${HEADER_SEPARATOR}`,
    // UNION SELECT of numbers only (digits are removed): the select list ends the value.
    'unionselect&',
    `unionselect${HEADER_SEPARATOR}`,
  ],
};

/** Tautologies, subqueries and the functions blind extraction and timing call, with their digits and parentheses. */
const SQL_DIGITS_FIRST: Fold = {
  removes: SQL_KEEP_DIGITS_REMOVES,
  terms: ['or1=1', 'and1=1', '(select', 'version()', 'database()', 'current_setting(', 'cast(0x', 'ascii('],
};

/**
 * Blind timing calls with numbers for arguments: digits and dots removed too, so `SLEEP(5)` and
 * `sleep( 0.5 )` read `sleep()` and `BENCHMARK(5000000,MD5(1))` reads `benchmark(,md(`, while
 * prose with words in the parentheses ("sleep (8 hours)", "benchmark (2024 edition)") does not;
 * SELECT SLEEP( is SQL whatever its argument.
 */
const SQL_TIMING_FIRST: Fold = {
  removes: `${SQL_KEEP_DIGITS_REMOVES}0123456789.`,
  // `now()=sysdate()`: the condition scanners' blind probes wrap their delay in (`if(now()=sysdate(),sleep(…),0)`).
  terms: ['sleep()', 'benchmark(,', 'selectsleep(', 'now()=sysdate()'],
};

/**
 * On the text as decoded: a MySQL executable comment (`/*!50000UNION*\/`, `/*!or*\/`), which no
 * prose or URL writes (a wildcard with the star escaped, `\*` being a literal star, since a term
 * with `*` is a wildcard), and UNION SELECT with a space after SELECT, then FROM ("the union
 * selected from its members" has no space after "select").
 */
const SQL_DECODED: Fold = {
  removes: '',
  terms: [String.raw`*/\*!*`, '*union select *from*', '*union all select *from*'],
};

const SQL_KEYWORDS_MORE: Fold = {
  removes: SQL_KEYWORDS_REMOVES,
  terms: [
    '"and=',
    "'||'",
    "'ortrue",
    '"ortrue',
    // A quote break compared with LIKE (`1' and '1' like '1`).
    "*'and'*'like'*",
    "*'or'*'like'*",
    "'orderby",
    "'groupby",
    '@@global.',
    // Stored procedures called after EXEC: MSSQL's sp_/xp_ families.
    'execsp_',
    'execxp_',
    'execmaster',
    '*createuser*identifiedby*',
    '*backupdatabase*todisk*',
    '*loaddata*infile*',
    'unionselectchar',
    'unionselectconcat',
    'unionselectgroup_concat',
    'load_file',
    'intooutfile',
    'intodumpfile',
    'pg_sleep',
    'extractvalue',
    'updatexml',
    ';droptable',
    ';dropdatabase',
    ';shutdown',
    ';truncate',
    ';insertinto',
    ';declare@',
    'master..sys',
    'mysql.user',
    'dbms_pipe',
    'utl_inaddr',
    'sysobjects',
    'syscolumns',
    'sqlite_master',
    'pg_catalog',
    'pg_shadow',
    ';createtable',
    // PostgreSQL casts to JSON or integers after a quoted operand (`'{"b":2}'::jsonb <@ …`).
    '::jsonb',
    "'::json",
    "'::int",
  ],
};

const SQL_DIGITS_MORE: Fold = {
  removes: SQL_KEEP_DIGITS_REMOVES,
  terms: [
    'and1=2',
    'or0=0',
    'and1=0',
    'group_concat(',
    'having1=1',
    'char(0x',
    'exec(@',
    'json_extract(',
    'json_keys(',
    // Stacked INSERT with a value list (prose "insert into the form" has no `values(`).
    '*insertinto*values(*',
  ],
};

/**
 * Whitespace, control bytes and the entity punctuation `#`, `;` and `0`: `java&#x09;script:`
 * becomes `javax9script:`, but `&#x3c;script`, `&#60;script` and `&lt;script` become
 * `&x3cscript`, `&6script` and `&ltscript`, so an entity-encoded tag is matched without an HTML
 * decoder (the Rules language has none).
 */
const XSS_REMOVES = `${WHITESPACE}#;0`;

/**
 * Cross-site scripting: script tags and URLs, the tags that run script or load content, event
 * handlers by name with their `=` (whitespace is removed, so "click on select" reads
 * `clickonselect` without one), entity-encoded forms and the script sinks payloads call.
 */
const XSS: Fold = {
  removes: XSS_REMOVES,
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
    'onmousemove=',
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
    // `javascript:` with an entity colon, whatever encodes the letters before it.
    'cript&58',
    'cript&x3a',
    'cript&colon',
    '<object',
    '<embed',
    '<style',
    '<link',
    '<meta',
    '<base',
    '<form',
    '<math',
    '<marquee',
    '<details',
    '<frameset',
    '<isindex',
    '<applet',
    '-moz-binding',
    'onmouseenter=',
    'onmousedown=',
    'onmouseup=',
    'onmouseout=',
    'onmouseleave=',
    'onblur=',
    'oninput=',
    'onchange=',
    'onselect=',
    'onkeydown=',
    'onkeyup=',
    'onkeypress=',
    'onwheel=',
    'onscroll=',
    'onresize=',
    'onresizestart=',
    'onresizeend=',
    'onstart=',
    'onfinish=',
    'onbounce=',
    'onend=',
    'onended=',
    'onseek=',
    'onseeked=',
    'onseeking=',
    'onauxclick=',
    'ondblclick=',
    'oncontextmenu=',
    'onfocusin=',
    'onfocusout=',
    'onsubmit=',
    'onreset=',
    'oninvalid=',
    'onpageshow=',
    'onpagehide=',
    'onhashchange=',
    'onmessage=',
    'onpopstate=',
    'onstorage=',
    'ontransitionend=',
    'ontransitionstart=',
    'onanimationend=',
    'onanimationiteration=',
    'onplay=',
    'onplaying=',
    'onpause=',
    'oncanplay=',
    'oncanplaythrough=',
    'ontimeupdate=',
    'onratechange=',
    'onvolumechange=',
    'ondurationchange=',
    'onloadstart=',
    'onloadeddata=',
    'onloadedmetadata=',
    'oncuechange=',
    'ondrag',
    'ondrop=',
    'onpaste=',
    'oncopy=',
    'oncut=',
    'onbeforecut=',
    'onbeforecopy=',
    'onbeforepaste=',
    'onbeforeprint=',
    'onafterprint=',
    'onbeforeunload=',
    'onunload=',
    'ontouchstart=',
    'ontouchend=',
    'ontouchmove=',
    'onreadystatechange=',
    'onformchange=',
    'onforminput=',
    'onshow=',
    'onabort=',
    'onsearch=',
    'formaction=',
    'xlink:href',
    'fromcharcode',
    'document.cookie',
    'document.domain',
    'document.write(',
    'settimeout(',
    'setinterval(',
    'newfunction(',
    '.call`',
    'mocha:',
    'livescript:',
    '&ltiframe',
    '&x3ciframe',
    '&6iframe',
    '&ltsvg',
    '&x3csvg',
    '&6svg',
    // "java" spelled as numeric character references (`&#106;&#97;…`, `&#x6A;&#x61;…`, zero padding
    // removed by the fold), a hex-encoded `<`, and a sink called through an entity parenthesis.
    '&16&97&118&97',
    '&x6a&x61&x76&x61',
    '&x3c',
    'alert&lpar',
    'alert&4',
    'confirm&lpar',
    'confirm&4',
    'prompt&lpar',
    'prompt&4',
  ],
};

/** Traversal after decoding to a fixed point (`%252e%252e%252f`, `%u002e%u002e/`); Tomcat's `..;/`. */
const TRAVERSAL_DECODED: Fold = {
  removes: '',
  // `../` alone is in prose about paths ("the ../ notation"); an attack climbs twice or names a file.
  terms: ['../..', '..\\', '..;', '../.', '..//', '../\\', '/etc/passwd', '/etc/shadow', 'win.ini', 'boot.ini', '/proc/self/', 'c:\\windows'],
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
    // A boolean operator, a number or an arithmetic of numbers (a `+` decoded to a space
    // included), then a comparison: `and 1=1`, `or 2>1`, `AND 1+2=3+4`.
    // The compared operand is a number or a quote too ("16\" or 18\" = size" compares a word).
    String.raw`(?:^|[^a-z0-9_])(?:or|and|xor|having|where|&&|\|\|)${S}*['"]?-?\d+(?:${S}*[-+*/]?${S}*\d+)*['"]?${S}*(?:[=<>]+${S}*['"(]?${S}*-?\d|like${S}*['"\d]|between${S}+\d|is${S}+(?:not${S}+)?null\b)`,
    // A quote break, a boolean operator, then a number or a quoted operand (after parentheses)
    // compared with another operand ("'rock' or 'pop'", a quoted search, and "5' or 6' tall" are not).
    String.raw`'${S}*(?:or|and|xor|\|\||&&)${S}*(?:\(${S}*)*(?:-?\d+${S}*(?:[=<>!]+|like\b|--|#|;|\)|$|&|\x01)|['"][^'"&]{0,30}['"]${S}*(?:[=<>!]+|like\b)${S}*['"\d(-]|['"]${S}*[=<>])`,
    // The same with a JSON-escaped quote (`\u0027 OR \u00271\u0027=\u00271`), and a quote break then
    // true/false ending the statement (`" or true--`) or a column IS NULL.
    String.raw`\\u0027${S}*(?:(?:or|and|xor|\|\|)${S}*(?:[(\d]|\\u0027[^\\&]{0,30}\\u0027${S}*[=<>])|union${S}+(?:all${S}+)?select\b|;${S}*(?:drop|select|insert|update|delete|exec|declare|shutdown)\b)|['"\d]${S}*(?:or|and)${S}+(?:true|false)${S}*(?:--|#|/\*|;|\)|$|&|\x01)|'${S}*(?:or|and)${S}+[a-z_.]+${S}+is${S}+(?:not${S}+)?null\b`,
    // CREATE TABLE with a column and its SQL type ("create table tennis (for kids)" names no type).
    String.raw`create${S}+table${S}+[\w\x60".]+${S}*\(${S}*[\w\x60"]+${S}+(?:int|integer|bigint|smallint|varchar|nvarchar|char|text|date|datetime|timestamp|blob|number|serial|boolean|float|decimal)\b`,
    // HAVING with a boolean operand, PostgreSQL casts and JSON operators after a quoted operand
    // (`'{"b":2}'::jsonb <@ …`, `OR '[1,2]' ? '1'`), MySQL JSON functions.
    String.raw`having${S}*\(?${S}*(?:\d+|true|false)${S}+(?:or|and)\b|'${S}*::${S}*(?:jsonb?|int|bigint|text)\b|::(?:jsonb?|bigint|regclass)\b|(?:^|[^a-z0-9_])or${S}+'[^'&]{0,100}'${S}*(?:<@|@>|\?[|&]?|#>>?|#-|->>?|@\?)|json_(?:extract|keys|unquote)${S}*\(`,
    String.raw`'${S}*\|\|${S}*['(]|\|\|${S}*\(${S}*select\b`,
    String.raw`\|\|${S}*(?:lpad|rpad|char|chr|concat|substr|ascii|user|version)${S}*\(`,
    String.raw`'${S}*(?:<<|>>|rlike|regexp|div|!=|<>|\^)${S}*['\d(a-z]`,
    String.raw`(?:ascii|ord|hex|unhex|length|char|conv|lpad|rpad|md5|sha1|lower|upper)${S}*\(${S}*(?:substr|substring|mid|version|user|database|hex|conv|\(?${S}*select)`,
    String.raw`(?:substr|substring|mid)${S}*\(${S}*(?:version|user|database|@@|password|passwd|table_name|column_name|\(?${S}*select)`,
    String.raw`(?:version|user|database|schema|current_user|system_user|session_user|current_database|connection_id|last_insert_id)${S}*\(${S}*\)`,
    String.raw`@@(?:version|datadir|hostname|basedir|tmpdir|servername)|information_schema|load_file|into${S}+(?:out|dump)file|xp_cmdshell|sp_executesql|exec(?:${S}+|${S}*\()(?:master|xp_|sp_|@)`,
    String.raw`waitfor${S}+delay|(?:pg_)?sleep${S}*\(${S}*\d+(?:\.\d+)?${S}*\)|benchmark${S}*\(${S}*\d+${S}*,|extractvalue${S}*\(|updatexml${S}*\(|dbms_pipe|utl_(?:inaddr|http)|sysobjects|syscolumns|sysdatabases|sysusers|syslogins|sysservers|sqlite_master|mysql\.user|all_users|all_tables|dba_users|pg_catalog|pg_shadow|pg_user\b`,
    String.raw`;${S}*(?:drop|shutdown|declare|exec|execute|truncate|alter)\b|;${S}*(?:insert${S}+into|delete${S}+from|update${S}+[a-z_.\x60]+${S}+set|create${S}+(?:table|user|database|function|procedure))${S}|declare${S}*@|(?:order|group)${S}+by${S}+\d+${S}*(?:--|#|/\*|$|,|&|\x01)`,
  ],
};

/** Cross-site scripting on the XSS fold: tags, script URLs, event handlers (named: `on` alone is in ordinary words), entity forms. */
const XSS_PATTERN: PatternFold = {
  removes: XSS.removes,
  patterns: [
    String.raw`(?:<|&lt|&x3c|\\+u?3c|\\x3c)\??(?:[a-z]+:)?(?:script|iframe|svg|object|embed|math|base|meta|isindex|frameset|xss|form|dialog|style|link|import|vmlframe|video|audio|body|input|details|marquee|textarea|button|keygen|applet)|-moz-binding|url\(javascript|adw-/?(?:script|img|iframe|svg|body|object|meta|style|a\b)|(?:java|vb)script(?::|&(?:58|x3a|colon))|data:text/html|on(?:error|load|mouse[a-z]+|focus[a-z]*|click|toggle|begin|animation[a-z]+|pointer[a-z]+|blur|input|change|key(?:down|up|press)|wheel|scroll|resize|start|auxclick|dblclick|contextmenu|submit|reset|pageshow|pagehide|hashchange|message|popstate|transition[a-z]+|play|playing|canplay[a-z]*|loadstart|loadeddata|drag[a-z]*|drop|copy|paste|cut|beforeunload|unload|show|afterprint|beforeprint|abort|invalid|finish|ended|timeupdate|volumechange|seeked|seeking|durationchange|readystatechange|webkit[a-z]+)=|srcdoc=|formaction=|xlink:href|expression\(|&(?:lt|x3c|6)(?:script|iframe|svg|img|object|embed)|fromcharcode|document\.(?:cookie|domain|write)`,
  ],
};

/**
 * Cross-site scripting on the decoded text with its whitespace (word boundaries matter here): any
 * event handler inside a tag or after a quote that closes an attribute, and the script sinks
 * payloads call.
 */
/** Any run of character references (`&Tab;`, `&#x09;`, `&amp;tab;`) and whitespace, which a browser skips inside a URL scheme. */
const ENTITY_OR_SPACE = String.raw`(?:&(?:amp;)?#?[a-z0-9]{1,8};?|\s)*`;

const XSS_SPACED_PATTERN: PatternFold = {
  removes: '',
  patterns: [
    // `javascript:` split by entities or whitespace between any letters (`ja&Tab;vascript:`, `java\nscript:`).
    [...'javascript', String.raw`(?::|&colon;?|&#0*58;?|&#x0*3a;?)`].join(ENTITY_OR_SPACE),
    // Letters spelled as numeric character references (`&#0000106&#0000097…`), a `<` padded with
    // zeros (`&#x0003c;`), a script sink called through an entity parenthesis (`alert&lpar;1`).
    String.raw`(?:&#(?:0*(?:6[5-9]|[7-9]\d|1[01]\d|12[0-2])|x0*(?:4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]));?){4}|&#(?:x0+3c|0+60)\b|(?:alert|prompt|confirm|eval)\s*(?:&lpar;|&#0*40;?|&#x0*28;?)`,
    // A sink passed or wrapped rather than called by name (`[1].find(alert)`, `(alert)(1)`), a
    // global's property read by a quoted name or through comments (`self["alert"]`,
    // `document/**/.cookie`), JSFuck's `(![]+[])`, and a lowercase letter escaped inside a word
    // (`al\u0065rt`: JSON escapes non-ASCII, never `e`).
    String.raw`\.(?:find|map|filter|some|every|foreach|call|apply)\(\s*(?:alert|prompt|confirm|eval)\b|\(\s*(?:alert|prompt|confirm|eval)\s*\)\s*\(|(?:document|window|self|top|parent|globalthis)\s*(?:/\*[^*]*\*/\s*)*\)?\s*(?:/\*[^*]*\*/\s*)*\[\s*(?:/\*[^*]*\*/\s*)*["'\x60](?:cookie|alert|eval|prompt|confirm)|document\s*(?:/\*[^*]*\*/\s*)*\.\s*(?:/\*[^*]*\*/\s*)*(?:cookie|domain|write)\b|\(!\[\][\s+]*\[\]\)|[a-z]\\u00(?:6[1-9a-f]|7[0-9a])`,
    String.raw`<[a-z][^>]*?[\s"'/]on[a-z]{3,30}\s*=|[\s"']on[a-z]{3,30}\s*=\s*\S|(?:^|[^a-z0-9_.])(?:alert|prompt|confirm)(?:\(|\x60)|(?:^|[^a-z0-9_.])(?:eval|settimeout|setinterval|atob|btoa)\s*\(|new\s+function\s*\(|\.call\s*\x60`,
  ],
};

/** Traversal after decoding to a fixed point (`the ../ notation` in prose is not). */
const TRAVERSAL_PATTERN: PatternFold = {
  removes: '',
  // One `../` into a relative asset (`js/../css/app.css`) is ordinary; climbing twice, Tomcat's
  // `..;`, one climb into a system or secret location, or an upload's file name that climbs is not.
  patterns: [
    String.raw`\.\.[/\\]+\.\.|\.\.;|filename\*?=\s*["']?(?:utf-8'')?\.\.[/\\]|\.\.[/\\]+(?:etc|windows|winnt|boot|proc|sys|var|usr|root|home|bin|tmp|inetpub|web-inf|wp-config|\.env|\.git|\.ssh|\.ht)\b|[/\\]\.\.$|/etc/(?:passwd|shadow|group|hosts)|(?:win|boot|system)\.ini|/proc/self/|c:\\windows`,
  ],
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
  // Most telling first: a plan short of rules drops the tail.
  sqlInjection: [SQL_DIGITS_FIRST, SQL_TIMING_FIRST, SQL_DECODED, SQL_KEYWORDS_FIRST, SQL_KEYWORDS_MORE, SQL_DIGITS_MORE],
  crossSiteScripting: [XSS],
  pathTraversal: [TRAVERSAL_DECODED, TRAVERSAL_OVERLONG],
};

/** What a class reads on a plan, and what it cannot see there. */
export interface AttackScope {
  /** Rules language fields concatenated, in order (`http.request.headers.values` joined into one text). */
  readonly fields: readonly string[];
  /** Plain-words names of what is read, for the rule's description. */
  readonly inspects: readonly string[];
  /** Plain-words names of what the class asks for that this plan cannot read. */
  readonly unseen: readonly string[];
}

/** Every header value, joined into one text: a field on every plan (no plan label in the fields reference). */
const HEADER_VALUES = 'http.request.headers.values';

/**
 * The fields a class reads on a plan: the path and query as sent (`raw.http.request.uri`, since
 * Cloudflare's URL normalization removes dot segments from `http.request.uri.path` before rules
 * read it: https://developers.cloudflare.com/rules/normalization/how-it-works/), every header
 * value on every plan (cookies, User-Agent, Referer and the headers an application reads, such as
 * a search or forwarding header, where a payload reaches it just as well; all classes, traversal
 * included, since a file name in a cookie or header reaches a file API too), and the body where the
 * class or the plan allows (http.request.body.raw "Requires a Cloudflare Enterprise plan":
 * https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/http.request.body.raw/).
 */
export function attackScope(fields: readonly RequestField[], plan: Plan): AttackScope {
  const has = (type: RequestField['type']) => fields.some((f) => f.type === type);
  const bodySeen = planAtLeast(plan, 'enterprise');
  const uri: [string, string][] = has('path') && has('query') ? [['raw.http.request.uri', 'path and query string']] : [];
  if (uri.length === 0 && has('path')) uri.push(['raw.http.request.uri.path', 'path']);
  if (uri.length === 0 && has('query')) uri.push(['raw.http.request.uri.query', 'query string']);
  const read: [string, string][] = [
    ...uri,
    [HEADER_VALUES, 'every header value (cookies, User-Agent and Referer included)'],
    ...(bodySeen ? [['http.request.body.raw', 'body'] as [string, string]] : []),
  ];
  return {
    fields: read.map(([name]) => name),
    inspects: read.map(([, text]) => text),
    unseen: bodySeen ? [] : ['request bodies (they need Enterprise)'],
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
  const terms = FOLDS[attack].flatMap((fold) =>
    fold.terms.map((term) => compare(subject(fold, scope.fields), term.includes('*') ? 'wildcard' : 'contains', str(term))),
  );
  // From Business up the patterns come first and the terms follow: a term's fold (whitespace and
  // comments removed) sees through spacing a pattern has to spell out, and the quota has room.
  const comparisons = PLANS[plan].regex
    ? [...PATTERN_FOLDS[attack].flatMap((fold) => fold.patterns.map((pattern) => compare(subject(fold, scope.fields), 'matches', str(pattern)))), ...terms]
    : terms;
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

/** The folded text a fold compares: concatenated once (header values joined), decoded to a fixed point, stripped, lowercased. */
function subject(fold: Fold | PatternFold, fields: readonly string[]): Operand {
  const parts = fields.map((name) => (name === HEADER_VALUES ? call('join', field(name), str(HEADER_SEPARATOR)) : field(name)));
  // The separator between the fields too: the end of the query and the first header value are not one word.
  const joined = parts.length === 1 ? parts[0] : call('concat', ...parts.flatMap((part, index) => (index === 0 ? [part] : [str(HEADER_SEPARATOR), part])));
  if (fold.raw) return call('lower', joined);
  const decoded = call('url_decode', joined, str('ur'));
  return call('lower', fold.removes.length > 0 ? call('remove_bytes', decoded, str(fold.removes)) : decoded);
}
