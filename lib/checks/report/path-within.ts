import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { fieldError, type FieldPath } from './input-shape';

/**
 * A path named by a field of `file` (relative to the directory `base`, itself relative to the
 * output directory `root`), as a path relative to `root`: or an OutputFileError when it leaves
 * `root` — an absolute path, one that climbs out with `..`, or one whose symbolic links resolve
 * outside (or nowhere, or loop). What is not there is not refused (its reader says it is
 * missing). Nothing outside the output directory is read, so no message can quote it.
 */
export function pathWithin(root: string, base: string, named: string, file: string, field: FieldPath): string {
  if (named === '') throw fieldError(file, field, 'is an empty string, not a path inside the output directory');
  if (isAbsolute(named) || /^[A-Za-z]:|^[\\/]/.test(named))
    throw fieldError(file, field, 'is an absolute path; only a path inside the output directory is read');
  const path = normalize(join(base, named));
  if (leaves(path)) throw fieldError(file, field, 'climbs out of the output directory (..); only a path inside the output directory is read');
  const problem = linkProblem(root, path);
  if (problem !== undefined) throw fieldError(file, field, `${problem}; only a path inside the output directory is read`);
  return path;
}

/**
 * Why `path` (relative to `root`) does not resolve to a place inside `root`: a symbolic link
 * out of it, one that points nowhere, or a loop. Undefined when it resolves inside, or is
 * simply not there.
 */
export function linkProblem(root: string, path: string): string | undefined {
  const realRoot = realpathSync(root);
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'is a loop of symbolic links';
    if (isLink(resolve(root, path))) return 'is a symbolic link that points nowhere';
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return 'cannot be resolved';
    // Not there: judged by the nearest directory above it that is.
    const parent = dirname(path);
    return parent === path ? undefined : linkProblem(root, parent);
  }
  return leaves(relative(realRoot, real)) ? 'leads out of the output directory through a symbolic link' : undefined;
}

function leaves(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
