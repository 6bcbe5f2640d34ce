// Regenerates the generated sections of README.md. Run: npm run readme
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from './readme-sections';

const file = join(__dirname, '..', 'README.md');
writeFileSync(file, renderReadme(readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
