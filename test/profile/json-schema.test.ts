import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderProfileJsonSchema } from '../../lib/tooling';

const root = join(__dirname, '..', '..');
const checkedIn = readFileSync(join(root, 'schema', 'profile.schema.json'), 'utf8');

describe('schema/profile.schema.json', () => {
  it('is current (run `npm run schema` after changing the profile schema)', () => {
    expect(checkedIn).toBe(renderProfileJsonSchema());
  });

  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  const validate = ajv.compile(JSON.parse(checkedIn) as object);
  const examples = readdirSync(join(root, 'examples', 'profiles')).filter((file) => file.endsWith('.yaml'));

  it.each(examples)('accepts examples/profiles/%s', (file) => {
    const data: unknown = parse(readFileSync(join(root, 'examples', 'profiles', file), 'utf8'));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a misspelled key, as an editor would flag it', () => {
    expect(validate({ name: 'demo', tls: { minVersoin: '1.2' } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/tls', keyword: 'additionalProperties' });
  });

  it('rejects a string where a number belongs', () => {
    expect(validate({ name: 'demo', auth: { jwt: { secretBytes: '64' } } })).toBe(false);
  });
});
