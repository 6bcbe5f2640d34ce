import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckFinding } from './finding';
import { OutputFileError } from './output-file-error';
import { linkProblem } from './path-within';
import { readInputFile } from './read-input-file';
import { templateResourceLines, type TemplatePosition } from './template-resource-lines';

/**
 * Findings of a cloud assembly (`dir`) that name no line of the user's code (the app was
 * synthesized without stack traces, or the construct was made outside the working directory),
 * given the line of their logical ID in the template that holds them. Only the templates of such
 * findings are read again, each once; a template that cannot be read (gone, a link out of the
 * assembly, too large) leaves its findings as they were. `templateFile` is relative to `dir`.
 */
export function placeAtTemplateLines(dir: string, findings: readonly CheckFinding[]): CheckFinding[] {
  const positionsOf = new Map<string, ReadonlyMap<string, TemplatePosition>>();
  const positions = (file: string): ReadonlyMap<string, TemplatePosition> => {
    let found = positionsOf.get(file);
    if (found === undefined) {
      found = templatePositions(dir, file);
      positionsOf.set(file, found);
    }
    return found;
  };
  return findings.map((finding) => {
    const { location } = finding;
    if (location.kind !== 'resource' || location.source !== undefined || location.templateFile === undefined || location.logicalId === undefined)
      return finding;
    const templatePosition = positions(location.templateFile).get(location.logicalId);
    return templatePosition === undefined ? finding : { ...finding, location: { ...location, templatePosition } };
  });
}

/**
 * The largest template whose lines are looked up: twice CloudFormation's 1 MB limit for a template
 * deployed from S3. The syntax tree of a larger one costs seconds and gigabytes, for a stack that
 * cannot be deployed anyway; its findings keep the template file without a line.
 */
export const MAX_TEMPLATE_LINES_BYTES = 2 * 1024 * 1024;

function templatePositions(dir: string, file: string): ReadonlyMap<string, TemplatePosition> {
  if (!existsSync(join(dir, file)) || linkProblem(dir, file) !== undefined || statSync(join(dir, file)).size > MAX_TEMPLATE_LINES_BYTES) return new Map();
  try {
    return templateResourceLines(readInputFile(join(dir, file)));
  } catch (error) {
    if (error instanceof OutputFileError) return new Map();
    throw error;
  }
}
