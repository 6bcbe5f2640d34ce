import { describe, expect, it } from 'vitest';
import { templateResourceLines } from '../../../lib/checks/report/template-resource-lines';

describe('templateResourceLines', () => {
  it('places each resource of a YAML template at its logical ID, short-form tags and all', () => {
    const yaml = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Secret:', // a parameter of the same name is not the resource
      '    Type: String',
      'Resources:',
      '  Secret:',
      '    Type: AWS::SecretsManager::Secret',
      '    Properties:',
      '      Name: !Sub "${AWS::StackName}-key"',
      '  "Quoted Id":',
      '    Type: AWS::SNS::Topic',
    ].join('\n');
    expect(Object.fromEntries(templateResourceLines(yaml))).toEqual({ Secret: { line: 6, column: 3 }, 'Quoted Id': { line: 10, column: 3 } });
  });

  it('reads a JSON template the same way', () => {
    const json = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' }, Topic: { Type: 'AWS::SNS::Topic' } } }, null, 2);
    expect(Object.fromEntries(templateResourceLines(json))).toEqual({ Bucket: { line: 3, column: 5 }, Topic: { line: 6, column: 5 } });
  });

  it('gives no positions for text that is not a template, or does not parse, rather than failing', () => {
    expect(templateResourceLines('just text').size).toBe(0);
    expect(templateResourceLines('Resources: [1, 2]').size).toBe(0);
    expect(templateResourceLines('Resources:\n  A: {\n').size).toBe(0);
    expect(templateResourceLines('').size).toBe(0);
  });

  it('does not expand aliases: a billion-laughs document is walked, not built', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level <= 9; level++)
      laughs.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const text = `${laughs.join('\n')}\nResources:\n  Boom: *j\n`;
    expect(Object.fromEntries(templateResourceLines(text))).toEqual({ Boom: { line: 12, column: 3 } });
  });
});

describe('templateResourceLines on duplicate keys', () => {
  it('places a logical ID declared twice, or under a second Resources, where JSON.parse reads it: at the last one', () => {
    const text = ['{', '  "Resources": {', '    "A": {}', '  },', '  "Resources": {', '    "B": {},', '    "A": {},', '    "B": {}', '  }', '}'].join('\n');
    expect(JSON.parse(text)).toEqual({ Resources: { A: {}, B: {} } });
    const positions = templateResourceLines(text);
    expect(positions.get('A')).toEqual({ line: 7, column: 5 });
    expect(positions.get('B')).toEqual({ line: 8, column: 5 });
  });
});
