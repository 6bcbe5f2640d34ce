// Regenerates schema/profile.schema.json from the profile schema. Run: npm run schema
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderProfileJsonSchema } from '../lib/profile/json-schema';

const target = join(__dirname, '..', 'schema', 'profile.schema.json');
writeFileSync(target, renderProfileJsonSchema());
console.log(`wrote ${target}`);
