/**
 * The addresses Cloudflare's proxy connects to origins from, as published at
 * https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6 (also served by the
 * API, GET https://api.cloudflare.com/client/v4/ips). Kept as data so synthesis stays offline.
 *
 * Refresh: `curl -s https://www.cloudflare.com/ips-v4; curl -s https://www.cloudflare.com/ips-v6`,
 * replace the lists below in the published order, set `fetched` to the day, and run
 * test/aws/network/edge-security-groups.test.ts. A range Cloudflare adds and this list lacks
 * only drops that range's traffic at the load balancer; a range it drops and this list keeps
 * stays open to a network Cloudflare may no longer own, so compare both ways.
 */
export const CLOUDFLARE_IP_RANGES = {
  /** The day the lists were last checked against the published ones (UTC). */
  fetched: '2026-12-07',
  ipv4: [
    '173.245.48.0/20',
    '103.21.244.0/22',
    '103.22.200.0/22',
    '103.31.4.0/22',
    '141.101.64.0/18',
    '108.162.192.0/18',
    '190.93.240.0/20',
    '188.114.96.0/20',
    '197.234.240.0/22',
    '198.41.128.0/17',
    '162.158.0.0/15',
    '104.16.0.0/13',
    '104.24.0.0/14',
    '172.64.0.0/13',
    '131.0.72.0/22',
  ],
  ipv6: ['2400:cb00::/32', '2606:4700::/32', '2803:f800::/32', '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32'],
} as const;
