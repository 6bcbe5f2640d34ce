import { describe, expect, it } from 'vitest';
import {
  applyTextTransformation,
  compileTextTransformations,
  fromByteString,
  TEXT_TRANSFORMATION_TYPES,
  toByteString,
  type TextTransformationType,
} from '../../../lib/simulate/aws-waf/text-transformations';
import { WebAclSimulationError } from '../../../lib/simulate/aws-waf/web-acl-simulation-error';

// Semantics: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html
const t = (type: TextTransformationType, value: string) => applyTextTransformation(type, value);

describe('text transformations', () => {
  it('NONE leaves the value unchanged', () => {
    expect(t('NONE', 'A b%20')).toBe('A b%20');
  });

  it('COMPRESS_WHITE_SPACE turns \\f \\t \\n \\r \\v and NBSP (160) into spaces and runs into one', () => {
    expect(t('COMPRESS_WHITE_SPACE', 'a\f\t\n\r\v\xa0b  c')).toBe('a b c');
  });

  it('HTML_ENTITY_DECODE decodes &quot; &nbsp; &lt; &gt; &amp;, &#xhh; and &#nnn;', () => {
    expect(t('HTML_ENTITY_DECODE', '&quot;&lt;script&gt;&amp;&#x41;&#66;&nbsp;')).toBe('"<script>&AB\xa0');
    expect(t('HTML_ENTITY_DECODE', '&#60script')).toBe('<script');
    expect(t('HTML_ENTITY_DECODE', 'AT&T &bogus;')).toBe('AT&T &bogus;');
  });

  it('HTML_ENTITY_DECODE writes code points above 255 as UTF-8', () => {
    expect(fromByteString(t('HTML_ENTITY_DECODE', '&#x20AC;'))).toBe('€');
  });

  it('LOWERCASE changes A-Z only, not the bytes of other letters', () => {
    expect(t('LOWERCASE', 'SELECT')).toBe('select');
    expect(fromByteString(t('LOWERCASE', toByteString('ÉCOLE')))).toBe('École');
  });

  it('CMD_LINE deletes \\ " \' ^, spaces before / and (, turns , ; into spaces, compresses and lowercases', () => {
    expect(t('CMD_LINE', 'C^A"T \'/E\\TC/PA\\SSWD')).toBe('cat/etc/passwd');
    expect(t('CMD_LINE', 'ping;ls ,  -la')).toBe('ping ls -la');
    expect(t('CMD_LINE', 'eval (1)')).toBe('eval(1)');
  });

  it('URL_DECODE decodes %hh and + and keeps malformed escapes', () => {
    expect(t('URL_DECODE', '%3Cscript%3E+x')).toBe('<script> x');
    expect(t('URL_DECODE', '100%zz%4')).toBe('100%zz%4');
    expect(t('URL_DECODE', '%252e')).toBe('%2e');
  });

  it('URL_DECODE_UNI also decodes %uHHHH to its low byte, mapping full-width ASCII', () => {
    expect(t('URL_DECODE_UNI', '%u003cscript%u003E')).toBe('<script>');
    // U+FF1C FULLWIDTH LESS-THAN SIGN: low byte 0x1C + 0x20 = '<'.
    expect(t('URL_DECODE_UNI', '%uff1c')).toBe('<');
    expect(t('URL_DECODE', '%u003c')).toBe('%u003c');
  });

  it('BASE64_DECODE decodes standard Base64 up to the first invalid character', () => {
    expect(t('BASE64_DECODE', 'c2VsZWN0')).toBe('select');
    expect(t('BASE64_DECODE', 'c2Vs!ZWN0')).toBe('sel');
  });

  it('BASE64_DECODE_EXT skips invalid characters', () => {
    expect(t('BASE64_DECODE_EXT', 'c2Vs!ZW.N0')).toBe('select');
  });

  it('HEX_DECODE decodes pairs of hex digits', () => {
    expect(t('HEX_DECODE', '414243')).toBe('ABC');
  });

  it('MD5 gives the 16-byte digest', () => {
    expect(Buffer.from(t('MD5', 'abc'), 'latin1').toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('REPLACE_COMMENTS turns /* */ comments (and an unterminated one) into a space, leaving a lone */', () => {
    expect(t('REPLACE_COMMENTS', 'UNION/**/SELECT/* x')).toBe('UNION SELECT ');
    expect(t('REPLACE_COMMENTS', 'a */ b')).toBe('a */ b');
  });

  it('ESCAPE_SEQ_DECODE decodes ANSI C escapes', () => {
    expect(t('ESCAPE_SEQ_DECODE', '\\x41\\n\\101\\t\\q')).toBe('A\nA\t\\q');
  });

  it('SQL_HEX_DECODE decodes 0x… literals', () => {
    expect(t('SQL_HEX_DECODE', 'SELECT 0x414243')).toBe('SELECT ABC');
  });

  it('CSS_DECODE decodes CSS escapes (hex with an optional following space, and \\char)', () => {
    expect(t('CSS_DECODE', 'ja\\76 a\\73 cript')).toBe('javascript');
    expect(t('CSS_DECODE', '\\e\\x')).toBe('\x0ex');
  });

  it('JS_DECODE decodes \\uHHHH, \\xHH, octal and letter escapes', () => {
    expect(t('JS_DECODE', '\\u0061lert\\x28\\61\\)')).toBe('alert(1)');
  });

  it('NORMALIZE_PATH removes repeated slashes, self and back references, keeping a leading ..', () => {
    expect(t('NORMALIZE_PATH', '/a//b/./c/../d')).toBe('/a/b/d');
    expect(t('NORMALIZE_PATH', '../a/./b')).toBe('../a/b');
    expect(t('NORMALIZE_PATH', '/a/b/..')).toBe('/a/');
  });

  it('NORMALIZE_PATH_WIN first turns backslashes into slashes', () => {
    expect(t('NORMALIZE_PATH_WIN', '\\a\\..\\windows\\win.ini')).toBe('/windows/win.ini');
  });

  it('REMOVE_NULLS and REPLACE_NULLS', () => {
    expect(t('REMOVE_NULLS', 'a\0b')).toBe('ab');
    expect(t('REPLACE_NULLS', 'a\0b')).toBe('a b');
  });

  it('UTF8_TO_UNICODE writes multi-byte UTF-8 as %uHHHH', () => {
    expect(t('UTF8_TO_UNICODE', toByteString('é<'))).toBe('%u00e9<');
  });

  it('every documented type has an implementation', () => {
    for (const type of TEXT_TRANSFORMATION_TYPES) expect(typeof t(type, 'x')).toBe('string');
  });

  it('applies a chain in priority order, not list order', () => {
    // Lowercase after decoding catches %53ELECT → Select → select; the other order would not lowercase the decoded S.
    const chain = compileTextTransformations(
      [
        { Priority: 5, Type: 'LOWERCASE' },
        { Priority: 1, Type: 'URL_DECODE' },
      ],
      'r',
      'TextTransformations',
    );
    expect(chain.apply('%53ELECT')).toBe('select');
  });

  it('rejects an unknown type or repeated priorities with the field named', () => {
    expect(() => compileTextTransformations([{ Priority: 0, Type: 'ROT13' }], 'r', 'TT')).toThrow(/TT\[0\]\.Type.*ROT13/);
    expect(() =>
      compileTextTransformations(
        [
          { Priority: 0, Type: 'NONE' },
          { Priority: 0, Type: 'LOWERCASE' },
        ],
        'r',
        'TT',
      ),
    ).toThrow(WebAclSimulationError);
  });

  it('decodes a 1 MB hostile value in one pass', () => {
    const value = '%u%'.repeat(350_000) + '&#'.repeat(100_000);
    for (const type of TEXT_TRANSFORMATION_TYPES) expect(t(type, value).length).toBeLessThanOrEqual(value.length * 3);
  });
});
