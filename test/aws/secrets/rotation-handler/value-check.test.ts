import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenerationSpec } from '../../../../lib/aws/secrets/rotation-handler/generation-spec';
import { generateValue, valueProblem } from '../../../../lib/aws/secrets/rotation-handler/value-check';

const hex64: GenerationSpec = { bytes: 64, encoding: 'hex' };
const base64of32: GenerationSpec = { bytes: 32, encoding: 'base64' };
const rsa4096: GenerationSpec = { bytes: 64, encoding: 'hex', keyPair: 'rsa-4096' };
const rsa2048: GenerationSpec = { bytes: 64, encoding: 'hex', keyPair: 'rsa-2048' };

type Pair = { privateKey: string; publicKey: string };
const rsa = (modulusLength: number, publicExponent = 65_537): Pair =>
  generateKeyPairSync('rsa', {
    modulusLength,
    publicExponent,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const json = (pair: Pair) => JSON.stringify(pair);

describe('generateValue', () => {
  it.each([
    [hex64, /^[0-9a-f]{128}$/],
    [base64of32, /^[A-Za-z0-9+/]{43}=$/],
  ] as const)('generates %j', (spec, shape) => {
    const value = generateValue(spec);
    expect(value).toMatch(shape);
    expect(valueProblem(value, spec)).toBeUndefined();
    expect(generateValue(spec)).not.toBe(value);
  });
});

describe('valueProblem for random bytes: exact length, exact alphabet', () => {
  it.each([
    ['abcd', hex64, 'holds 2 bytes, not 64'],
    ['ab'.repeat(63), hex64, 'holds 63 bytes, not 64'],
    ['ab'.repeat(65), hex64, 'holds 65 bytes, not 64'],
    ['AB'.repeat(64), hex64, 'is not hex'],
    [`${'ab'.repeat(64)}\n`, hex64, 'is not hex'],
    ['ab'.repeat(63) + 'zz', hex64, 'is not hex'],
    ['a'.repeat(127), hex64, 'is not hex'],
    // CloudFormation's placeholder: 64 letters and digits.
    ['Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc', hex64, 'is not hex'],
    ['Q3kd8sLmZp0aXw7RtYv2NcB5hJ6gF1eD9uIoPqWs4TzAeRy8UiOpLkJhGfDsAzXc', base64of32, 'holds 48 bytes, not 32'],
    [Buffer.alloc(32, 7).toString('base64url'), base64of32, 'is not base64'],
    [Buffer.alloc(32, 7).toString('base64').replace(/=$/, ''), base64of32, 'is not base64'],
    [Buffer.alloc(31, 7).toString('base64'), base64of32, 'holds 31 bytes, not 32'],
    ['', hex64, 'holds 0 bytes, not 64'],
  ] as const)('refuses %j for %j', (value, spec, problem) => {
    expect(valueProblem(value, spec)).toBe(problem);
  });
});

describe('valueProblem for key pairs: type, modulus size, public exponent, matching halves', () => {
  // RSA key generation is slow: every key once per file.
  const keys = {} as Record<'strong4096' | 'e3of4096' | 'strong2048' | 'other2048' | 'rsa1024' | 'rsa512', Pair> & { ec: Pair; pss: Pair };
  beforeAll(() => {
    Object.assign(keys, {
      strong4096: JSON.parse(generateValue(rsa4096)) as Pair,
      e3of4096: rsa(4_096, 3),
      strong2048: JSON.parse(generateValue(rsa2048)) as Pair,
      other2048: rsa(2_048),
      rsa1024: rsa(1_024),
      rsa512: rsa(512),
      ec: generateKeyPairSync('ec', {
        namedCurve: 'P-256',
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }),
      pss: generateKeyPairSync('rsa-pss', {
        modulusLength: 2_048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }),
    });
  }, 60_000);

  it('accepts what generateValue makes', () => {
    expect(valueProblem(json(keys.strong4096), rsa4096)).toBeUndefined();
    expect(valueProblem(json(keys.strong2048), rsa2048)).toBeUndefined();
  });

  it.each([
    ['RSA-1024', 'rsa1024', 'holds an RSA-1024 private key, not RSA-4096'],
    ['RSA-512', 'rsa512', 'holds an RSA-512 private key, not RSA-4096'],
    ['RSA-2048', 'strong2048', 'holds an RSA-2048 private key, not RSA-4096'],
    ['an EC key', 'ec', 'holds a ec private key, not RSA'],
    ['RSA with e=3', 'e3of4096', 'holds a private key with public exponent 3, not 65537'],
  ] as const)('refuses %s for an rsa-4096 spec', (_, key, problem) => {
    expect(valueProblem(json(keys[key]), rsa4096)).toBe(problem);
  });

  it('refuses a larger key than the spec (another key type, not the pinned one)', () => {
    expect(valueProblem(json(keys.strong4096), rsa2048)).toBe('holds an RSA-4096 private key, not RSA-2048');
  });

  it('refuses RSA-PSS keys, which verifiers of RS256 reject', () => {
    expect(valueProblem(json(keys.pss), rsa2048)).toBe('holds a rsa-pss private key, not RSA');
  });

  it('refuses halves that do not match, a weak public half, and anything else in the JSON', () => {
    expect(valueProblem(json({ privateKey: keys.strong2048.privateKey, publicKey: keys.other2048.publicKey }), rsa2048)).toBe(
      'holds a private and public key that do not match',
    );
    expect(valueProblem(json({ privateKey: keys.strong4096.privateKey, publicKey: keys.rsa1024.publicKey }), rsa4096)).toBe(
      'holds an RSA-1024 public key, not RSA-4096',
    );
    expect(valueProblem(JSON.stringify({ ...keys.strong2048, note: 'x' }), rsa2048)).toBe('is not a JSON RSA key pair (exactly privateKey and publicKey, PEM)');
    expect(valueProblem(JSON.stringify({ privateKey: keys.strong2048.privateKey }), rsa2048)).toBe(
      'is not a JSON RSA key pair (exactly privateKey and publicKey, PEM)',
    );
    expect(valueProblem(JSON.stringify({ privateKey: 'x', publicKey: 'y' }), rsa2048)).toBe('is not a JSON RSA key pair (a key does not parse)');
    expect(valueProblem('{', rsa2048)).toBe('is not a JSON RSA key pair');
    expect(valueProblem('[]', rsa2048)).toBe('is not a JSON RSA key pair');
    expect(valueProblem(generateValue(hex64), rsa2048)).toBe('is not a JSON RSA key pair');
  });

  it('judges the public half on its own: its type, its exponent, and halves given as other JSON types', () => {
    expect(valueProblem(json({ privateKey: keys.strong4096.privateKey, publicKey: keys.e3of4096.publicKey }), rsa4096)).toBe(
      'holds a public key with public exponent 3, not 65537',
    );
    expect(valueProblem(json({ privateKey: keys.strong2048.privateKey, publicKey: keys.ec.publicKey }), rsa2048)).toBe('holds a ec public key, not RSA');
    expect(valueProblem(JSON.stringify({ privateKey: 7, publicKey: keys.strong2048.publicKey }), rsa2048)).toBe(
      'is not a JSON RSA key pair (exactly privateKey and publicKey, PEM)',
    );
    expect(valueProblem(JSON.stringify({ privateKey: keys.strong2048.privateKey, publicKey: null }), rsa2048)).toBe(
      'is not a JSON RSA key pair (exactly privateKey and publicKey, PEM)',
    );
    expect(valueProblem('null', rsa2048)).toBe('is not a JSON RSA key pair');
    expect(valueProblem('"a key"', rsa2048)).toBe('is not a JSON RSA key pair');
  });
});
