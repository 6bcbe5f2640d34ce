import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { modulusBits, type GenerationSpec } from './generation-spec';

/*
 * What a value of a spec is, and the one check every step applies before a value may become
 * AWSCURRENT. Plain Node.js with no dependencies: shipped in the rotation function's asset as is.
 */

/** The public exponent Bulwark generates and accepts (F4); e = 3 and other small exponents are refused. */
export const PUBLIC_EXPONENT = 65_537;

/** A new value: random bytes in the spec's encoding, or an RSA key pair as JSON `{ privateKey, publicKey }` (PEM). */
export function generateValue(spec: GenerationSpec): string {
  if (spec.keyPair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: modulusBits(spec.keyPair),
      publicExponent: PUBLIC_EXPONENT,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return JSON.stringify({ privateKey, publicKey });
  }
  return randomBytes(spec.bytes).toString(spec.encoding);
}

/**
 * Why a value does not fit its spec, or undefined when it does. Bytes: exactly the spec's
 * length, in the spec's alphabet (lower-case hex; padded standard base64), canonical. Key
 * pairs: JSON with exactly `privateKey` and `publicKey`, an RSA key (not RSA-PSS, not EC) of
 * exactly the spec's modulus size, public exponent 65537, and a public key that is the private
 * key's own (compared as SPKI, and by a signature).
 */
export function valueProblem(value: string, spec: GenerationSpec): string | undefined {
  return spec.keyPair ? keyPairProblem(value, modulusBits(spec.keyPair)) : bytesProblem(value, spec.bytes, spec.encoding);
}

function bytesProblem(value: string, bytes: number, encoding: GenerationSpec['encoding']): string | undefined {
  const alphabet = encoding === 'hex' ? /^[0-9a-f]*$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!alphabet.test(value)) return `is not ${encoding}`;
  const decoded = Buffer.from(value, encoding);
  if (decoded.toString(encoding) !== value) return `is not ${encoding}`;
  return decoded.length === bytes ? undefined : `holds ${decoded.length} bytes, not ${bytes}`;
}

function keyPairProblem(value: string, bits: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'is not a JSON RSA key pair';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'is not a JSON RSA key pair';
  const fields = Object.keys(parsed).sort().join(',');
  const { privateKey, publicKey } = parsed as Record<string, unknown>;
  if (fields !== 'privateKey,publicKey' || typeof privateKey !== 'string' || typeof publicKey !== 'string')
    return 'is not a JSON RSA key pair (exactly privateKey and publicKey, PEM)';
  let priv: KeyObject;
  let pub: KeyObject;
  try {
    priv = createPrivateKey(privateKey);
    pub = createPublicKey(publicKey);
  } catch {
    return 'is not a JSON RSA key pair (a key does not parse)';
  }
  for (const [which, key] of [
    ['private', priv],
    ['public', pub],
  ] as const) {
    if (key.asymmetricKeyType !== 'rsa') return `holds a ${key.asymmetricKeyType ?? 'unknown'} ${which} key, not RSA`;
    const details = key.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== bits) return `holds an RSA-${details.modulusLength ?? '?'} ${which} key, not RSA-${bits}`;
    if (details.publicExponent !== BigInt(PUBLIC_EXPONENT))
      return `holds a ${which} key with public exponent ${String(details.publicExponent)}, not ${PUBLIC_EXPONENT}`;
  }
  const derived = createPublicKey(priv).export({ type: 'spki', format: 'der' });
  if (!derived.equals(pub.export({ type: 'spki', format: 'der' }))) return 'holds a private and public key that do not match';
  const probe = Buffer.from('bulwark rotation probe');
  return verify('sha256', probe, pub, sign('sha256', probe, priv)) ? undefined : 'holds a private and public key that do not match';
}
