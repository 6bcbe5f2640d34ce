import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from '../../../lib/checks/aws/cloudformation-yaml';

describe('parseCloudFormationYaml', () => {
  it('reads short-form tags as scalars, sequences and mappings in their long form', () => {
    const text = [
      'Ref: !Ref Topic',
      'Attribute: !GetAtt Topic.TopicName',
      'Listed: !GetAtt [Topic, TopicName]',
      'Choice: !If [Notify, !Ref Topic, !Ref AWS::NoValue]',
      'Text: !Sub',
      '  - "${Name}-alarm"',
      '  - Name: !Ref Team',
      'Macro: !Transform { Name: AWS::Include, Parameters: { Location: !Ref Snippet } }',
      'Enabled: "false"',
    ].join('\n');
    expect(parseCloudFormationYaml(text)).toEqual({
      Ref: { Ref: 'Topic' },
      Attribute: { 'Fn::GetAtt': ['Topic', 'TopicName'] },
      Listed: { 'Fn::GetAtt': ['Topic', 'TopicName'] },
      Choice: { 'Fn::If': ['Notify', { Ref: 'Topic' }, { Ref: 'AWS::NoValue' }] },
      Text: { 'Fn::Sub': ['${Name}-alarm', { Name: { Ref: 'Team' } }] },
      Macro: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: { Ref: 'Snippet' } } } },
      Enabled: 'false',
    });
  });

  it('reads JSON as it is, and throws on text that is not YAML', () => {
    expect(parseCloudFormationYaml('{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}')).toEqual({ Resources: { T: { Type: 'AWS::SNS::Topic' } } });
    expect(() => parseCloudFormationYaml('{ not json')).toThrow();
  });
});
