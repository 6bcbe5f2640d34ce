import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../lib/tooling';
import { BulwarkChecks } from '../../lib';
import { runCliCaptured } from '../support/run-cli';
import { strictZoneOutput } from '../support/strict-zone-output';

/**
 * Property: whatever JSON value replaces whatever part of a synthesized output's files,
 * `bulwark check` answers 0, 1 or 2, never an internal error (3) or a throw, and no message
 * quotes a value of the files.
 */

const CANARY = 'CANARY-s3cr3t-9f2c';

/** A synthesized app with a Stage, a nested stack and an acknowledgement: every file `bulwark check` reads. */
function cloudAssembly(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-fuzz-cdk-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  new secretsmanager.Secret(new Stack(new Stage(app, 'Prod'), 'Api'), 'Staged');
  const top = new Stack(app, 'Top');
  new secretsmanager.Secret(new NestedStack(top, 'Inner'), 'Nested');
  new secretsmanager.Secret(top, 'Own');
  Validations.of(top).acknowledge({ id: 'Bulwark-SEC2', reason: 'Shared with a partner account that cannot use our key.' });
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
  return outdir;
}

/** The JSON files under a directory, relative to it. */
function jsonFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under)).flatMap((name) => {
    const path = join(under, name);
    if (statSync(join(dir, path)).isDirectory()) return jsonFiles(dir, path);
    return name.endsWith('.json') && name !== 'tree.json' ? [path] : [];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a document: the path of each value, the root's included. */
function placesIn(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((element, index) => placesIn(element, [...at, index]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, element]) => placesIn(element, [...at, key]))];
  return here;
}

/** The document with the value at `path` replaced (or removed, for undefined). */
function replaced(document: Json, path: readonly (string | number)[], value: Json | undefined): Json | undefined {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(document))
    return document
      .map((element, index) => (index === key ? replaced(element, rest, value) : element))
      .filter((element): element is Json => element !== undefined);
  const copy = { ...(document as Record<string, Json>) };
  const inner = replaced(copy[key], rest, value);
  if (inner === undefined) delete copy[key];
  else copy[key] = inner;
  return copy;
}

/** Replacements: any JSON, the secret canary as a value in several shapes, and removal. */
const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json>(
      CANARY,
      [CANARY],
      { type: CANARY, data: CANARY },
      { [CANARY.slice(0, 6)]: CANARY },
      null,
      [],
      {},
      '',
      '..',
      '/etc/passwd',
      '.',
      '${var.rules}',
      `${'('.repeat(3000)}ssl${')'.repeat(3000)}`,
      `${'!'.repeat(20_000)}ssl`,
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Runs the property: one file of `dir` mutated at one place, the CLI run on it, the file restored. */
async function fuzz(dir: string, args: readonly string[], runs: number): Promise<void> {
  const files = jsonFiles(dir).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
  const documents = files.map(({ text }) => JSON.parse(text) as Json);
  const places = documents.map((document) => placesIn(document));
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: files.length - 1 }), fc.nat(), replacement, async (which, pick, value) => {
      const { file, text } = files[which];
      const path = places[which][pick % places[which].length];
      const mutated = replaced(documents[which], path, value);
      writeFileSync(join(dir, file), mutated === undefined ? '' : JSON.stringify(mutated));
      try {
        const { code, stdout, stderr } = await runCliCaptured('check', ...args);
        const context = `${file} at ${JSON.stringify(path)} := ${JSON.stringify(value)}\n${stderr}`;
        expect([EXIT.ok, EXIT.findings, EXIT.badInput], context).toContain(code);
        expect(stderr, context).not.toContain('internal error');
        expect(stderr, context).not.toContain(CANARY);
        if (code === EXIT.badInput) expect(stderr, context).toMatch(/^bulwark: .+/);
        else expect(stdout, context).toMatch(/PASSED|FAILED/);
      } finally {
        writeFileSync(join(dir, file), text);
      }
    }),
    { numRuns: runs },
  );
}

describe('bulwark check on arbitrary JSON in a synthesized output', () => {
  it('never fails internally on a cloud assembly with one value replaced, nor quotes a value', async () => {
    const dir = cloudAssembly();
    expect(jsonFiles(dir).map((file) => relative(dir, join(dir, file)))).toEqual(
      expect.arrayContaining(['manifest.json', 'validation-report.json', 'Top.template.json', join('assembly-Prod', 'manifest.json')]),
    );
    await fuzz(dir, ['--cdk-out', dir], 400);
  });

  it('never fails internally on a cdk.tf.json with one value replaced, nor quotes a value', async () => {
    const dir = strictZoneOutput('bulwark-fuzz-cdktf-');
    await fuzz(dir, ['--cdktf-out', dir], 400);
  });

  it('never fails internally on any rule expression, however nested', async () => {
    const dir = strictZoneOutput('bulwark-fuzz-cdktf-');
    const file = join(dir, 'stacks', 'edge', 'cdk.tf.json');
    const text = readFileSync(file, 'utf8');
    const document = JSON.parse(text) as { resource: { cloudflare_ruleset: Record<string, { rules: { expression?: string }[] }> } };
    const token = fc.constantFrom(
      '(',
      ')',
      '!',
      'not ',
      'ssl',
      ' and ',
      ' or ',
      ' xor ',
      '"',
      '{',
      '}',
      'http.host',
      ' eq ',
      ' in ',
      '[',
      ']',
      '*',
      '#',
      'r#"',
      '\\',
      'lower(',
      '1.2.3.4/8',
      ' ',
    );
    const expression = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(token, { maxLength: 2500 }).map((tokens) => tokens.join('')),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), expression, async (pick, value) => {
        const rules = Object.values(document.resource.cloudflare_ruleset).flatMap((ruleset) => ruleset.rules);
        const rule = rules[pick % rules.length];
        const previous = rule.expression;
        rule.expression = value;
        writeFileSync(file, JSON.stringify(document));
        rule.expression = previous;
        const { code, stderr } = await runCliCaptured('check', '--cdktf-out', dir);
        expect([EXIT.ok, EXIT.findings, EXIT.badInput], `${JSON.stringify(value)}\n${stderr}`).toContain(code);
        expect(stderr).not.toContain('internal error');
      }),
      { numRuns: 300 },
    );
    writeFileSync(file, text);
  });
});
