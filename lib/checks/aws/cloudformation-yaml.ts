import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * The short-form intrinsic functions a CloudFormation YAML template may write as tags, each
 * read as its long form (`!Sub x` as `{ 'Fn::Sub': x }`)
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 */
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'GetAtt',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
];

/** The long form of a tag's value: `!GetAtt A.B` is the list `[A, B]`, as CloudFormation reads it. */
function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

/** Each short form as a scalar, a sequence and a mapping (`!If [c, a, b]`, `!Sub [text, { … }]`, `!Transform { … }`). */
const TAGS: (ScalarTag | CollectionTag)[] = [...FUNCTIONS, 'Ref', 'Condition'].flatMap((name) => {
  const tag = `!${name}`;
  const collection = (value: YAMLMap | YAMLSeq) => longForm(name, value.toJSON());
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    { tag, collection: 'seq', resolve: collection },
    { tag, collection: 'map', resolve: collection },
  ] as (ScalarTag | CollectionTag)[];
});

/**
 * A CloudFormation template written in JSON or YAML as data, short-form tags as the intrinsics
 * they stand for, so a rule sees `!If` or `!Ref` as a value known at deploy time. Throws on
 * text that is not YAML.
 */
export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags: TAGS, logLevel: 'error', uniqueKeys: false });
}
