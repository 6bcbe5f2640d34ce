import type { CheckFinding } from '../checks/report/finding';
import { placeAtTemplateLines } from '../checks/report/place-at-template-lines';
import { readCloudAssemblyFindings } from '../checks/report/read-cloud-assembly';

/**
 * A cloud assembly's findings. In the user's own cdk.out, those with no line of the user's code
 * are placed at their template's line; a synthesized app's templates are deleted after the run,
 * so their lines are not locations.
 */
export function assemblyFindings(dir: string, synthesized: boolean): CheckFinding[] {
  const findings = readCloudAssemblyFindings(dir);
  return synthesized ? findings : placeAtTemplateLines(dir, findings);
}
