import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import type * as CloudFormationInclude from 'aws-cdk-lib/cloudformation-include';
import { toProfile } from '../../profile/profile-data';
import type { HardeningProfile } from '../../profile/schema';
import { awsCdkLib } from '../../aws/core/aws-cdk-lib';
import { mayHoldSecret } from '../../core/secret-patterns';
import { OutputFileError } from '../report/output-file-error';
import type { CheckFinding } from '../report/finding';
import type { PackRun } from '../report/pack-run';
import { readCloudAssemblyFindings, readCloudAssemblyRun } from '../report/read-cloud-assembly';
import { readInputFile } from '../report/read-input-file';
import { type TemplatePosition, templateResourceLines } from '../report/template-resource-lines';
import { BulwarkChecks } from './bulwark-checks';

// Loaded by `bulwark check --template` only, so the CLI runs without aws-cdk-lib and cdk-nag
// for everything else.

/** The construct the template is included as; its resources keep their logical IDs below it. */
const INCLUDED = 'Template';

/**
 * BulwarkChecks on a CloudFormation template written by hand or by another tool (JSON, or YAML
 * with short-form intrinsic tags such as `!Ref` and `!Sub`): the template is included into an app
 * (aws-cdk-lib's CfnInclude, which keeps every logical ID), checked as a synthesized app is, and
 * each finding placed at the template file and logical ID. A value known only at deploy time (a
 * parameter, an import) gives `unresolved` findings, not a pass.
 */
export function checkTemplate(file: string, profile?: HardeningProfile): { readonly findings: CheckFinding[]; readonly run: PackRun } {
  // The same bounds as every other input: a regular file, at most MAX_INPUT_FILE_BYTES.
  const positions = templateResourceLines(readInputFile(file));
  const { App, Stack, Validations } = awsCdkLib();
  const { CfnInclude } = require('aws-cdk-lib/cloudformation-include') as typeof CloudFormationInclude;
  const outdir = mkdtempSync(resolve(tmpdir(), 'bulwark-template-'));
  try {
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, INCLUDED);
    try {
      new CfnInclude(stack, INCLUDED, { templateFile: file });
    } catch (error) {
      // CfnInclude's message may quote the template (a property value, a name): shown only when it cannot hold a secret.
      const cause = (error as Error).message.split('\n')[0];
      throw new OutputFileError(`${file} is not a CloudFormation template Bulwark can read${mayHoldSecret(cause) ? '' : `: ${cause}`}`);
    }
    Validations.of(app).addPlugins(new BulwarkChecks(app, profile ? { profile: toProfile(profile) } : {}));
    app.synth();
    const shown = shownPath(file);
    const findings = readCloudAssemblyFindings(outdir).map((finding) => placedInTemplate(finding, shown, positions));
    return { findings, run: { ...readCloudAssemblyRun(outdir), input: shown } };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The file as findings name it: relative to the working directory when it lies within it. */
function shownPath(file: string): string {
  const fromHere = relative(process.cwd(), resolve(file));
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? resolve(file) : fromHere;
}

/** A finding on the included stack, placed at the user's template and the resource's logical ID. */
function placedInTemplate(finding: CheckFinding, file: string, positions: ReadonlyMap<string, TemplatePosition>): CheckFinding {
  if (finding.location.kind !== 'resource') return finding;
  const logicalId = finding.location.logicalId ?? (finding.location.constructPath.split('/').slice(2).join('/') || undefined);
  const position = logicalId === undefined ? undefined : positions.get(logicalId);
  // A finding on the template as a whole (an unused parameter) is placed at the file; one on a resource at its logical ID's line.
  return {
    ...finding,
    location: {
      kind: 'resource',
      constructPath: logicalId ?? file,
      templateFile: file,
      ...(logicalId ? { logicalId } : {}),
      ...(position ? { source: { file, line: position.line, column: position.column } } : {}),
    },
  };
}
