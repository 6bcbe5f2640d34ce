import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentationFiles, GENERATED_SECTIONS, renderDocument, sectionPlacementProblems } from '../scripts/readme-sections';

// README.md and every docs/*.md: their generated sections are current, their links resolve, and
// every TypeScript example in them compiles and runs.
const root = join(__dirname, '..');
const files = documentationFiles(root);
const texts: Record<string, string> = Object.fromEntries(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));

/** Every ```ts block of every documentation file, named by file and position. */
const snippets = files.flatMap((file) =>
  [...texts[file].matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({ name: `${file} example ${index + 1}`, code: match[1] })),
);

/** Files the documentation tells a user to write (```yaml title="path"), which its examples then read. */
const userFiles = files.flatMap((file) =>
  [...texts[file].matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)].map((match) => ({ path: match[1], text: match[2] })),
);

/** GitHub's anchors for a Markdown file's headings. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  for (const match of withoutCode.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = match[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

describe('documentation (README.md and docs/*.md)', () => {
  it('holds every generated section exactly once', () => {
    expect(files).toContain('README.md');
    expect(files.length).toBeGreaterThan(1);
    expect(sectionPlacementProblems(texts)).toEqual([]);
    expect(GENERATED_SECTIONS.length).toBeGreaterThan(0);
  });

  it.each(files)('%s has current generated tables (run `npm run readme` after changing a pack or the schema)', (file) => {
    expect(texts[file]).toBe(renderDocument(texts[file], file));
  });

  it.each(files)('%s has internal links that resolve, anchors included', (file) => {
    const broken: string[] = [];
    const prose = texts[file].replace(/```[\s\S]*?```/g, '');
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#');
      const resolved = path === '' ? file : posix.normalize(posix.join(posix.dirname(file), path));
      if (!existsSync(join(root, resolved))) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && !(resolved in texts && anchors(texts[resolved]).has(anchor))) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(files)('%s does not say "seed" outside its generated sections (checklist documents are named by their titles)', (file) => {
    const prose = texts[file].replace(/<!-- ([\w-]+):start[\s\S]*?<!-- \1:end -->/g, '');
    expect(prose.match(/.*seed.*/gi) ?? []).toEqual([]);
  });

  // A whole tsc run over every snippet: a minute on a busy 2-core machine, hence its own timeout.
  it('has TypeScript examples that compile against the library', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    // Inside node_modules so the snippets resolve the project's dependencies; the packages' names map to their sources (tsconfig.json's paths).
    const dir = join(root, 'node_modules', '.cache', 'bulwark-readme');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    snippets.forEach(({ code }, index) => writeFileSync(join(dir, `snippet-${index}.ts`), `export {};\n${code}`));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(root, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          rootDir: root,
          noUnusedLocals: false,
        },
        include: ['snippet-*.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    expect(() => execFileSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  }, 180_000);

  it('has TypeScript examples that run: every construct they build accepts what they pass', async () => {
    // Within the project, so the snippets resolve its dependencies and vitest compiles them; the packages' names resolve to their sources (vitest.config.mts).
    const dir = join(root, '.tmp-readme-run');
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-readme-out-'));
    const previous = { cdk: process.env.CDK_OUTDIR, cdktf: process.env.CDKTF_OUTDIR };
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // An example that synthesizes writes where a user's app would; here, to a temporary directory.
    process.env.CDK_OUTDIR = join(outdir, 'cdk.out');
    process.env.CDKTF_OUTDIR = join(outdir, 'cdktf.out');
    // The files the documentation has the user write (their own profile), where it says, for the examples that read them.
    const written: string[] = [];
    try {
      for (const { path, text } of userFiles) {
        const target = join(root, path);
        expect(existsSync(target), `${path} would be overwritten`).toBe(false);
        const top = join(root, path.split('/')[0]);
        if (!existsSync(top)) written.push(top);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      for (const [index, { name, code }] of snippets.entries()) {
        const file = join(dir, `snippet-${index}.ts`);
        writeFileSync(file, `export {};\n${code}`);
        await expect(import(pathToFileURL(file).href), name).resolves.toBeDefined();
      }
    } finally {
      process.env.CDK_OUTDIR = previous.cdk;
      process.env.CDKTF_OUTDIR = previous.cdktf;
      if (previous.cdk === undefined) delete process.env.CDK_OUTDIR;
      if (previous.cdktf === undefined) delete process.env.CDKTF_OUTDIR;
      for (const path of written) rmSync(path, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
