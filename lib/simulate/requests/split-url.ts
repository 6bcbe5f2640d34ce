/** A request URL split as sent: nothing decoded or re-encoded. */
export interface UrlParts {
  /** Lower-case scheme (`https`), or '' for a URL that starts at its path. */
  readonly scheme: string;
  /** The authority without user information, lower-case (`example.com:8443`), or ''. */
  readonly authority: string;
  /** The path as written, `/` when empty. */
  readonly path: string;
  /** The query without `?`, '' for none; the fragment (never sent) is dropped. */
  readonly query: string;
}

/**
 * Splits an absolute URL (`scheme://authority/path?query#fragment`) or an origin-form target
 * (`/path?query`) by hand: WHATWG `URL` would percent-encode and normalise the path, and the
 * simulators must see the bytes the client sent. Undefined when it is neither form.
 */
export function splitUrl(url: string): UrlParts | undefined {
  let scheme = '';
  let authority = '';
  let rest = url;
  if (!url.startsWith('/')) {
    const separator = url.indexOf('://');
    if (separator <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, separator))) return undefined;
    scheme = url.slice(0, separator).toLowerCase();
    const afterScheme = url.slice(separator + 3);
    let end = afterScheme.length;
    for (const delimiter of ['/', '?', '#']) {
      const at = afterScheme.indexOf(delimiter);
      if (at !== -1 && at < end) end = at;
    }
    const withUser = afterScheme.slice(0, end);
    authority = withUser.slice(withUser.lastIndexOf('@') + 1).toLowerCase();
    rest = afterScheme.slice(end);
  }
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const path = question === -1 ? rest : rest.slice(0, question);
  return { scheme, authority, path: path === '' ? '/' : path, query: question === -1 ? '' : rest.slice(question + 1) };
}

/** The authority without the scheme's default port (`example.com:443` over https is `example.com`), as a Host header would usually carry it. */
export function withoutDefaultPort(authority: string, scheme: string): string {
  const port = scheme === 'https' || scheme === 'wss' ? ':443' : scheme === 'http' || scheme === 'ws' ? ':80' : undefined;
  return port !== undefined && authority.endsWith(port) ? authority.slice(0, -port.length) : authority;
}
