import { describe, expect, it } from 'vitest';
import {
  GENERATION_TAG,
  effectiveSpec,
  formatSpec,
  isWeaker,
  parseSpec,
  readPinnedSpecs,
  writePinnedSpecs,
  type GenerationSpec,
} from '../../../../lib/aws/secrets/rotation-handler/generation-spec';

const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const rsa4096: GenerationSpec = { bytes: 64, encoding: 'hex', keyPair: 'rsa-4096' };
const NAME = 'production/gateway/JWT_SECRET';
const tag = (spec: object) => [{ Key: GENERATION_TAG, Value: JSON.stringify(spec) }];

describe('pinned specs', () => {
  it('round-trip through the environment variable, grouped by spec', () => {
    const specs = { [NAME]: hex64, 'production/gateway/JWT_KEYS': rsa4096, 'production/search/TOKEN': { bytes: 32, encoding: 'base64' } } as const;
    const variable = writePinnedSpecs(specs);
    expect(JSON.parse(variable)).toEqual({ 'hex:64': [NAME], 'rsa-4096': ['production/gateway/JWT_KEYS'], 'base64:32': ['production/search/TOKEN'] });
    expect(Object.fromEntries(readPinnedSpecs(variable))).toEqual({
      [NAME]: hex64,
      'production/gateway/JWT_KEYS': rsa4096,
      'production/search/TOKEN': { bytes: 32, encoding: 'base64' },
    });
  });

  it('refuse a missing or malformed variable, and specs outside the schema', () => {
    expect(() => readPinnedSpecs(undefined)).toThrow(/BULWARK_GENERATION_SPECS is not set/);
    expect(() => readPinnedSpecs('{"hex:8":["a"]}')).toThrow(/"hex:8" is not a generation spec Bulwark accepts/);
    expect(() => readPinnedSpecs('{"rsa-1024":["a"]}')).toThrow(/"rsa-1024" is not a generation spec/);
    expect(() => readPinnedSpecs('{"hex:64":["a"],"hex:32":["a"]}')).toThrow(/a is pinned twice/);
    expect(() => readPinnedSpecs('{"hex:64":"a"}')).toThrow(/must list secret names/);
    expect(formatSpec(parseSpec('base64:4096'))).toBe('base64:4096');
    expect(() => parseSpec('base64:4097')).toThrow(/not a generation spec/);
  });
});

describe('effectiveSpec', () => {
  const pins = new Map([
    [NAME, hex64],
    ['production/gateway/JWT_KEYS', rsa4096],
  ]);

  it('is the pinned spec, with the tag Bulwark wrote or without any tag', () => {
    expect(effectiveSpec(NAME, pins, tag(hex64))).toEqual(hex64);
    expect(effectiveSpec(NAME, pins, [])).toEqual(hex64);
    expect(effectiveSpec('production/gateway/JWT_KEYS', pins, tag(rsa4096))).toEqual(rsa4096);
  });

  it.each([
    ['64 to 16 bytes', NAME, { bytes: 16, encoding: 'hex' }, 'asks for hex:16, weaker than the pinned hex:64'],
    ['hex to base64', NAME, { bytes: 64, encoding: 'base64' }, 'asks for base64:64, weaker than the pinned hex:64'],
    ['random bytes to a key pair', NAME, rsa4096, 'asks for rsa-4096, weaker than the pinned hex:64'],
    ['rsa-4096 to rsa-2048', 'production/gateway/JWT_KEYS', { ...rsa4096, keyPair: 'rsa-2048' }, 'asks for rsa-2048, weaker than the pinned rsa-4096'],
    ['an RSA key pair to random bytes', 'production/gateway/JWT_KEYS', hex64, 'asks for hex:64, weaker than the pinned rsa-4096'],
    ['64 to 128 bytes', NAME, { bytes: 128, encoding: 'hex' }, 'asks for hex:128, other than the pinned hex:64'],
  ] as const)('refuses a tag edited from %s', (_, name, spec, message) => {
    expect(() => effectiveSpec(name, pins, tag(spec))).toThrow(message);
  });

  it('refuses a secret the function was not deployed to rotate, and a tag that is no spec', () => {
    expect(() => effectiveSpec('production/other/X', pins, tag(hex64))).toThrow(
      'no generation spec is pinned for production/other/X: this function does not rotate it',
    );
    expect(() => effectiveSpec(NAME, pins, [{ Key: GENERATION_TAG, Value: 'hex' }])).toThrow(/is not JSON/);
    expect(() => effectiveSpec(NAME, pins, [{ Key: GENERATION_TAG, Value: '{"bytes":"64","encoding":"hex"}' }])).toThrow(
      /is not a generation spec Bulwark accepts/,
    );
  });

  it('calls fewer bytes, another encoding and a smaller or different key type weaker', () => {
    expect(isWeaker({ bytes: 63, encoding: 'hex' }, hex64)).toBe(true);
    expect(isWeaker({ bytes: 128, encoding: 'hex' }, hex64)).toBe(false);
    expect(isWeaker({ ...rsa4096, keyPair: 'rsa-2048' }, rsa4096)).toBe(true);
    expect(isWeaker(rsa4096, { ...rsa4096, keyPair: 'rsa-2048' })).toBe(false);
  });
});
