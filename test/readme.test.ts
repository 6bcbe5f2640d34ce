import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { noEmit: true, rootDir: root, noUnusedLocals: false, paths: { bulwark: [join(root, 'lib', 'index.ts')], 'bulwark/cloudflare': [join(root, 'lib', 'cloudflare', 'index.ts')] } },
      include: ['snippet-*.ts'],
    }));
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    expect(() => execFileSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});
