import { describe, expect, it } from 'vitest';
import { zoneNameProblems } from '../../lib/cloudflare/zone-name-problems';

describe('zoneNameProblems', () => {
  it.each(['example.com', 'shop.example.co.uk', 'xn--bcher-kva.example', 'a-b.example.com', `${'a'.repeat(63)}.com`])('accepts %s', (name) => {
    expect(zoneNameProblems(name, 'name')).toEqual([]);
  });

  it.each([
    ['', 'is empty; write the zone name, e.g. example.com'],
    ['Example.com', '"Example.com" has uppercase letters; write it in lowercase, as Cloudflare lists the zone'],
    [
      'a.com" or true or "',
      '"a.com\\" or true or \\"" holds "\\""; a zone name has only letters, digits, hyphens and dots (an internationalized name in its xn-- form)',
    ],
    ['a.com\n', '"a.com\\n" holds the character U+000A; a zone name has only letters, digits, hyphens and dots (an internationalized name in its xn-- form)'],
    [
      'bücher.example',
      '"bücher.example" holds the character U+00FC; a zone name has only letters, digits, hyphens and dots (an internationalized name in its xn-- form)',
    ],
    ['*.example.com', '"*.example.com" holds "*"; a zone name has only letters, digits, hyphens and dots (an internationalized name in its xn-- form)'],
    ['localhost', '"localhost" is one label; a zone is a domain such as example.com'],
    ['example.com.', '"example.com." has an empty label (a leading, trailing or double dot)'],
    ['-a.example.com', '"-a.example.com" has a label that starts or ends with a hyphen'],
    [`${'a'.repeat(64)}.com`, `"${'a'.repeat(64)}.com" has a label of 64 characters; at most 63`],
    [`${'a.'.repeat(127)}com`, 'has 257 characters; a domain name has at most 253'],
    ['192.0.2.1', '"192.0.2.1" ends in a numeric label; an IP address is not a zone'],
  ])('refuses %j', (name, message) => {
    expect(zoneNameProblems(name, 'zones[0].name')).toEqual([{ field: 'zones[0].name', message }]);
  });
});
