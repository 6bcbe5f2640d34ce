import { isAbsolute, relative, resolve } from 'node:path';
import type { CheckFinding } from '../checks/report/finding';

/**
 * A finding whose file is relative to an output directory, made relative to the working
 * directory (the repository, for SARIF) when the output lies within it; one outside keeps its
 * path within the output, which stays the same from run to run.
 */
export function placedUnder(finding: CheckFinding, dir: string): CheckFinding {
  if (finding.location.kind !== 'resource' || finding.location.templateFile === undefined) return finding;
  const fromHere = relative(process.cwd(), resolve(dir, finding.location.templateFile));
  if (fromHere.startsWith('..') || isAbsolute(fromHere)) return finding;
  return { ...finding, location: { ...finding.location, templateFile: fromHere } };
}
