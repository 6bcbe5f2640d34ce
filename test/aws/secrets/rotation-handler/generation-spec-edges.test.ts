// The edges of a generation spec: what the rotation function accepts as its pins and as a
// secret's tag, and when a tag asks for a weaker value (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import {
  effectiveSpec,
  isWeaker,
  parseSpec,
  readPinnedSpecs,
  specOfTag,
  writePinnedSpecs,
  type GenerationSpec,
} from '../../../../lib/aws/secrets/rotation-handler/generation-spec';

const hex = (bytes: number): GenerationSpec => ({ bytes, encoding: 'hex' });
const base64 = (bytes: number): GenerationSpec => ({ bytes, encoding: 'base64' });
const rsa = (keyPair: 'rsa-2048' | 'rsa-4096'): GenerationSpec => ({ bytes: 64, encoding: 'hex', keyPair });

describe('parseSpec', () => {
  it('accepts sizes from 16 to 4096 bytes in hex or base64, and the two key pairs', () => {
    expect(parseSpec('hex:16')).toEqual(hex(16));
    expect(parseSpec('base64:4096')).toEqual(base64(4096));
    expect(parseSpec('rsa-2048')).toEqual(rsa('rsa-2048'));
    expect(parseSpec('rsa-4096')).toEqual(rsa('rsa-4096'));
  });

  it.each(['hex:15', 'base64:4097', 'hex:', 'HEX:32', 'hex:32 ', ' hex:32', 'hex:12345', 'utf8:32', 'rsa-1024'])('refuses %j', (text) => {
    expect(() => parseSpec(text)).toThrow(
      `"${text}" is not a generation spec Bulwark accepts (hex:N or base64:N with N from 16 to 4096, rsa-2048 or rsa-4096)`,
    );
  });
});

describe('specOfTag', () => {
  it('reads a tag in its canonical form', () => {
    expect(specOfTag('{"bytes":32,"encoding":"base64"}')).toBe('base64:32');
    expect(specOfTag('{"bytes":64,"encoding":"hex","keyPair":"rsa-4096"}')).toBe('rsa-4096');
  });

  it.each([
    ['not JSON', '{bytes', 'the bulwark:generate tag {bytes is not JSON'],
    ['null', 'null', 'the bulwark:generate tag null is not a generation spec Bulwark accepts'],
    ['a number', '7', 'the bulwark:generate tag 7 is not a generation spec Bulwark accepts'],
    [
      'a size written as text',
      '{"bytes":"64","encoding":"hex"}',
      'the bulwark:generate tag {"bytes":"64","encoding":"hex"} is not a generation spec Bulwark accepts',
    ],
    [
      'a fractional size',
      '{"bytes":32.5,"encoding":"hex"}',
      'the bulwark:generate tag {"bytes":32.5,"encoding":"hex"} is not a generation spec Bulwark accepts',
    ],
    [
      'an unknown encoding',
      '{"bytes":32,"encoding":"utf8"}',
      'the bulwark:generate tag {"bytes":32,"encoding":"utf8"} is not a generation spec Bulwark accepts',
    ],
    [
      'an unknown key pair',
      '{"bytes":32,"encoding":"hex","keyPair":"rsa-1024"}',
      'the bulwark:generate tag {"bytes":32,"encoding":"hex","keyPair":"rsa-1024"} is not a generation spec Bulwark accepts',
    ],
    ['a size below the floor', '{"bytes":8,"encoding":"hex"}', '"hex:8" is not a generation spec Bulwark accepts'],
  ])('refuses %s', (_kind, tag, message) => {
    expect(() => specOfTag(tag)).toThrow(message);
  });
});

describe('the pinned specs', () => {
  it('round-trip, grouped by spec', () => {
    const written = writePinnedSpecs({ a: hex(64), b: hex(64), c: rsa('rsa-2048') });
    expect(JSON.parse(written)).toEqual({ 'hex:64': ['a', 'b'], 'rsa-2048': ['c'] });
    expect([...readPinnedSpecs(written)]).toEqual([
      ['a', hex(64)],
      ['b', hex(64)],
      ['c', rsa('rsa-2048')],
    ]);
  });

  it('refuse a missing variable, a list that is not of names, and a secret pinned twice', () => {
    for (const variable of [undefined, ''])
      expect(() => readPinnedSpecs(variable)).toThrow("BULWARK_GENERATION_SPECS is not set: the function pins no secret's spec, so it rotates none");
    expect(() => readPinnedSpecs('{"hex:64":"a"}')).toThrow('BULWARK_GENERATION_SPECS: hex:64 must list secret names');
    expect(() => readPinnedSpecs('{"hex:64":["a",1]}')).toThrow('BULWARK_GENERATION_SPECS: hex:64 must list secret names');
    expect(() => readPinnedSpecs('{"hex:64":["a"],"hex:32":["a"]}')).toThrow('BULWARK_GENERATION_SPECS: a is pinned twice');
  });
});

describe('effectiveSpec', () => {
  const pins = new Map([['app/KEY', hex(64)]]);
  const tag = (spec: string) => [
    { Key: 'other', Value: 'x' },
    { Key: 'bulwark:generate', Value: spec },
  ];

  it('is the pin, with or without a tag that agrees', () => {
    expect(effectiveSpec('app/KEY', pins, undefined)).toEqual(hex(64));
    expect(effectiveSpec('app/KEY', pins, tag('{"bytes":64,"encoding":"hex"}'))).toEqual(hex(64));
  });

  it('refuses a secret with no pin, and a tag asking for a weaker or another spec', () => {
    expect(() => effectiveSpec('app/OTHER', pins, undefined)).toThrow('no generation spec is pinned for app/OTHER: this function does not rotate it');
    expect(() => effectiveSpec('app/KEY', pins, tag('{"bytes":32,"encoding":"hex"}'))).toThrow(
      'the bulwark:generate tag of app/KEY asks for hex:32, weaker than the pinned hex:64; a tag does not change how a value is generated (redeploy with another profile to change it)',
    );
    expect(() => effectiveSpec('app/KEY', pins, tag('{"bytes":128,"encoding":"hex"}'))).toThrow('asks for hex:128, other than the pinned hex:64');
  });
});

describe('isWeaker', () => {
  it.each([
    [hex(32), hex(64), true],
    [hex(64), hex(64), false],
    [hex(128), hex(64), false],
    [base64(64), hex(64), true],
    [rsa('rsa-2048'), hex(64), true],
    [hex(64), rsa('rsa-2048'), true],
    [rsa('rsa-2048'), rsa('rsa-4096'), true],
    [rsa('rsa-4096'), rsa('rsa-2048'), false],
    [rsa('rsa-2048'), rsa('rsa-2048'), false],
  ] as const)('%j asked against %j pinned is %s', (asked, pinned, weaker) => {
    expect(isWeaker(asked, pinned)).toBe(weaker);
  });
});
