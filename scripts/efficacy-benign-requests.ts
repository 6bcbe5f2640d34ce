// The benign half of the efficacy corpus, authored: what ordinary customers, apps and good bots
// send that a naive attack rule mistakes for an attack (SQL words in prose, apostrophes in
// names, `--` and `;` in text, `<` in maths, JSON and GraphQL bodies, tracking parameters,
// dotted paths, base64 and JWT cookies, real browser and crawler user agents).
import type { CorpusRequest, Location } from './efficacy-corpus-request';

export interface BenignRequest {
  readonly location: Location;
  readonly request: CorpusRequest;
  /** Where the text came from when not authored here. */
  readonly source?: string;
}

const HOST = 'www.example.com';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];

/** Good bots and ordinary clients: crawlers, link previews, monitoring, SDKs and the command line. */
const OTHER_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Twitterbot/1.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
  'Amazon CloudFront',
  'okhttp/4.12.0',
  'Dalvik/2.1.0 (Linux; U; Android 14; Pixel 7 Build/AP2A.240905.003)',
  'MyShop/5.12.1 (iPhone; iOS 18.1; Scale/3.00)',
  'axios/1.7.7',
  'python-requests/2.32.3',
  'curl/8.5.0',
  'Go-http-client/2.0',
  'PostmanRuntime/7.42.0',
  'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  'GitHub-Hookshot/1a2b3c4',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/489.0.0.53.81;]',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 345.0.0.31.89 (iPhone14,5; iOS 17_5; en_US)',
];

/** Text people type into search boxes, reviews, names and messages. */
const PROSE = [
  "O'Brien",
  "Sinéad O'Connor",
  "D'Angelo Russell",
  "Children's books",
  "Men's shoes size 10",
  "it's 5 o'clock somewhere",
  "Rock 'n' roll",
  "McDonald's near me",
  'select the best union of two sets',
  'How do I select a union representative?',
  'drop table tennis lessons',
  'delete from cart please',
  'Please update my order from yesterday',
  'insert into the left slot, then press',
  'where and when is the union meeting',
  'order by price, lowest first',
  'group by colour or size?',
  'sleep mask and benchmark results',
  'The script for the school play',
  'table of contents -- chapter 3',
  'Great product -- would buy again; shipping was slow',
  'Note: see page 4; also page 7 -- thanks!',
  'Ingredients: flour; sugar; eggs -- mix well',
  'a < b and b > c',
  '1 < 2',
  'x >= 10 && y <= 20',
  '3 > 2 > 1',
  'price < 50',
  'if n < 0 then -n else n',
  'I <3 this store',
  '5 % off for 2 > items',
  'Is 0.1 + 0.2 = 0.3?',
  'SELECT model, union jack mug',
  'select/deselect all',
  'Wait for delay notification',
  "What's new in v2.0?",
  'Look up "exact phrase" here',
  'C# vs C++ (comparison)',
  'email me at jane.doe+shop@example.org',
  'Tom & Jerry DVD',
  'half-price 1/2 off',
  '10% discount code = WINTER24',
  'vis-à-vis café crème',
  'naïve Zoë Ørsted',
  '東京 ラーメン',
  'Привет мир',
  'السلام عليكم',
  'emoji 🎉 party',
  'path/to/my/folder',
  'version 1.2.3 release notes',
  'the ../ notation in paths, explained',
  'run "ls -la" in the terminal',
  'echo hello; echo world',
  'alert me when back in stock',
  'javascript tutorial for beginners',
  'onload events in React',
  'script writing course',
  'iframe vs embed',
  'Union Square, San Francisco',
  'Drop-down menu not working',
  'Order #1234 -- missing item',
  'user@example.com; admin@example.com',
];

const NAMES = ["O'Brien", "O'Neil", "D'Souza", "Dell'Acqua", "N'Golo", "L'Oréal", "Ma'ayan", "O'Reilly Media", "Jean-Luc D'Arcy", "Mary-Kate O'Hara"];

const DOTTED_PATHS = [
  '/v1.2/files/report.final.pdf',
  '/.well-known/security.txt',
  '/.well-known/openid-configuration',
  '/.well-known/apple-app-site-association',
  '/.well-known/assetlinks.json',
  '/.well-known/acme-challenge/Xy3kQ9vR2mN8pL1aB6cD0eF4gH7jK5',
  '/static/js/main.4f2a9c1b.chunk.js',
  '/static/css/app.min.css',
  '/assets/fonts/inter-v12.latin.woff2',
  '/images/hero.banner.2x.webp',
  '/docs/v3.10.2/getting-started.html',
  '/downloads/tool-2.4.1.tar.gz',
  '/downloads/setup.x64.msi',
  '/api/v2.1/users/me',
  '/blog/2026/12/what-s-new-in-1.0',
  '/products/sku-12.345.678',
  '/files/Q3.2026.results.xlsx',
  '/favicon.ico',
  '/robots.txt',
  '/sitemap.xml',
  '/sitemap-products.1.xml',
  '/manifest.webmanifest',
  '/sw.js',
  '/apple-touch-icon-180x180.png',
  '/u/jane.doe',
  '/en-gb/help/returns.and.refunds',
  '/search/results.json',
  '/cdn-cgi/image/width=400,quality=75/img/a.jpg',
  '/media/O%27Brien-portrait.jpg',
  '/wiki/C%2B%2B',
  '/wiki/Select_(SQL)',
  '/wiki/Union_(set_theory)',
  '/tags/drop-table-tennis',
  '/recipes/fish-and-chips;jsessionid=A1B2C3D4',
  '/a/b/c/d/e/f/g/h/deep.page.html',
  '/packages/@scope/name/-/name-1.0.0.tgz',
  '/graphql',
  '/api/v1/orders/2026-12-07T10:00:00Z',
  '/api/items/%E6%9D%B1%E4%BA%AC',
  '/~alice/index.html',
];

const COOKIES = [
  '_ga=GA1.1.1234567890.1733500000; _ga_ABC123=GS1.1.1733500000.1.1.1733500100.0.0.0',
  'session=eyJ1c2VyIjoiamFuZSIsImNhcnQiOlsxLDIsM119.Z1Rz4Q.abcDEF123_-xyz',
  'token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'prefs=eyJ0aGVtZSI6ImRhcmsiLCJsYW5nIjoiZW4tR0IifQ==',
  'cart=W3siaWQiOjEsInF0eSI6Mn0seyJpZCI6NSwicXR5IjoxfV0%3D',
  'OptanonConsent=isGpcEnabled=0&datestamp=Mon+Dec+07+2026+10%3A00%3A00+GMT%2B0100&version=202411.1.0&groups=C0001%3A1%2CC0002%3A0',
  'CookieConsent={stamp:%27abc123==%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:false}',
  'csrftoken=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA; sessionid=k2j3h4g5f6d7s8a9',
  '__stripe_mid=6f8c1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b; __stripe_sid=1a2b3c4d',
  'lang=en-GB; currency=EUR; last_search=O%27Brien',
  'recently_viewed=12%2C45%2C78; tz=Europe%2FBerlin',
  'name="Jane O\'Brien"; theme=dark',
  'ajs_user_id=%22u-1842%22; ajs_anonymous_id=%2262f1e0c2-1b8b-4c0b-a0a3-52c9d9b4f1a2%22',
  'AWSALB=Xk8d+9sL/2mN3pQ4rS5tU6vW7xY8zA==; AWSALBCORS=Xk8d+9sL/2mN3pQ4rS5tU6vW7xY8zA==',
  '_fbp=fb.1.1733500000000.123456789; _gcl_au=1.1.987654321.1733500000',
  'remember_me=1; select_mode=union; drop_down=open',
  'filters=price%3C50%3Bcolour%3Dred',
  'note=see%20page%204%20--%20thanks',
];

const TRACKING = [
  'utm_source=newsletter&utm_medium=email&utm_campaign=winter_sale_2026&utm_content=hero_button&utm_term=boots',
  'gclid=Cj0KCQiA4L67BhDUARIsADWrl7Gk3v2b8xJz0Q_qZ9m1yX2aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5aAbC_EALw_wcB',
  'fbclid=IwZXh0bgNhZW0CMTAAAR2aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4yZ5_aem_AbCdEfGhIjKlMnOpQrStUv',
  'utm_source=google&utm_medium=cpc&utm_campaign=brand%20%7C%20exact&gclid=EAIaIQobChMI8pLq4a2kigMVZ4xQBh0aBc1dEAAYASAAEgK3mPD_BwE',
  'msclkid=2f4e6a8c0b1d3f5a7c9e1b3d5f7a9c1e&utm_source=bing&utm_medium=cpc',
  'mc_cid=4b5c6d7e8f&mc_eid=1a2b3c4d5e',
  '_ga=2.123456789.987654321.1733500000-1234567890.1733400000',
  'ref=producthunt&utm_source=producthunt&utm_medium=social&utm_campaign=launch-day',
  'yclid=1234567890123456789&utm_source=yandex',
  'ttclid=E.C.P.CqgBAbCdEfGhIjKlMnOpQrStUvWxYz0123456789&utm_source=tiktok',
  'redirect=https%3A%2F%2Fwww.example.com%2Faccount%2Forders%3Fpage%3D2',
  'return_to=%2Fcheckout%2Fshipping&step=2',
  'next=https://www.example.com/products/o-brien-boots?size=10&colour=brown',
  'url=https%3A%2F%2Fblog.example.org%2F2026%2F12%2Fselect-the-best-union-of-features%2F',
  'callback_url=https%3A%2F%2Fapp.example.com%2Foauth%2Fcallback&state=af0ifjsldkj&code=SplxlOBeZQQYbYS6WxSbIA',
  'share=https://twitter.com/intent/tweet?text=Drop%20table%20tennis%20news',
  'continue=%2Fsearch%3Fq%3DO%2527Brien%26page%3D3',
  'sort=-created&fields=id,name,price&filter[price][lt]=50&include=images',
  'ids=1,2,3,4,5,6,7,8,9,10&expand=customer.address',
  'q=&page=2&per_page=50&order=desc&order_by=updated_at',
  'from=2026-12-01&to=2026-12-07&tz=Europe/Berlin',
  'lat=52.5200&lng=13.4050&radius=5km',
  'v=1.2.3&platform=ios&build=20261207.1',
  'text=Hello%2C+world!+How+are+you%3F&lang=en',
  'callback=jQuery3710123456789_1733500000000&_=1733500000001',
  's=%22exact+phrase%22+-excluded',
  // Parameters that begin like event handlers.
  'onsale=true&online_only=1&sort=price',
  'only=new&one_size=1&onboarding=complete',
  // REST query languages whose syntax is SQL-like by design (PostgREST, OData, Lucene).
  'select=id,name,orders(id,total)&order=created_at.desc&limit=10',
  'or=(status.eq.active,status.eq.trial)&select=*',
  'name=ilike.*o%27brien*&select=id,name',
  '$filter=Price%20lt%2050%20and%20Category%20eq%20%27Books%27&$orderby=Name%20desc&$select=Name,Price&$top=20',
  '$filter=startswith(LastName,%27O%27%27Brien%27)&$count=true',
  'q=title:%22union+square%22+AND+city:SF&sort=date:desc',
  'where=%7B%22price%22%3A%7B%22%24lt%22%3A50%7D%7D&sort=-price',
  'fields[articles]=title,body&filter[author]=O%27Reilly&sort=-published_at',
];

function headers(ua: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    host: HOST,
    'user-agent': ua,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'en-GB,en;q=0.9',
    ...extra,
  };
}

/** A query value as a browser's form submission sends it: spaces as `+`, the rest percent-encoded. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A query value as fetch()/URLSearchParams-less code sends it: spaces as %20, ' kept. */
function uriEncode(text: string): string {
  return encodeURIComponent(text);
}

function graphql(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

const GRAPHQL = [
  graphql('query { viewer { id name email } }', {}),
  graphql('query Orders($first: Int!) { orders(first: $first, orderBy: CREATED_AT_DESC) { edges { node { id total } } } }', { first: 10 }),
  graphql('mutation UpdateName($name: String!) { updateProfile(input: { name: $name }) { id name } }', { name: "Siobhán O'Brien" }),
  graphql('query Search($q: String!) { search(query: $q, first: 20) { ... on Product { id title } } }', { q: 'select the best union of fabrics' }),
  graphql('query { products(where: { price: { lt: 50 } }, orderBy: { price: asc }) { id name price } }', {}),
  graphql('mutation { deleteCartItem(id: "42") { cart { id items { id } } } }', {}),
  graphql('query Node($id: ID!) { node(id: $id) { id __typename } }', { id: 'UHJvZHVjdDoxMjM0' }),
  graphql('mutation AddReview($input: ReviewInput!) { addReview(input: $input) { id } }', {
    input: { rating: 5, text: 'Great for drop table tennis practice -- 10/10; would buy again' },
  }),
  graphql('query { __schema { queryType { name } } }', {}),
  graphql('subscription OnOrder { orderUpdated { id status } }', {}),
  graphql('query Union { search(text: "union") { __typename ... on User { name } ... on Post { title } } }', {}),
  graphql('query Fragments { me { ...UserFields } } fragment UserFields on User { id email createdAt }', {}),
];

/** Rich text and markdown as editors post them: tags a sanitizer allows, no script or handler. */
const RICH_TEXT = [
  '**Bold** and _italic_ -- see [docs](https://docs.example.com/a.b.c)',
  '# Heading\n\n- item one; item two\n- `SELECT * FROM users` is the query we ran in class',
  '<p>Hello <strong>world</strong></p>',
  '<p>See <a href="https://www.example.com/help">help</a> and <em>FAQ</em>.</p>',
  '<ul><li>1 &lt; 2</li><li>drop shipping</li></ul>',
  '<blockquote>O\'Brien said: "union is strength"</blockquote>',
  '```sql\nselect name from products where price < 10;\n```',
  '> quote -- with dashes; and semicolons',
  'Line one<br>Line two<br/>Line three',
  '<h2>Order update</h2><p>Delivered to 5 O&#39;Connell St.</p>',
  'x^2 + y^2 < r^2 and a/b > 0',
  '<img src="https://cdn.example.com/u/42/avatar.png" alt="avatar" width="64">',
  '<table><tr><td>Size</td><td>10</td></tr></table>',
  '1. Open the app\n2. Tap "Settings" > "Privacy"\n3. Select "Delete from device"',
];

/**
 * Every benign request, in a fixed order. `searches` are real shoppers' search terms that
 * libinjection once mistook for SQL injection (its data/false_positives.txt), sent as a search
 * box sends them; `searchSource` names that file.
 */
export function benignRequests(searches: readonly string[], searchSource: string): BenignRequest[] {
  const out: BenignRequest[] = [];
  const ua = (i: number) => USER_AGENTS[i % USER_AGENTS.length];

  searches.forEach((text, i) => {
    out.push({
      location: 'query',
      source: searchSource,
      request: {
        method: 'GET',
        path: i % 2 === 0 ? '/search' : '/market',
        query: `q=${formEncode(text)}&ref=${i % 3 === 0 ? 'auto' : 'search_bar'}`,
        headers: headers(ua(i + 7)),
      },
    });
  });

  // Search boxes and filters: prose in the query, as a form (+) and as fetch (%20) sends it.
  PROSE.forEach((text, i) => {
    out.push({ location: 'query', request: { method: 'GET', path: '/search', query: `q=${formEncode(text)}`, headers: headers(ua(i)) } });
    out.push({
      location: 'query',
      request: {
        method: 'GET',
        path: '/api/v1/search',
        query: `term=${uriEncode(text)}&limit=20`,
        headers: headers(ua(i + 3), { accept: 'application/json' }),
      },
    });
  });
  // Forms: contact, comment and sign-up bodies.
  PROSE.forEach((text, i) => {
    const name = NAMES[i % NAMES.length];
    out.push({
      location: 'body',
      request: {
        method: 'POST',
        path: i % 2 === 0 ? '/contact' : '/reviews/new',
        headers: headers(ua(i + 1), { 'content-type': 'application/x-www-form-urlencoded', origin: `https://${HOST}` }),
        body: `name=${formEncode(name)}&email=customer${i}%40example.org&message=${formEncode(text)}`,
      },
    });
    out.push({
      location: 'body',
      request: {
        method: i % 3 === 0 ? 'PUT' : 'POST',
        path: i % 3 === 0 ? `/api/v1/profile/${1000 + i}` : '/api/v1/comments',
        headers: headers(ua(i + 2), { 'content-type': 'application/json', accept: 'application/json' }),
        body: JSON.stringify({ author: name, body: text, tags: ['feedback', 'v1.2'], rating: 1 + (i % 5) }),
      },
    });
  });
  // Rich text and markdown in JSON bodies.
  RICH_TEXT.forEach((text, i) => {
    out.push({
      location: 'body',
      request: {
        method: 'POST',
        path: '/api/posts',
        headers: headers(ua(i), { 'content-type': 'application/json; charset=utf-8' }),
        body: JSON.stringify({ title: `Post ${i + 1}: notes`, content: text, draft: i % 2 === 0 }),
      },
    });
    out.push({
      location: 'body',
      request: {
        method: 'PATCH',
        path: `/api/v2/pages/${i + 10}`,
        headers: headers(ua(i + 4), { 'content-type': 'application/json' }),
        body: JSON.stringify({ blocks: [{ type: 'markdown', text }] }),
      },
    });
  });
  // GraphQL: POST bodies and persisted GET queries.
  GRAPHQL.forEach((body, i) => {
    out.push({ location: 'body', request: { method: 'POST', path: '/graphql', headers: headers(ua(i), { 'content-type': 'application/json' }), body } });
    const parsed = JSON.parse(body) as { query: string };
    out.push({ location: 'query', request: { method: 'GET', path: '/graphql', query: `query=${uriEncode(parsed.query)}`, headers: headers(ua(i + 5)) } });
  });
  // Tracking and redirect parameters on landing pages.
  TRACKING.forEach((query, i) => {
    for (const path of ['/', '/landing/winter-sale', '/products/o-brien-boots'])
      out.push({ location: 'query', request: { method: 'GET', path, query, headers: headers(ua(i + path.length)) } });
  });
  // Dotted and well-known paths.
  DOTTED_PATHS.forEach((path, i) => {
    out.push({ location: 'path', request: { method: 'GET', path, headers: headers(ua(i)) } });
    out.push({ location: 'path', request: { method: 'HEAD', path, headers: headers(OTHER_AGENTS[i % OTHER_AGENTS.length]) } });
  });
  // Cookies: analytics, signed sessions, JWTs, base64 preferences, consent strings.
  COOKIES.forEach((cookie, i) => {
    for (const path of ['/account', '/cart', '/api/v1/me'])
      out.push({ location: 'cookie', request: { method: 'GET', path, headers: headers(ua(i + path.length), { cookie }) } });
  });
  // User agents: browsers, mobile, good bots and API clients.
  [...USER_AGENTS, ...OTHER_AGENTS].forEach((agent, i) => {
    for (const path of ['/', '/products/boots', '/robots.txt'])
      out.push({
        location: 'userAgent',
        request: { method: 'GET', path, headers: headers(agent, i % 2 === 0 ? { 'accept-encoding': 'gzip, deflate, br' } : {}) },
      });
  });
  // Referers: search engines and social sites, with the visitor's query in them.
  PROSE.slice(0, 40).forEach((text, i) => {
    const referer = [
      `https://www.google.com/search?q=${formEncode(text)}&hl=en`,
      `https://www.bing.com/search?q=${formEncode(text)}&form=QBLH`,
      `https://duckduckgo.com/?q=${formEncode(text)}&ia=web`,
      `https://l.facebook.com/l.php?u=https%3A%2F%2F${HOST}%2Fproducts%2F${i}&h=AT0abc${i}`,
    ][i % 4];
    out.push({ location: 'referer', request: { method: 'GET', path: '/products/boots', headers: headers(ua(i), { referer }) } });
  });
  // Ordinary headers that carry text: an authorization bearer token and an API key.
  NAMES.forEach((name, i) => {
    out.push({
      location: 'header',
      request: {
        method: 'GET',
        path: '/api/v1/customers',
        query: `name=${uriEncode(name)}`,
        headers: headers('okhttp/4.12.0', {
          authorization: 'Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ1LTE4NDIiLCJzY29wZSI6InJlYWQ6b3JkZXJzIn0.c2lnbmF0dXJl',
          'x-request-id': `9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a${String(i).padStart(2, '0')}`,
          'if-none-match': `W/"${i}-abc"`,
        }),
      },
    });
  });
  return out;
}
