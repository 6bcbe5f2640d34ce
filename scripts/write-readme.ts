// Regenerates the generated sections of README.md and docs/*.md, each in the file that holds its markers. Run: npm run readme
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentationFiles, renderDocument, sectionPlacementProblems } from './readme-sections';

const root = join(__dirname, '..');
const texts = Object.fromEntries(documentationFiles(root).map((file) => [file, readFileSync(join(root, file), 'utf8')]));
const problems = sectionPlacementProblems(texts);
if (problems.length > 0) throw new Error(problems.join('\n'));
for (const [file, text] of Object.entries(texts)) {
  const rendered = renderDocument(text, file);
  if (rendered !== text) {
    writeFileSync(join(root, file), rendered);
    console.log(`updated ${file}`);
  }
}
