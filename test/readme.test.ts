import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../scripts/readme-sections';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README.md', () => {
  it('has current generated tables (run `npm run readme` after changing the doctor pack)', () => {
    expect(readme).toBe(renderReadme(readme));
  });

  it('has TypeScript examples that compile against the library', () => {
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    // Inside node_modules so the snippets resolve the project's dependencies; `bulwark` maps to lib/.
    const dir = join(root, 'node_modules', '.cache', 'bulwark-readme');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    snippets.forEach((code, index) => writeFileSync(join(dir, `snippet-${index}.ts`), `export {};\n${code}`));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(root, 'tsconfig.json'),
        compilerOptions: {
          noEmit: true,
          rootDir: root,
          noUnusedLocals: false,
          paths: { bulwark: [join(root, 'lib', 'index.ts')], 'bulwark/cloudflare': [join(root, 'lib', 'cloudflare', 'index.ts')] },
        },
        include: ['snippet-*.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    expect(() => execFileSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  it('has TypeScript examples that run: every construct they build accepts what they pass', async () => {
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    // Within the project, so the snippets resolve its dependencies and vitest compiles them; `bulwark` points at lib/.
    const dir = join(root, '.tmp-readme-run');
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-readme-out-'));
    const previous = { cdk: process.env.CDK_OUTDIR, cdktf: process.env.CDKTF_OUTDIR };
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // An example that synthesizes writes where a user's app would; here, to a temporary directory.
    process.env.CDK_OUTDIR = join(outdir, 'cdk.out');
    process.env.CDKTF_OUTDIR = join(outdir, 'cdktf.out');
    try {
      for (const [index, code] of snippets.entries()) {
        const file = join(dir, `snippet-${index}.ts`);
        writeFileSync(
          file,
          `export {};\n${code.replace(/from 'bulwark\/cloudflare'/g, "from '../lib/cloudflare/index'").replace(/from 'bulwark'/g, "from '../lib/index'")}`,
        );
        await expect(import(pathToFileURL(file).href), `README example ${index + 1}`).resolves.toBeDefined();
      }
    } finally {
      process.env.CDK_OUTDIR = previous.cdk;
      process.env.CDKTF_OUTDIR = previous.cdktf;
      if (previous.cdk === undefined) delete process.env.CDK_OUTDIR;
      if (previous.cdktf === undefined) delete process.env.CDKTF_OUTDIR;
      rmSync(dir, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
