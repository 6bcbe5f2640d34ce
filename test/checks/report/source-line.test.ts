import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib';
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

  describe('an app run from compiled JavaScript', () => {
    // tsc --sourceMap of src/app.ts (`new Error()` on its line 4, column 3) into dist/app.js (line 4, column 5).
    const TS = 'const a = 1;\n\nfunction f(): void {\n  new Error("x");\n}\nf();\n';
    const JS = '"use strict";\nconst a = 1;\nfunction f() {\n    new Error("x");\n}\nf();\n//# sourceMappingURL=app.js.map';
    const MAP = {
      version: 3,
      file: 'app.js',
      sourceRoot: '',
      sources: ['../src/app.ts'],
      names: [],
      mappings: ';AAAA,MAAM,CAAC,GAAG,CAAC,CAAC;AAEZ,SAAS,CAAC;IACR,IAAI,KAAK,CAAC,GAAG,CAAC,CAAC;AACjB,CAAC;AACD,CAAC,EAAE,CAAC',
    };
    const project = (map: unknown, withSource = true) => {
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-source-map-'));
      mkdirSync(join(dir, 'src'));
      mkdirSync(join(dir, 'dist'));
      if (withSource) writeFileSync(join(dir, 'src', 'app.ts'), TS);
      writeFileSync(join(dir, 'dist', 'app.js'), JS);
      if (map !== undefined) writeFileSync(join(dir, 'dist', 'app.js.map'), typeof map === 'string' ? map : JSON.stringify(map));
      return dir;
    };

    it('places the frame at the TypeScript line its source map names', () => {
      const dir = project(MAP);
      expect(sourceLineOf([`new Fleet (${join(dir, 'dist', 'app.js')}:4:5)`], dir)).toEqual({ file: join('src', 'app.ts'), line: 4, column: 3 });
    });

    it('keeps the JavaScript line without a map, with a map that does not parse, or when the source is not there', () => {
      const compiled = { file: join('dist', 'app.js'), line: 4, column: 5 };
      for (const dir of [project(undefined), project('{ not json'), project(MAP, false), project({ ...MAP, sources: ['/etc/passwd'] })])
        expect(sourceLineOf([`new Fleet (${join(dir, 'dist', 'app.js')}:4:5)`], dir)).toEqual(compiled);
    });
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
