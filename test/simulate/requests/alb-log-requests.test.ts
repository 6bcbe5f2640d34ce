import { describe, expect, it } from 'vitest';
import { readAlbLogRequests } from '../../../lib/simulate/requests/alb-log-requests';
import { collect, writeTempFile } from '../../support/request-files';

// Entries in the layout of "Access log entries" for Application Load Balancers
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html):
// type time elb client:port target:port 3 timings elb/target status, bytes in/out, "request",
// "user_agent", ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
// "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed" …
const tail = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef "Root=1-67891233-abcdef012345678912345678"';
const https = [
  'https 2026-12-07T12:00:01.500000Z app/web-alb/0123456789abcdef 198.51.100.7:52311 10.0.1.5:8080 0.001 0.010 0.000 200 200 512 2048',
  '"POST https://Shop.Example:443/cart/add?item=%27x%27&qty=2 HTTP/2.0" "Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\""',
  `ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${tail} "shop.example" "arn:aws:acm:eu-west-1:111122223333:certificate/abc" 1`,
  '2026-12-07T12:00:01.400000Z "waf,forward" "-" "-" "10.0.1.5:8080" "200" "-" "-" TID_1',
].join(' ');
const http = [
  'http 2026-12-07T12:00:02.000000Z app/web-alb/0123456789abcdef [2001:db8::7]:40000 10.0.1.5:8080 0.000 0.002 0.000 404 404 90 120',
  `"GET http://api.example:8080/v1/items HTTP/1.1" "-" - - ${tail} "-" "-" 0`,
].join(' ');

describe('readAlbLogRequests', () => {
  it('reads method, host, raw path and query, client address, user agent, TLS and the request creation time', async () => {
    const file = writeTempFile('alb.log', `${https}\n\n${http}\n`);
    const records = await collect(readAlbLogRequests(file));
    expect(records).toHaveLength(2);
    const [first, second] = records.map((record) => (record.kind === 'request' ? record.request : undefined));
    expect(first).toMatchObject({
      id: 'line 1',
      method: 'POST',
      host: 'shop.example', // :443 is the listener's default port, not part of the Host header
      path: '/cart/add',
      query: 'item=%27x%27&qty=2',
      body: '',
      ip: '198.51.100.7',
      tls: true,
      time: Date.UTC(2026, 11, 7, 12, 0, 1, 400), // request_creation_time, not the response time
    });
    expect({ ...first?.headers }).toEqual({ host: ['shop.example'], 'user-agent': ['Mozilla/5.0 (X11; Linux x86_64) "quoted"'] });
    // An entry without request_creation_time (older layout) falls back to `time`; "-" is no user agent.
    expect(second).toMatchObject({ id: 'line 3', method: 'GET', host: 'api.example:8080', path: '/v1/items', query: '', ip: '2001:db8::7', tls: false });
    expect(second?.time).toBe(Date.UTC(2026, 11, 7, 12, 0, 2, 0));
    expect({ ...second?.headers }).toEqual({ host: ['api.example:8080'] });
  });

  it('reports an entry whose request the load balancer could not parse', async () => {
    const unparsed = http.replace('"GET http://api.example:8080/v1/items HTTP/1.1"', '"- http://api.example:8080- -"');
    const file = writeTempFile('alb.log', unparsed);
    const [record] = await collect(readAlbLogRequests(file));
    expect(record).toMatchObject({ kind: 'problem', location: `${file}:1` });
    expect(record.kind === 'problem' ? record.message : '').toMatch(/^request: .*could not parse this request/);
  });

  it('reports short entries, unterminated quotes, bad types, times and addresses', async () => {
    const lines = [
      'http 2026-12-07T12:00:02Z app/x 1.2.3.4:1',
      'http 2026-12-07T12:00:02Z app/x 1.2.3.4:1 "GET http://a/ HTTP/1.1',
      http.replace('http 2026-12-07T12:00:02.000000Z', 'tcp yesterday').replace('[2001:db8::7]:40000', '999.1.1.1:5'),
    ];
    const records = await collect(readAlbLogRequests(writeTempFile('alb.log', lines.join('\n'))));
    const messages = records.map((record) => (record.kind === 'problem' ? record.message : 'request'));
    expect(messages[0]).toMatch(/has 4 fields, an ALB access log entry has at least 14/);
    expect(messages[1]).toMatch(/without its closing quote/);
    expect(messages.slice(2).map((message) => message.split(':')[0])).toEqual(['type', 'time', 'client']);
  });
});
