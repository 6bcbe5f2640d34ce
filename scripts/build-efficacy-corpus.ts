// Builds test/fixtures/efficacy/{attacks,benign}.jsonl: the public corpus issue #21 measures the
// attack rules on. Provenance, not CI (CI has no network): the sources are git mirrors fetched
// beforehand, read at HEAD. Run:
//   npx tsx scripts/build-efficacy-corpus.ts --crs <coreruleset git dir> --libinjection <git dir> --pat <PayloadsAllTheThings git dir> [--out dir]
// The output is deterministic: the same commits give byte-identical files (sorted, stable ids).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { benignRequests } from './efficacy-benign-requests';
import { type CorpusRequest, type Location, corpusLine, requestKey } from './efficacy-corpus-request';

type AttackClass = 'sqlInjection' | 'crossSiteScripting' | 'pathTraversal' | 'badBot';

interface Attack {
  readonly class: AttackClass;
  readonly location: Location;
  readonly technique: string;
  readonly source: string;
  readonly request: CorpusRequest;
}

const HOST = 'www.example.com';
const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ID_PREFIX: Record<AttackClass, string> = { sqlInjection: 'sqli', crossSiteScripting: 'xss', pathTraversal: 'trav', badBot: 'bot' };

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** A file of a mirror at HEAD, or undefined when the mirror lacks its blob (a partial snapshot). */
function gitShow(gitDir: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

function gitList(gitDir: string, folder: string): string[] {
  return execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', folder], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}

function payloadLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    ),
  ];
}

/** `count` entries spread evenly over `items`, so a sample covers a whole list rather than its head. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

/** Percent-decoding that leaves a malformed escape as it is (libinjection's data files are URL-encoded). */
function lenientDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** What a browser or tool sends for a value in a query or form: every reserved byte escaped. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// --- technique families, from attack-class knowledge -------------------------------------------

function sqlFamily(payload: string): string {
  const p = payload.toLowerCase();
  if (/sleep\s*\(|benchmark\s*\(|waitfor\s+delay|pg_sleep|dbms_lock|dbms_pipe/.test(p)) return 'time-based';
  if (/extractvalue|updatexml|convert\s*\(|cast\s*\(|exp\s*\(~|floor\s*\(\s*rand|ctxsys|utl_inaddr/.test(p)) return 'error-based';
  if (/union[\s/*!+(]*(all|distinct|select)/.test(p)) return 'union';
  if (/;\s*(select|insert|update|delete|drop|exec|declare|shutdown|create)/.test(p)) return 'stacked';
  if (/\/\*/.test(p)) return 'comment-evasion';
  if (/\b(or|and|xor|\|\||&&)\b|\|\||&&/.test(p)) return 'boolean';
  return 'generic';
}

function xssFamily(payload: string): string {
  const p = payload.toLowerCase();
  if (/&#x?[0-9a-f]+;?|&[a-z]+;/.test(p)) return 'entity-encoding';
  if (/data\s*:[^,]*(html|svg|base64)/.test(p)) return 'data-uri';
  if (/javascript\s*:|vbscript\s*:/.test(p)) return 'js-uri';
  if (/\bon[a-z]+\s*=/.test(p)) return 'event-handler';
  if (/<\s*script/.test(p)) return 'script-tag';
  if (/\{\{|\$\{/.test(p)) return 'template-injection';
  return 'html-injection';
}

function traversalFamily(payload: string): string {
  const p = payload.toLowerCase();
  if (/%25(25)*(2e|2f|5c|c0|c1|e0|f[0-9a-f])/.test(p)) return 'double-encoding';
  if (/%%[0-9a-f]{2}/.test(p)) return 'nested-encoding';
  if (/%c0%ae|%c0%af|%c1%9c|%e0%80%ae|%c0%2e|%c1%1c|%c1%af|%f[0-9a-f]%80/.test(p)) return 'overlong-utf8';
  if (/%u[0-9a-f]{4}/.test(p)) return '%u-encoding';
  if (/\.\.;/.test(p)) return '..;';
  if (/%2e|%2f|%5c/.test(p)) return 'url-encoding';
  if (/%00/.test(p)) return 'null-byte';
  if (/\.\.\\/.test(p)) return 'backslash';
  return 'dot-dot';
}

function family(kind: AttackClass, payload: string): string {
  if (kind === 'sqlInjection') return sqlFamily(payload);
  if (kind === 'crossSiteScripting') return xssFamily(payload);
  if (kind === 'pathTraversal') return traversalFamily(payload);
  return 'scanner-user-agent';
}

// --- evasions, each a transformation of a raw payload ------------------------------------------

/** Alternating case on letters, as sqlmap's randomcase tamper and hand-written XSS do (deterministic here). */
function mixedCase(text: string): string {
  let letters = 0;
  return text.replace(/[a-z]/gi, (c) => (letters++ % 2 === 0 ? c.toUpperCase() : c.toLowerCase()));
}

const SQL_KEYWORD =
  /\b(select|union|from|where|and|or|sleep|benchmark|order|by|insert|into|values|waitfor|delay|having|group|concat|extractvalue|updatexml)\b/i;
const SQL_KEYWORDS =
  /\b(select|union|from|where|and|or|sleep|benchmark|order|by|insert|into|values|waitfor|delay|having|group|concat|extractvalue|updatexml)\b/gi;

const SQL_EVASIONS: Record<string, (p: string) => string | undefined> = {
  'comment-evasion': (p) => (p.includes(' ') ? p.replace(/ +/g, '/**/') : undefined),
  'versioned-comment': (p) => (SQL_KEYWORD.test(p) ? p.replace(SQL_KEYWORDS, (k) => `/*!50000${k}*/`) : undefined),
  'mixed-case': (p) => (/[a-z]/i.test(p) ? mixedCase(p) : undefined),
  'whitespace-tab': (p) => (p.includes(' ') ? p.replace(/ +/g, '\t') : undefined),
  'whitespace-newline': (p) => (p.includes(' ') ? p.replace(/ +/g, '\n') : undefined),
  'whitespace-vertical-tab': (p) => (p.includes(' ') ? p.replace(/ +/g, '\u000b') : undefined),
  'inline-comment-dash': (p) => (p.includes(' ') ? p.replace(/ +/g, '--\n') : undefined),
};

/** Hex entity of every character of a word: the browser decodes it inside an attribute value. */
function entities(text: string, decimal: boolean): string {
  return [...text].map((c) => (decimal ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`)).join('');
}

const XSS_EVASIONS: Record<string, (p: string) => string | undefined> = {
  'mixed-case': (p) => (/<[a-z]/i.test(p) ? mixedCase(p) : undefined),
  'entity-encoding': (p) =>
    /javascript:/i.test(p)
      ? p.replace(/javascript:/gi, `${entities('javas', false)}cript&colon;`)
      : /\bon[a-z]+=\s*["']?alert/i.test(p)
        ? p.replace(/alert/gi, entities('alert', true))
        : undefined,
  'whitespace-variant': (p) => (/<[a-z]+ /i.test(p) ? p.replace(/<([a-z]+) /gi, '<$1\n').replace(/ (on[a-z]+=)/gi, '/$1') : undefined),
  'data-uri': (p) => (/<script>.*<\/script>/i.test(p) ? `<object data="data:text/html;base64,${Buffer.from(p).toString('base64')}"></object>` : undefined),
  'js-uri-tab': (p) => (/javascript:/i.test(p) ? p.replace(/javascript:/gi, 'java\tscript:') : undefined),
};

const TRAVERSAL_EVASIONS: Record<string, (p: string) => string | undefined> = {
  'double-encoding': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '%252e%252e%252f') : undefined),
  'overlong-utf8': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '%c0%ae%c0%ae%c0%af') : undefined),
  '%u-encoding': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '%u002e%u002e%u2215') : undefined),
  '..;': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '..;/') : undefined),
  backslash: (p) => (p.includes('../') ? p.replace(/\.\.\//g, '..\\') : undefined),
  'url-encoding': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '%2e%2e%2f') : undefined),
  'mixed-encoding': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '.%2e/') : undefined),
  'null-byte': (p) => (p.includes('../') ? `${p}%00.png` : undefined),
  'dot-dot-slash-doubled': (p) => (p.includes('../') ? p.replace(/\.\.\//g, '....//') : undefined),
};

// --- placing a payload in a request ------------------------------------------------------------

function baseHeaders(): Record<string, string> {
  return {
    host: HOST,
    'user-agent': BROWSER_UA,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'en-US,en;q=0.9',
  };
}

/** Header values cannot carry CR, LF or NUL on the wire: a tool sends them escaped (or not at all). */
function headerSafe(text: string): string | undefined {
  return /[\r\n\0]/.test(text) ? undefined : text;
}

/**
 * The request an attacker sends with `payload` at `location`. `encoded` says the payload is
 * already in its on-the-wire form (a traversal evasion's %-escapes), so it is not escaped again;
 * `extraEncoding` encodes it once more: URL-encoded twice, or in a body, JSON with `\u` escapes.
 */
function place(payload: string, location: Location, encoded: boolean, extraEncoding = false): CorpusRequest | undefined {
  const request = placeRaw(payload, location, encoded, extraEncoding);
  if (request === undefined) return undefined;
  // A wire-form payload's `?` starts the query and its `#` would never be sent: split and escape as a client does.
  const [path, ...rest] = request.path.replace(/#/g, '%23').split('?');
  const query = [...rest, ...(request.query === undefined ? [] : [request.query])].join('&').replace(/#/g, '%23');
  return wireSafe({ ...request, path, ...(query === '' ? {} : { query }) });
}

/** The request line holds no space, control or non-ASCII character: a client percent-encodes them (CRS's test runner sends them raw). */
function wireSafe(request: CorpusRequest): CorpusRequest {
  const escape = (text: string) =>
    [...text]
      .map((c) => (c <= ' ' || c >= '\u007f' ? [...Buffer.from(c, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('') : c))
      .join('');
  return { ...request, path: escape(request.path), ...(request.query === undefined ? {} : { query: escape(request.query) }) };
}

function placeRaw(payload: string, location: Location, encoded: boolean, extraEncoding: boolean): CorpusRequest | undefined {
  const headers = baseHeaders();
  let wire = encoded ? payload : encode(payload);
  if (extraEncoding) wire = encode(wire);
  switch (location) {
    case 'query':
      return { method: 'GET', path: '/search', query: `q=${wire}&page=1`, headers };
    case 'path':
      return { method: 'GET', path: `/products/${wire}`, headers };
    case 'cookie':
      return { method: 'GET', path: '/account', headers: { ...headers, cookie: `sessionid=8f14e45fceea167a5a36dedd4bea2543; pref=${wire}` } };
    case 'userAgent': {
      const raw = encoded ? payload : headerSafe(payload);
      return raw === undefined ? undefined : { method: 'GET', path: '/', headers: { ...headers, 'user-agent': raw } };
    }
    case 'referer':
      return { method: 'GET', path: '/checkout', headers: { ...headers, referer: `https://${HOST}/search?q=${wire}` } };
    case 'header': {
      const raw = encoded ? payload : headerSafe(payload);
      return raw === undefined ? undefined : { method: 'GET', path: '/api/items', headers: { ...headers, 'x-search-term': raw } };
    }
    case 'body':
      return extraEncoding
        ? {
            method: 'POST',
            path: '/api/comments',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ postId: 42, text: payload }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/'/g, '\\u0027'),
          }
        : {
            method: 'POST',
            path: '/contact',
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            body: `name=Alex&message=${wire}`,
          };
  }
}

const LOCATIONS: readonly Location[] = ['query', 'body', 'cookie', 'path', 'referer', 'userAgent', 'header', 'query', 'body'];
/** Where a file name reaches a file system: the path, a parameter, a form field, a cookie (a template or language name). */
const TRAVERSAL_LOCATIONS: readonly Location[] = ['path', 'query', 'body', 'cookie', 'query', 'path'];

// --- sources -----------------------------------------------------------------------------------

interface Payload {
  readonly class: AttackClass;
  readonly payload: string;
  readonly source: string;
  /** Already in on-the-wire form (percent-escapes meant to reach the server as written). */
  readonly encoded: boolean;
}

function libinjectionPayloads(gitDir: string, perFile: number): Payload[] {
  const out: Payload[] = [];
  for (const file of gitList(gitDir, 'data')) {
    const kind: AttackClass | undefined = /^data\/sqli-/.test(file) ? 'sqlInjection' : /^data\/xss-/.test(file) ? 'crossSiteScripting' : undefined;
    const text = kind === undefined ? undefined : gitShow(gitDir, file);
    if (kind === undefined || text === undefined) continue;
    const lines = payloadLines(text)
      .map(lenientDecode)
      .filter((line) => line.length >= 6 && line.length <= 400);
    for (const payload of spread(lines, perFile)) out.push({ class: kind, payload, source: `client9/libinjection:${file}`, encoded: false });
  }
  return out;
}

const HANDLER_TAGS = ['xss', 'img src=x', 'body', 'svg', 'details open', 'video src=x', 'input autofocus', 'a href=#'];

function patPayloads(gitDir: string): Payload[] {
  const out: Payload[] = [];
  const lists: [string, AttackClass, number][] = [
    ['SQL Injection/Intruder', 'sqlInjection', 12],
    ['XSS Injection/Intruders', 'crossSiteScripting', 14],
    ['Directory Traversal/Intruder', 'pathTraversal', 55],
  ];
  for (const [folder, kind, perFile] of lists)
    for (const file of gitList(gitDir, folder)) {
      const text = gitShow(gitDir, file);
      if (text === undefined) continue;
      // Event-handler lists are names for an Intruder template: each goes into an element, as the lists' cheat sheets use them.
      const handlers = /event_handlers\.txt$/.test(file);
      const lines = payloadLines(text)
        .map((line) => line.replace(/\{FILE\}/g, 'etc/passwd'))
        .map((line, i) => (handlers ? `<${HANDLER_TAGS[i % HANDLER_TAGS.length]} ${line}=alert(1)>` : line))
        // `<script+src=` in the JSONP list is a form-encoded space.
        .map((line) => line.replace(/<(\w+)\+(\w+=)/g, '<$1 $2'))
        .filter((line) => line.length >= 4 && line.length <= 400)
        // Traversal lists hold percent-escapes meant for the wire; keep the ones that really climb.
        .filter((line) => kind !== 'pathTraversal' || /\.\.|%2e|%c0|%u|%25|%c1|%e0/i.test(line))
        // One- to five-character SQL list entries are probes (a lone quote), not attacks.
        .filter((line) => kind !== 'sqlInjection' || line.length >= 6);
      for (const payload of spread(lines, perFile))
        out.push({
          class: kind,
          payload,
          source: `swisskyrepo/PayloadsAllTheThings:${file}`,
          // Traversal lists, and list entries already percent-encoded, are written as sent.
          encoded: kind === 'pathTraversal' || /%(2[0-9a-fA-F]|3[cCeE])/.test(payload),
        });
    }
  return out;
}

interface CrsStage {
  input?: {
    method?: string;
    uri?: string;
    headers?: Record<string, unknown>;
    data?: unknown;
    encoded_request?: string;
  };
  output?: { log?: { expect_ids?: number[] }; expect_error?: boolean };
}

/**
 * Paranoia-level-1 CRS rules only: they are tuned to fire on attacks, where the higher levels'
 * positives are keyword and character probes no customer request is free of. Of level 1, these
 * test probes rather than attacks: NoSQL operators (942290, not SQL), magic numbers (942220),
 * bare database and function names (942140, 942151) and bare JavaScript property names (941180).
 */
const CRS_SKIPPED_RULES = new Set([942290, 942220, 942140, 942151, 941180]);

const CRS_RULE_FILES = [
  'rules/REQUEST-930-APPLICATION-ATTACK-LFI.conf',
  'rules/REQUEST-941-APPLICATION-ATTACK-XSS.conf',
  'rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf',
];

/** Each CRS rule's paranoia level, from its `paranoia-level/N` tag. */
function crsParanoiaLevels(gitDir: string): Map<number, number> {
  const levels = new Map<number, number>();
  for (const file of CRS_RULE_FILES)
    for (const rule of (gitShow(gitDir, file) ?? '').split(/\nSecRule /)) {
      const id = /id:(\d+)/.exec(rule);
      const level = /paranoia-level\/(\d)/.exec(rule);
      if (id !== null && level !== null) levels.set(Number(id[1]), Number(level[1]));
    }
  return levels;
}

const CRS_CLASSES: [RegExp, AttackClass][] = [
  [/REQUEST-913-SCANNER-DETECTION\/913100\.yaml$/, 'badBot'],
  [/REQUEST-930-APPLICATION-ATTACK-LFI\/9301[01]0\.yaml$/, 'pathTraversal'],
  [/REQUEST-941-APPLICATION-ATTACK-XSS\//, 'crossSiteScripting'],
  [/REQUEST-942-APPLICATION-ATTACK-SQLI\//, 'sqlInjection'],
];

const DROPPED_CRS_HEADERS = new Set(['content-length', 'connection', 'proxy-connection', 'keep-alive', 'host']);

/**
 * Where a CRS test carries its payload: the field that is not an ordinary request's. A user
 * agent is ordinary when several tests send it (the test agent, the old regressions' browser).
 */
function crsLocation(kind: AttackClass, request: CorpusRequest, ordinaryAgents: ReadonlySet<string>): Location {
  const headers = request.headers;
  const ua = headers['user-agent'];
  if (kind === 'badBot' || (ua !== undefined && !ordinaryAgents.has(ua))) return 'userAgent';
  if ((request.body ?? '') !== '') return 'body';
  if (headers.cookie !== undefined) return 'cookie';
  if (headers.referer !== undefined) return 'referer';
  if ((request.query ?? '') !== '') return 'query';
  if (request.path !== '/' && request.path !== '/get' && request.path !== '/post') return 'path';
  return 'header';
}

function crsAttacks(gitDir: string): Attack[] {
  const out: Attack[] = [];
  const pending: { kind: AttackClass; request: CorpusRequest; source: string }[] = [];
  const levels = crsParanoiaLevels(gitDir);
  for (const file of gitList(gitDir, 'tests/regression/tests')) {
    const kind = CRS_CLASSES.find(([pattern]) => pattern.test(file))?.[1];
    const text = kind === undefined ? undefined : gitShow(gitDir, file);
    if (kind === undefined || text === undefined) continue;
    const doc = parseYaml(text) as { rule_id?: number; tests?: { test_id?: number; desc?: string; stages?: CrsStage[] }[] };
    const ruleId = doc.rule_id ?? 0;
    if (CRS_SKIPPED_RULES.has(ruleId) || (kind !== 'badBot' && levels.get(ruleId) !== 1)) continue;
    for (const test of doc.tests ?? [])
      for (const stage of test.stages ?? []) {
        // A test CRS documents as a known false positive pins what the rule wrongly matches: not an attack.
        if (/false positive/i.test(test.desc ?? '')) continue;
        const input = stage.input;
        if (input === undefined || input.encoded_request !== undefined || stage.output?.expect_error === true) continue;
        if (!(stage.output?.log?.expect_ids ?? []).includes(ruleId)) continue;
        const uri = input.uri ?? '/';
        if (!uri.startsWith('/')) continue;
        const cut = uri.indexOf('?');
        const path = (cut === -1 ? uri : uri.slice(0, cut)).replace(/#/g, '%23');
        const query = cut === -1 ? '' : uri.slice(cut + 1).replace(/#/g, '%23');
        const headers: Record<string, string> = { host: HOST };
        for (const [name, value] of Object.entries(input.headers ?? {})) {
          const lower = name.toLowerCase();
          if (DROPPED_CRS_HEADERS.has(lower) || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) continue;
          const text = String(value);
          if (/[\r\n\0]/.test(text)) continue;
          headers[lower] = text;
        }
        const data = input.data;
        const body = typeof data === 'string' ? data : Array.isArray(data) ? data.map(String).join('\r\n') : '';
        const method = (input.method ?? 'GET').toUpperCase();
        if (!/^[A-Z]{3,10}$/.test(method)) continue;
        if (body !== '' && headers['content-type'] === undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
        const request = wireSafe({
          method,
          path: path === '' ? '/' : path,
          ...(query === '' ? {} : { query }),
          headers,
          ...(body === '' ? {} : { body }),
        });
        pending.push({ kind, request, source: `coreruleset/coreruleset:${file}#${test.test_id ?? 0}` });
      }
  }
  const agentCounts = new Map<string, number>();
  for (const { request } of pending) {
    const ua = request.headers['user-agent'];
    if (ua !== undefined) agentCounts.set(ua, (agentCounts.get(ua) ?? 0) + 1);
  }
  const ordinaryAgents = new Set([...agentCounts].filter(([, count]) => count >= 3).map(([ua]) => ua));
  for (const { kind, request, source } of pending) {
    const location = crsLocation(kind, request, ordinaryAgents);
    const headers = request.headers;
    const body = request.body ?? '';
    const evidence =
      location === 'body'
        ? body
        : location === 'userAgent'
          ? (headers['user-agent'] ?? '')
          : location === 'header'
            ? Object.values(headers).join(' ')
            : `${request.path}?${request.query ?? ''}${headers.cookie ?? ''}${headers.referer ?? ''}`;
    out.push({ class: kind, location, technique: family(kind, kind === 'pathTraversal' ? evidence : lenientDecode(evidence)), source, request });
  }
  return out;
}

/** A traversal sits where a file name goes: a static path, a `file` parameter, a `template` field, a `lang` cookie. */
function fileRequest(request: CorpusRequest): CorpusRequest {
  const cookie = request.headers.cookie;
  return {
    ...request,
    path: request.path.replace(/^\/products\//, '/static/'),
    ...(request.query === undefined ? {} : { query: request.query.replace(/^q=/, 'file=') }),
    ...(request.body === undefined ? {} : { body: request.body.replace(/&message=/, '&template=') }),
    headers: cookie === undefined ? request.headers : { ...request.headers, cookie: cookie.replace(/; pref=/, '; lang=') },
  };
}

/** Every payload at a rotating location, and at most `variants` evasions of it, each labelled. */
function payloadAttacks(payloads: readonly Payload[], variants: number): Attack[] {
  const out: Attack[] = [];
  payloads.forEach((item, index) => {
    const put = (payload: string, where: Location, encoded: boolean, extraEncoding = false) => {
      const request = place(payload, where, encoded, extraEncoding);
      return request !== undefined && item.class === 'pathTraversal' ? fileRequest(request) : request;
    };
    const location = item.class === 'pathTraversal' ? TRAVERSAL_LOCATIONS[index % TRAVERSAL_LOCATIONS.length] : LOCATIONS[index % LOCATIONS.length];
    const base = put(item.payload, location, item.encoded);
    // Traversal lists' escapes are the technique; other lists' escapes hide the payload's family.
    const baseFamily = family(item.class, item.encoded && item.class !== 'pathTraversal' ? lenientDecode(item.payload) : item.payload);
    if (base !== undefined) out.push({ class: item.class, location, technique: baseFamily, source: item.source, request: base });
    const evasions = item.class === 'sqlInjection' ? SQL_EVASIONS : item.class === 'crossSiteScripting' ? XSS_EVASIONS : TRAVERSAL_EVASIONS;
    const names = Object.keys(evasions);
    let made = 0;
    for (let k = 0; k < names.length && made < variants; k++) {
      const name = names[(index + k) % names.length];
      const variant = evasions[name](item.payload);
      if (variant === undefined || variant === item.payload) continue;
      // Traversal evasions go where traversal works: the path and the query (a file parameter).
      const where: Location = item.class === 'pathTraversal' ? (made % 2 === 0 ? 'path' : 'query') : LOCATIONS[(index + k + 1) % LOCATIONS.length];
      const request = put(variant, where, item.encoded);
      if (request === undefined) continue;
      out.push({ class: item.class, location: where, technique: name, source: item.source, request });
      made++;
    }
    // Double URL-encoding and JSON \u-escapes: the decoding a single pass does not undo.
    if (!item.encoded && index % 3 === 0) {
      const where: Location = index % 2 === 0 ? 'query' : 'path';
      const request = put(item.payload, where, false, true);
      if (request !== undefined) out.push({ class: item.class, location: where, technique: 'double-encoding', source: item.source, request });
    }
    if (!item.encoded && index % 3 === 1) {
      const request = put(item.payload, 'body', false, true);
      if (request !== undefined) out.push({ class: item.class, location: 'body', technique: 'json-unicode-escape', source: item.source, request });
    }
    // IIS's %u escapes of the metacharacters, and form encoding's + for a space.
    if (!item.encoded && index % 3 === 2) {
      const wire = encode(item.payload).replace(/%(22|27|3C|3E|20|28|29)/g, '%u00$1');
      const where: Location = index % 2 === 0 ? 'query' : 'path';
      const request = wire.includes('%u') ? put(wire, where, true) : undefined;
      if (request !== undefined) out.push({ class: item.class, location: where, technique: '%u-encoding', source: item.source, request });
    }
    if (!item.encoded && item.payload.includes(' ') && index % 4 === 0) {
      const request = put(encode(item.payload).replace(/%20/g, '+'), 'query', true);
      if (request !== undefined) out.push({ class: item.class, location: 'query', technique: 'space-as-plus', source: item.source, request });
    }
  });
  return out;
}

/**
 * The user agents attack tools send by default, as their documentation, configuration or
 * captured traffic shows them (versions current when written). Each is requested on paths the
 * tools probe.
 */
const TOOL_USER_AGENTS: readonly [string, string][] = [
  ['sqlmap', 'sqlmap/1.8.11#stable (https://sqlmap.org)'],
  ['nikto', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)'],
  ['nmap', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'],
  ['masscan', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)'],
  ['zgrab', 'Mozilla/5.0 zgrab/0.x'],
  ['nuclei', 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)'],
  ['wpscan', 'WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)'],
  ['dirbuster', 'DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)'],
  ['gobuster', 'gobuster/3.6'],
  ['ffuf', 'Fuzz Faster U Fool v2.1.0-dev'],
  ['feroxbuster', 'feroxbuster/2.11.0'],
  ['wfuzz', 'Wfuzz/3.1.0'],
  ['whatweb', 'WhatWeb/0.5.5'],
  ['acunetix', 'Mozilla/5.0 (compatible; Acunetix Web Vulnerability Scanner)'],
  ['netsparker', 'Mozilla/5.0 (compatible; Netsparker)'],
  ['w3af', 'w3af.org'],
  ['havij', 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1; SV1; .NET CLR 2.0.50727) Havij'],
  ['jorgee', 'Mozilla/5.0 Jorgee'],
  ['zmeu', 'ZmEu'],
  ['commix', 'commix/v4.0-stable (https://commixproject.com)'],
  ['hydra', 'Mozilla/4.0 (Hydra)'],
  ['skipfish', 'Mozilla/5.0 SF/2.10b'],
  ['openvas', 'Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)'],
  ['arachni', 'Arachni/v1.6.1.3'],
  ['wapiti', 'Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Firefox/45.0 wapiti/3.1.8'],
];

function toolAttacks(): Attack[] {
  const paths = ['/', '/wp-login.php', '/admin/login', '/api/v1/users', '/index.php'];
  return TOOL_USER_AGENTS.flatMap(([tool, ua], index) =>
    [0, 1, 2].map((k) => ({
      class: 'badBot' as const,
      location: 'userAgent' as const,
      technique: 'tool-default-user-agent',
      source: `authored: ${tool}'s default user agent`,
      request: { method: 'GET', path: paths[(index + k) % paths.length], headers: { ...baseHeaders(), 'user-agent': ua } },
    })),
  );
}

/**
 * Scanner user agents: the CRS list of scanner tokens (rules/scanners-user-agents.data), each
 * sent bare, with a version the way the tools announce themselves, and in a browser-like
 * wrapper (tools that append their name to a Mozilla string).
 */
function scannerAttacks(gitDir: string): Attack[] {
  const file = 'rules/scanners-user-agents.data';
  const text = gitShow(gitDir, file) ?? '';
  const out: Attack[] = [];
  const paths = ['/', '/wp-login.php', '/admin/', '/.env', '/api/v1/users', '/robots.txt'];
  payloadLines(text).forEach((token, index) => {
    const forms: [string, string][] = [
      [token, 'scanner-token'],
      [/\//.test(token) ? token : `${token}/${1 + (index % 4)}.${index % 10}`, 'scanner-versioned'],
      [`Mozilla/5.0 (compatible; ${token}; +https://example.net/)`, 'scanner-in-browser-ua'],
    ];
    for (const [ua, technique] of forms)
      out.push({
        class: 'badBot',
        location: 'userAgent',
        technique,
        source: `coreruleset/coreruleset:${file}`,
        request: { method: 'GET', path: paths[index % paths.length], headers: { ...baseHeaders(), 'user-agent': ua } },
      });
  });
  return out;
}

// --- output ------------------------------------------------------------------------------------

const CLASS_ORDER: readonly AttackClass[] = ['sqlInjection', 'crossSiteScripting', 'pathTraversal', 'badBot'];

function main(): void {
  const crs = argument('crs');
  const libinjection = argument('libinjection');
  const pat = argument('pat');
  const outDir = argument('out') ?? join(__dirname, '..', 'test', 'fixtures', 'efficacy');
  if (crs === undefined || libinjection === undefined || pat === undefined) {
    console.error('usage: build-efficacy-corpus --crs <dir> --libinjection <dir> --pat <dir> [--out <dir>]');
    process.exitCode = 2;
    return;
  }
  const attacks = [
    ...crsAttacks(crs),
    ...scannerAttacks(crs),
    ...toolAttacks(),
    ...payloadAttacks(libinjectionPayloads(libinjection, 6), 1),
    ...payloadAttacks(patPayloads(pat), 2),
  ];
  const seen = new Set<string>();
  const unique = attacks.filter((attack) => {
    const key = requestKey(attack.request);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort(
    (a, b) =>
      CLASS_ORDER.indexOf(a.class) - CLASS_ORDER.indexOf(b.class) ||
      a.source.localeCompare(b.source, 'en') ||
      requestKey(a.request).localeCompare(requestKey(b.request), 'en'),
  );
  const counters = new Map<AttackClass, number>();
  const attackLines = unique.map((attack, index) => {
    const n = (counters.get(attack.class) ?? 0) + 1;
    counters.set(attack.class, n);
    const id = `${ID_PREFIX[attack.class]}-${String(n).padStart(4, '0')}`;
    return corpusLine(attack.request, index, { id, class: attack.class, location: attack.location, technique: attack.technique, source: attack.source });
  });
  const falsePositivesFile = 'data/false_positives.txt';
  const searches = spread(
    payloadLines(gitShow(libinjection, falsePositivesFile) ?? '').filter((line) => line.length <= 200),
    160,
  );
  const benign = benignRequests(searches, `client9/libinjection:${falsePositivesFile}`);
  const benignSeen = new Set<string>();
  const benignLines = benign
    .filter((item) => {
      const key = requestKey(item.request);
      if (benignSeen.has(key) || seen.has(key)) return false;
      benignSeen.add(key);
      return true;
    })
    .map((item, index) =>
      corpusLine(item.request, index, {
        id: `benign-${String(index + 1).padStart(4, '0')}`,
        class: 'benign',
        location: item.location,
        source: item.source ?? 'authored',
      }),
    );
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'attacks.jsonl'), `${attackLines.join('\n')}\n`);
  writeFileSync(join(outDir, 'benign.jsonl'), `${benignLines.join('\n')}\n`);
  console.log(
    `wrote ${attackLines.length} attacks (${CLASS_ORDER.map((c) => `${c} ${counters.get(c) ?? 0}`).join(', ')}) and ${benignLines.length} benign requests to ${outDir}`,
  );
}

main();
