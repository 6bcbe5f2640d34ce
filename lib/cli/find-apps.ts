import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** An app found below a directory given to `--apps`: where its cdk.json or cdktf.json is. */
export interface FoundApp {
  readonly kind: 'cdk' | 'cdktf';
  readonly dir: string;
}

/**
 * Directories never searched for apps: dependencies, synthesized outputs (a cloud assembly can
 * hold a copy of its app's files) and hidden directories such as .git.
 */
const SKIPPED = new Set(['node_modules', 'cdk.out', 'cdktf.out']);

/** Deeper than this is not searched: a monorepo's apps sit a few levels down, and a deeper tree is more likely a mistake. */
export const MAX_APP_DEPTH = 16;

/**
 * Every app below each directory given: a directory holding cdk.json is a CDK app, one holding
 * cdktf.json a cdktf app (both, when it holds both). Symbolic links are not followed, so a link
 * cannot lead the search in circles or out of the tree. Problems (a directory that is not
 * there) go to `problems`.
 */
export function findApps(roots: readonly string[], problems: string[]): FoundApp[] {
  const found: FoundApp[] = [];
  for (const root of roots) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      problems.push(`--apps ${root} is not a directory: give the directory to search for cdk.json and cdktf.json`);
      continue;
    }
    search(root, 0, found);
  }
  return found;
}

function search(dir: string, depth: number, found: FoundApp[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // A directory that cannot be listed (permissions) holds no app Bulwark could synthesize.
    return;
  }
  for (const [kind, file] of [
    ['cdk', 'cdk.json'],
    ['cdktf', 'cdktf.json'],
  ] as const) {
    if (entries.some((entry) => entry.isFile() && entry.name === file)) found.push({ kind, dir });
  }
  if (depth >= MAX_APP_DEPTH) return;
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) search(join(dir, entry.name), depth + 1, found);
  }
}
