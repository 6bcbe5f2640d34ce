/**
 * What each YAML parser error code means, in fixed words. The parser's own messages quote the
 * source (a tag, a version, an escape, an alias name), which may be a secret, so they are
 * never shown; the line and column say where to look.
 */
const YAML_PROBLEMS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias is malformed',
  BAD_DIRECTIVE: 'a %YAML or %TAG directive is not supported',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an invalid escape sequence',
  BAD_INDENT: 'the indentation is wrong',
  BAD_PROP_ORDER: 'anchors and tags must come before the value they mark',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'Nested mappings are not allowed in compact mappings',
  BLOCK_IN_FLOW: 'a block value cannot stand inside [ ] or { }',
  DUPLICATE_KEY: 'a key is repeated',
  IMPOSSIBLE: 'the document cannot be parsed',
  MISSING_CHAR: 'a closing quote, bracket or brace is missing',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span lines',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'there is more than one document',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: 'aliases expand to too much data',
  TAB_AS_INDENT: 'a tab is used for indentation (use spaces)',
  TAG_RESOLVE_FAILED: 'a tag cannot be resolved (profiles use no tags)',
  UNEXPECTED_TOKEN: 'a character is out of place',
  BAD_COLLECTION_TYPE: 'a tag names a collection type that does not fit',
};

/** A YAML error in fixed words, from its code: never the parser's message, which quotes the source. */
export function yamlProblem(code: string | undefined): string {
  return (code !== undefined ? YAML_PROBLEMS[code] : undefined) ?? `the syntax is invalid (${code ?? 'unknown error'})`;
}
