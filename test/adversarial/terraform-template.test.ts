import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeTemplateSequences,
  findTemplateSequence,
  isSingleInterpolation,
  terraformLiteral,
  TerraformLiteralError,
  unescapeTemplateSequences,
} from '../../lib/cloudflare/terraform-template';

/** Strings built from the characters that matter to Terraform templates, and a few others. */
const hostile = fc
  .array(fc.constantFrom('$', '%', '{', '}', '${', '%{', '$${', '%%{', '~', '"', '\\', 'x', ' ', 'é', '\u{1F600}', 'if', 'endif', '\n'), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('Terraform template escaping', () => {
  it('escapes every ${ and %{, and leaves other $ and % alone', () => {
    expect(escapeTemplateSequences('%{if false}x%{endif}')).toBe('%%{if false}x%%{endif}');
    expect(escapeTemplateSequences('${var.a} $${b} %%{c} 100% $5')).toBe('$${var.a} $$${b} %%%{c} 100% $5');
  });

  it('reads back what it wrote, and leaves no sequence Terraform would evaluate', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = escapeTemplateSequences(text);
        expect(unescapeTemplateSequences(escaped)).toBe(text);
        expect(findTemplateSequence(escaped)).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('finds the sequences Terraform evaluates and not the escaped ones', () => {
    expect(findTemplateSequence('a ${b}')).toEqual({ offset: 2, opening: '${' });
    expect(findTemplateSequence('a %{if x}')).toEqual({ offset: 2, opening: '%{' });
    expect(findTemplateSequence('$%{x}')).toEqual({ offset: 1, opening: '%{' });
    expect(findTemplateSequence('%${x}')).toEqual({ offset: 1, opening: '${' });
    for (const literal of ['$${x}', '$$${x}', '%%{x}', '%%%{x}', '$ % {}', '']) expect(findTemplateSequence(literal)).toBeUndefined();
  });

  it('tells one reference (a value) from text with a sequence in it', () => {
    expect(isSingleInterpolation('${var.zone_id}')).toBe(true);
    expect(isSingleInterpolation('${cloudflare_ruleset.custom.id}')).toBe(true);
    expect(isSingleInterpolation('x ${var.a}')).toBe(false);
    expect(isSingleInterpolation('${a}${b}')).toBe(false);
    expect(isSingleInterpolation('%{if true}x%{endif}')).toBe(false);
  });

  it('escapes strings and property names at any depth, and leaves other values as they are', () => {
    expect(terraformLiteral({ 'X-${a}': { value: ['%{b}', 1, true, null] } }, 'rules')).toEqual({ 'X-$${a}': { value: ['%%{b}', 1, true, null] } });
  });

  it('refuses a cdktf token marker, naming where it is (cdktf would substitute another value for it)', () => {
    expect(() => terraformLiteral({ rules: [{ expression: 'http.request.uri.path eq "${TfToken[TOKEN.0]}"' }] }, 'http_ratelimit')).toThrow(
      TerraformLiteralError,
    );
    expect(() => terraformLiteral({ rules: [{ expression: '#{TfToken[TOKEN.1]}' }] }, 'http_ratelimit')).toThrow(
      /^http_ratelimit\.rules\[0\]\.expression: holds "\{TfToken\["/,
    );
  });
});

/** Terraform itself, when it is installed: the oracle for what a JSON string reads as. */
const terraform = (() => {
  try {
    execFileSync('terraform', ['version'], { stdio: 'pipe', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!terraform)('Terraform reads escaped strings as the literal text (needs terraform on PATH)', () => {
  it('for hand-picked and generated hostile strings', () => {
    const picked = [
      '%{if false}x%{endif}',
      '${var.a}',
      '$${x}',
      '$$${x}',
      '%%{x}',
      '%%%{x}',
      '$%{x}',
      '%${x}',
      '${',
      '%{',
      '$',
      '%',
      '}',
      '${~ x}',
      '\\"${x}\\"',
      'é ${\u{1F600}}',
    ];
    const generated = fc.sample(hostile, { numRuns: 150, seed: 18 });
    const texts = [...picked, ...generated];
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-terraform-template-'));
    try {
      const output = Object.fromEntries(
        texts.map((text, index) => [`o${index}`, { value: { [escapeTemplateSequences(`k${text}`)]: escapeTemplateSequences(text) } }]),
      );
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ output }));
      writeFileSync(join(dir, 'none.tfrc'), '');
      const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(dir, 'none.tfrc'), CHECKPOINT_DISABLE: '1' };
      execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe', timeout: 60_000 });
      const read = JSON.parse(execFileSync('terraform', ['output', '-json', '-no-color'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 })) as Record<
        string,
        { value: Record<string, string> }
      >;
      texts.forEach((text, index) => expect(read[`o${index}`].value, JSON.stringify(text)).toEqual({ [`k${text}`]: text }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
