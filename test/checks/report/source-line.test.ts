import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib/aws';
import { readCloudAssemblyFindings } from '../../../lib/checks/report/read-cloud-assembly';
import { toSarif } from '../../../lib/checks/report/sarif';
import { sourceLineOf } from '../../../lib/checks/report/source-line';

const root = join(__dirname, '..', '..', '..');
const thisFile = relative(process.cwd(), __filename);

describe('sourceLineOf', () => {
  it("takes the first frame in the user's code: not a dependency, not Bulwark, inside the working directory", () => {
    const trace = [
      '...new LogGroup2 in aws-cdk-lib...',
      `new Fleet (${join(root, 'node_modules', 'some-lib', 'index.js')}:3:9)`,
      `new HardenedWebAcl (${join(root, 'lib', 'aws', 'waf', 'hardened-web-acl.ts')}:40:5)`,
      `<anonymous> (${__filename}:12:7)`,
      'at /elsewhere/app.ts:1:1',
    ].join('\n');
    expect(sourceLineOf([trace], process.cwd())).toEqual({ file: thisFile, line: 12, column: 7 });
  });

  it('names no file outside the working directory, nor one that does not exist, and reads file URLs', () => {
    expect(sourceLineOf(['<anonymous> (/etc/passwd:1:1)'], root)).toBeUndefined();
    expect(sourceLineOf([`<anonymous> (${join(root, 'no-such-file.ts')}:1:1)`], root)).toBeUndefined();
    expect(sourceLineOf([`at file://${__filename}:5:2`], process.cwd())).toEqual({ file: thisFile, line: 5, column: 2 });
    expect(sourceLineOf(undefined, root)).toBeUndefined();
  });

  it('reads a hostile trace in linear time: a long line without a colon, and an overlong frame, name nothing', () => {
    const colonless = `/${'a/'.repeat(200_000)}`;
    expect(sourceLineOf([colonless, `${colonless}\n`.repeat(3)], root)).toBeUndefined();
    expect(sourceLineOf([`<anonymous> (${__filename}:12:7)${' '.repeat(5_000)}`], process.cwd())).toBeUndefined();
  });
});

describe('findings of a synthesized app', () => {
  it('point at the line of the test that created the construct, in the table and in SARIF', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-source-line-'));
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    new logs.LogGroup(new Stack(app, 'Api'), 'Logs', { retention: logs.RetentionDays.ONE_WEEK }); // created here
    Validations.of(app).addPlugins(new BulwarkChecks(app));
    app.synth();
    const line =
      readFileSync(__filename, 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('// created here')) + 1;
    const finding = readCloudAssemblyFindings(outdir).find((candidate) => candidate.id === 'Bulwark-LOG1');
    expect(finding?.location).toMatchObject({ kind: 'resource', templateFile: 'Api.template.json', source: { file: thisFile } });
    const source = finding?.location.kind === 'resource' ? finding.location.source : undefined;
    // The line as Node reports it: vitest maps its transform back to this file's lines.
    expect(source?.line).toBe(line);
    const sarif = toSarif([finding!], '0.0.0') as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: thisFile }, region: { startLine: line } });
  });
});
