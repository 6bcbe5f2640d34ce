import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A JSON Lines file of `count` requests for the strict example, mixed as a busy API sees them:
 * mostly customers (pages, assets, API calls with a user id) from many addresses, a few
 * scanners, injection attempts and a login burst from one address. One second apart per hundred
 * requests, so rate limits count over realistic windows. Written in batches: the file is never held in memory.
 */
export function writeRequestStream(file: string, count: number): void {
  const descriptor = openSync(file, 'w');
  try {
    const start = Date.parse('2026-12-07T10:00:00Z');
    let batch: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const time = new Date(start + Math.floor(i / 100) * 1000).toISOString();
      const ip = `198.51.${(i >> 8) & 255}.${i & 255}`;
      batch.push(JSON.stringify(requestAt(i, ip, time)));
      if (batch.length === 1000 || i === count - 1) {
        writeSync(descriptor, `${batch.join('\n')}\n`);
        batch = [];
      }
    }
  } finally {
    closeSync(descriptor);
  }
}

function requestAt(i: number, ip: string, time: string): Record<string, unknown> {
  const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
  switch (i % 20) {
    case 0:
      return { id: `r${i}`, method: 'GET', path: '/', headers: { host: 'api.example.com', 'user-agent': browser }, ip, time };
    case 1:
      return { id: `r${i}`, method: 'GET', path: '/static/app.3f9a.js', headers: { host: 'api.example.com', 'user-agent': browser }, ip, time };
    case 2:
      return {
        id: `r${i}`,
        method: 'GET',
        path: '/api/orders',
        query: `page=${i % 7}&sort=-created`,
        headers: { host: 'api.example.com', 'user-agent': 'okhttp/4.12.0', 'x-user-id': `u-${i % 5000}` },
        ip,
        time,
      };
    case 3:
      return {
        id: `r${i}`,
        method: 'GET',
        path: '/api/search',
        query: 'q=union%20station%20select%20seats',
        headers: { host: 'api.example.com', 'user-agent': browser },
        ip,
        time,
      };
    case 4:
      return {
        id: `r${i}`,
        method: 'POST',
        path: '/api/auth/login',
        headers: { host: 'api.example.com', 'user-agent': 'python-requests/2.32.3', 'content-type': 'application/json' },
        body: '{"email":"a@example.com","password":"x"}',
        ip: '203.0.113.7',
        time,
      };
    case 5:
      return {
        id: `r${i}`,
        method: 'GET',
        path: '/api/orders',
        query: 'id=1',
        headers: { host: 'api.example.com', 'user-agent': 'sqlmap/1.8.11#stable (https://sqlmap.org)' },
        ip,
        time,
      };
    case 6:
      return {
        id: `r${i}`,
        method: 'GET',
        path: '/api/products',
        query: 'id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--',
        headers: { host: 'api.example.com', 'user-agent': browser },
        ip,
        time,
      };
    default:
      return {
        id: `r${i}`,
        method: 'GET',
        path: `/api/items/${i % 1000}`,
        headers: { host: 'api.example.com', 'user-agent': browser, 'x-user-id': `u-${i % 5000}`, cookie: 'session=abc; theme=dark' },
        ip,
        time,
      };
  }
}
