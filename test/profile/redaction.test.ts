// Redaction in profile errors, one way at a time: in each case the secret is hidden by exactly
// one rule (a credential-named key, an unknown field, a secret item's field, the value's
// shape), so a rule that stops working shows its secret here (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import {
  capIssues,
  describeReceived,
  describeValue,
  displayKey,
  formatIssues,
  formatPath,
  MAX_REPORTED_ISSUES,
  ProfileValidationError,
} from '../../lib/profile/errors';
import { parseProfile } from '../../lib/profile/load';

function messageFor(profile: unknown): string {
  try {
    parseProfile(profile);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).message;
  }
  throw new Error('expected the profile to be refused');
}

describe('a value under a credential-named key', () => {
  it('is hidden in an error, though the value itself looks harmless and the field is known', () => {
    const message = messageFor({ name: 'demo', environment: { password: 'plain words', note: 'kept' } });
    expect(message).not.toContain('plain words');
    expect(message).toContain('kept');
  });

  it('is hidden at any depth, in lists too, and numbers with it', () => {
    expect(describeReceived(['environment'], { db: [{ apiKey: 'plain words' }], region: 'eu' })).toBe(
      '{"db":[{"apiKey":"<11 characters, not shown>"}],"region":"eu"}',
    );
    expect(describeReceived(['environment'], { pin: { password: 1234 } })).toBe('{"pin":{"password":"<a number, not shown>"}}');
  });

  it('is hidden in a list under that key, and under that key at the top level of the profile', () => {
    expect(describeReceived(['environment'], { password: ['plain words'] })).toBe('{"password":["<11 characters, not shown>"]}');
    expect(describeReceived(['password'], 'plain words')).toBe('a string of 11 characters (not shown: it may be a secret)');
    expect(describeReceived(['auth', 'secrets'], 'plain words')).toBe('a string of 11 characters (not shown: it may be a secret)');
  });

  it('leaves null and plain values around it as they are', () => {
    expect(describeReceived(['environment'], null)).toBe('null');
    expect(describeReceived(['environment'], { region: null, zone: 3 })).toBe('{"region":null,"zone":3}');
  });

  it('is hidden when the credential-named key is the field itself', () => {
    expect(describeReceived(['auth', 'password'], 'plain words')).toBe('a string of 11 characters (not shown: it may be a secret)');
    expect(describeReceived(['auth', 'value'], 'plain words')).toBe('a string of 11 characters (not shown: it may be a secret)');
    expect(describeReceived(['auth', 'password'], 1234)).toBe('a number (not shown: it may be a secret)');
  });

  it('but the top-level secrets section is structure: its plain fields are shown', () => {
    expect(describeReceived(['secrets', 'services'], 'plain words')).toBe('"plain words"');
    expect(describeReceived(['tls', 'minVersion'], 12)).toBe('12');
  });
});

describe('a value under a field the schema does not know', () => {
  it('is hidden, a number too, and shown when the field is known', () => {
    expect(describeReceived(['colour'], 'blue', true)).toBe('a string of 4 characters (not shown: it may be a secret)');
    expect(describeReceived(['colour'], 7, true)).toBe('a number (not shown: it may be a secret)');
    expect(describeReceived(['colour'], { shade: 'blue' }, true)).toBe('{"shade":"<4 characters, not shown>"}');
    expect(describeReceived(['environment'], 'blue')).toBe('"blue"');
  });

  it('shows a quoted boolean anywhere, since it is never a secret, but not a longer word that holds one', () => {
    expect(describeReceived(['colour'], 'true', true)).toBe('"true"');
    expect(describeReceived(['auth', 'password'], 'OFF')).toBe('"OFF"');
    expect(describeReceived(['auth', 'password'], 'untrue')).toBe('a string of 6 characters (not shown: it may be a secret)');
    expect(describeReceived(['auth', 'password'], 'nullify')).toBe('a string of 7 characters (not shown: it may be a secret)');
  });
});

describe('a value in a secret item', () => {
  const item = (...rest: PropertyKey[]) => ['secrets', 'items', 0, ...rest];

  it('shows the fields that name or describe the secret when they hold plain text', () => {
    expect(describeReceived(item('name'), 'stripe key')).toBe('"stripe key"');
    expect(describeReceived(item('generate', 'bytes'), 'thirty two')).toBe('"thirty two"');
    expect(describeReceived(item('database', 'engine'), 'postgres')).toBe('"postgres"');
    for (const field of ['service', 'tier', 'rotateAfterDays', 'description', 'bundle', 'username', 'encoding', 'keyPair'])
      expect(describeReceived(item(field), 'plain words'), field).toBe('"plain words"');
  });

  it('hides any other field of the item, and a described field holding more than plain text', () => {
    expect(describeReceived(item('note'), 'plain words')).toMatch(/^a string of 11 characters/);
    expect(describeReceived(item('other', 'name'), 'plain words')).toMatch(/^a string of 11 characters/);
    expect(describeReceived(item('description'), 'user=admin pass=hunter2')).toMatch(/^a string of 23 characters/);
    expect(describeReceived(item('description'), 'admin@db.internal')).toMatch(/^a string of 17 characters/);
  });

  it('treats only the secrets section, its items and an item index as an item', () => {
    expect(describeReceived(['vault', 'items', 0, 'note'], 'plain words')).toBe('"plain words"');
    expect(describeReceived(['secrets', 'item', 0, 'note'], 'plain words')).toBe('"plain words"');
    expect(describeReceived(['secrets', 'items', 'x', 'note'], 'plain words')).toBe('"plain words"');
    expect(describeReceived(['secrets', 'items', 0], 'plain words')).toBe('"plain words"');
  });
});

describe('a value shaped like a credential', () => {
  it('is hidden under any field, with its length shown', () => {
    expect(describeReceived(['environment'], 'xoxb-17653672481-19874698323')).toBe('a string of 28 characters (not shown: it may be a secret)');
    expect(describeReceived(['environment'], ['sk_live_4eC39HqLyjWD'])).toBe('["<20 characters, not shown>"]');
  });
});

describe('keys in error messages', () => {
  it('shows a name-shaped key and hides one that may be a secret', () => {
    expect(displayKey('region')).toBe('"region"');
    expect(displayKey('Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0Ns')).toBe('<a key of 32 characters, not shown>');
    expect(displayKey('has space')).toBe('<a key of 9 characters, not shown>');
    expect(displayKey('x'.repeat(65))).toBe('<a key of 65 characters, not shown>');
    expect(displayKey('x'.repeat(64))).toBe(`"${'x'.repeat(64)}"`);
    expect(describeReceived(['environment'], { sk_live_4eC39HqLyjWD: 1 })).toBe('{"<a key of 20 characters>":1}');
  });

  it('writes a path with dots, indexes, quoted odd keys and hidden secret keys', () => {
    expect(formatPath(['rateLimits', 0, 'limit'])).toBe('rateLimits[0].limit');
    expect(formatPath(['headers', 'x-frame-options'])).toBe('headers["x-frame-options"]');
    expect(formatPath(['env', 'AKIAIOSFODNN7EXAMPLE'])).toBe('env[<a key of 20 characters, not shown>]');
    expect(formatPath(['$ref'])).toBe('$ref');
  });
});

describe('describeValue', () => {
  it('writes JSON briefly, and what JSON cannot write by its kind', () => {
    expect(describeValue(undefined)).toBeUndefined();
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(Infinity)).toBe('Infinity');
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(() => 1)).toBe('function');
    expect(describeValue('x'.repeat(78))).toBe(`"${'x'.repeat(78)}"`);
    expect(describeValue('x'.repeat(79))).toBe(`"${'x'.repeat(76)}...`);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('object');
  });
});

describe('the error message', () => {
  const issue = { path: 'tls.minVersion', message: 'is wrong', allowed: '"1.2"', fix: 'use 1.2' };

  it('counts the problems and places each by field, file, line and column', () => {
    expect(formatIssues([issue])).toBe(
      ['The profile has 1 problem:', '- tls.minVersion: is wrong', '    received: nothing', '    allowed:  "1.2"', '    fix:      use 1.2'].join('\n'),
    );
    const placed = formatIssues([
      { ...issue, path: '', received: '1', file: 'p.yaml', line: 3 },
      { ...issue, file: 'p.yaml', line: 4, column: 7 },
    ]);
    expect(placed).toContain('The profile has 2 problems:');
    expect(placed).toContain('- (document) (p.yaml:3:1): is wrong\n    received: 1');
    expect(placed).toContain('- tls.minVersion (p.yaml:4:7): is wrong');
  });

  it(`reports at most ${MAX_REPORTED_ISSUES} problems and counts the rest`, () => {
    expect(capIssues(Array.from({ length: MAX_REPORTED_ISSUES }, () => issue))).toHaveLength(MAX_REPORTED_ISSUES);
    const capped = new ProfileValidationError(Array.from({ length: MAX_REPORTED_ISSUES + 3 }, () => issue));
    expect(capped.issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(capped.issues.at(-1)).toEqual({
      path: '',
      message: 'has 3 more problems, not listed',
      allowed: 'a profile with few problems',
      fix: 'fix the problems above, then validate again',
    });
    expect(capped.name).toBe('ProfileValidationError');
  });
});
