import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findApps } from '../../lib/cli/find-apps';

let root: string | undefined;
afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

function tree(files: readonly string[]): string {
  root = mkdtempSync(join(tmpdir(), 'bulwark-find-apps-'));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '{}');
  }
  return root;
}

describe('findApps', () => {
  it('finds each directory holding cdk.json or cdktf.json, both when it holds both', () => {
    const dir = tree(['a/cdk.json', 'b/c/cdktf.json', 'd/cdk.json', 'd/cdktf.json', 'e/readme.md']);
    const found = findApps([dir], []).map(({ kind, dir: app }) => `${kind} ${app.slice(dir.length)}`);
    expect(found.sort()).toEqual(['cdk /a', 'cdk /d', 'cdktf /b/c', 'cdktf /d']);
  });

  it('skips node_modules, cdk.out, cdktf.out and hidden directories', () => {
    const dir = tree(['node_modules/x/cdk.json', 'app/cdk.out/asset/cdk.json', 'app/cdktf.out/cdktf.json', '.git/cdk.json', 'app/cdk.json']);
    expect(findApps([dir], []).map((app) => app.dir)).toEqual([join(dir, 'app')]);
  });

  it('does not follow symbolic links, so a link back up the tree ends nothing in a loop', () => {
    const dir = tree(['app/cdk.json']);
    symlinkSync(dir, join(dir, 'app', 'loop'));
    expect(findApps([dir], []).map((app) => app.dir)).toEqual([join(dir, 'app')]);
  });

  it('reports a directory that is not there as a problem', () => {
    const problems: string[] = [];
    expect(findApps(['/no/such/bulwark/dir'], problems)).toEqual([]);
    expect(problems).toEqual(['--apps /no/such/bulwark/dir is not a directory: give the directory to search for cdk.json and cdktf.json']);
  });
});
