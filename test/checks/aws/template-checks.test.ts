import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../lib/tooling';
import { checkTemplate } from '../../../lib/checks/aws/template-checks';
import { runCliCaptured } from '../../support/run-cli';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'templates');
const strict = join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml');
// Where `Secret:` is declared under Resources in weak-short-form.yaml.
const SECRET_LINE = readFileSync(join(fixtures, 'weak-short-form.yaml'), 'utf8').split('\n').indexOf('  Secret:') + 1;
const bulwarkIds = (findings: readonly { id: string; source: string }[]) =>
  findings.filter((finding) => finding.source === 'Bulwark').map((finding) => finding.id);

describe('BulwarkChecks on a CloudFormation template written without the CDK', () => {
  it('reads YAML with short-form tags and places each finding at the file and logical ID', () => {
    const file = join(fixtures, 'weak-short-form.yaml');
    const { findings, run } = checkTemplate(file);
    expect(bulwarkIds(findings).sort()).toEqual(['Bulwark-LOG1', 'Bulwark-NET1[tcp:22]', 'Bulwark-SEC1[no-rotation]', 'Bulwark-SEC2']);
    expect(findings.find((finding) => finding.id === 'Bulwark-SEC2')?.location).toEqual({
      kind: 'resource',
      constructPath: 'Secret',
      templateFile: expect.stringMatching(/weak-short-form\.yaml$/),
      logicalId: 'Secret',
      source: { file: expect.stringMatching(/weak-short-form\.yaml$/), line: SECRET_LINE, column: 3 },
    });
    expect(run).toMatchObject({ source: 'aws', ran: true, input: expect.stringMatching(/weak-short-form\.yaml$/) });
  });

  it('passes a hardened JSON template, the rules that applied counted as run', () => {
    const { findings, run } = checkTemplate(join(fixtures, 'hardened.json'));
    expect(bulwarkIds(findings)).toEqual([]);
    expect(run.applied).toEqual(expect.arrayContaining(['Bulwark-SEC1', 'Bulwark-SEC2', 'Bulwark-LOG1']));
  });

  it('gives an unresolved finding, not a pass, for a value that is a parameter', () => {
    expect(bulwarkIds(checkTemplate(join(fixtures, 'retention-parameter.yaml')).findings)).toEqual(['Bulwark-LOG1[unresolved]']);
  });
});

describe('bulwark check --template', () => {
  it('exits 1 on a weak template, and 0 on a hardened one, without synthesizing any app', async () => {
    const weak = await runCliCaptured('check', '--template', join(fixtures, 'weak-short-form.yaml'), '--profile', strict, '--format', 'json');
    expect(weak.code).toBe(EXIT.findings);
    expect((JSON.parse(weak.stdout) as { packs: { source: string }[] }).packs.map((pack) => pack.source)).toEqual(['doctor', 'aws']);
    const hardened = await runCliCaptured('check', '--template', join(fixtures, 'hardened.json'));
    expect(hardened.code, hardened.stdout).toBe(EXIT.ok);
  });

  it('refuses a file that is not a template, naming it (exit 2), and never quotes its content', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bulwark-template-bad-')), 'template.yaml');
    writeFileSync(file, 'Resources: [unclosed, hunter2-CANARY\n');
    const { code, stderr } = await runCliCaptured('check', '--template', file);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(file);
    expect(stderr).not.toContain('hunter2-CANARY');
  });

  it("shows CfnInclude's reason when it cannot hold a secret, and drops it when it might", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-template-ref-'));
    const template = (ref: string) => JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { Ref: ref } } } } });
    writeFileSync(join(dir, 'plain.json'), template('MissingThing'));
    writeFileSync(join(dir, 'secret.json'), template('sk_live_4eC39HqLyjWDarjtT1zdp7dc'));
    const plain = await runCliCaptured('check', '--template', join(dir, 'plain.json'));
    expect(plain.code).toBe(EXIT.badInput);
    expect(plain.stderr).toContain("logical ID: 'MissingThing' not found");
    const secret = await runCliCaptured('check', '--template', join(dir, 'secret.json'));
    expect(secret.code).toBe(EXIT.badInput);
    expect(secret.stderr).toContain('is not a CloudFormation template Bulwark can read');
    expect(secret.stderr).not.toContain('sk_live_');
  });
});
