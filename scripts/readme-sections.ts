import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogMarkdown, securityMatrixMarkdown } from '../lib/checks/catalog';
import { CHECK_PACKS } from '../lib/checks/check-packs';
import { profileReferenceMarkdown } from '../lib/profile/profile-reference';

/** Generated documentation sections: marker name → content. Each lives in exactly one documentation file. */
const SECTIONS: Readonly<Record<string, () => string>> = {
  'doctor-checks': () => catalogMarkdown(CHECK_PACKS.doctor),
  'aws-rules': () => catalogMarkdown(CHECK_PACKS.aws),
  'cloudflare-rules': () => catalogMarkdown(CHECK_PACKS.cloudflare),
  'security-matrix': securityMatrixMarkdown,
  'profile-reference': profileReferenceMarkdown,
};

export const GENERATED_SECTIONS: readonly string[] = Object.keys(SECTIONS);

/** The documentation files, relative to the project root: README.md and every docs/*.md. */
export function documentationFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

const startMarker = (name: string) => `<!-- ${name}:start (generated: npm run readme) -->`;
const endMarker = (name: string) => `<!-- ${name}:end -->`;

/** The generated sections whose markers a documentation file holds. */
export function sectionsIn(text: string): string[] {
  return GENERATED_SECTIONS.filter((name) => text.includes(startMarker(name)));
}

/** A documentation file's text with every generated section it holds replaced by its current content. */
export function renderDocument(text: string, file = 'the file'): string {
  let result = text;
  for (const name of sectionsIn(text)) {
    const start = startMarker(name);
    const end = endMarker(name);
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (to < from || result.indexOf(start, from + 1) >= 0) throw new Error(`${file} has the ${name} markers out of order or twice`);
    result = `${result.slice(0, from + start.length)}\n${SECTIONS[name]()}\n${result.slice(to)}`;
  }
  return result;
}

/** Every generated section must live in exactly one of the files (name → text); returns the problems. */
export function sectionPlacementProblems(files: Readonly<Record<string, string>>): string[] {
  return GENERATED_SECTIONS.flatMap((name) => {
    const holders = Object.keys(files).filter((file) => sectionsIn(files[file]).includes(name));
    return holders.length === 1 ? [] : [`the ${name} section is in ${holders.length === 0 ? 'no file' : holders.join(', ')}; it must be in exactly one`];
  });
}
