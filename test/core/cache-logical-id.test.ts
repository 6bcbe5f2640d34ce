import { App, CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { cacheLogicalId } from '../../lib/core/cache-logical-id';

/** A stack that counts how often each element's logical ID is allocated. */
class CountingStack extends Stack {
  public readonly allocations = new Map<string, number>();

  protected override allocateLogicalId(element: CfnElement): string {
    const id = super.allocateLogicalId(element);
    this.allocations.set(element.node.path, (this.allocations.get(element.node.path) ?? 0) + 1);
    return id;
  }
}

/** A queue three constructs below its stack, as a library nests its resources, and `referrers` resources that reference it. */
function nestedQueue(stack: Stack, options: { cached: boolean; referrers?: number }): CfnResource {
  const queue = new CfnResource(new Construct(new Construct(stack, 'Library'), 'Queue'), 'Resource', { type: 'AWS::SQS::Queue' });
  if (options.cached) cacheLogicalId(queue);
  for (let index = 0; index < (options.referrers ?? 0); index++) {
    new CfnResource(stack, `Referrer${index}`, { type: 'AWS::SNS::Topic', properties: { DisplayName: queue.ref, QueueArn: queue.getAtt('Arn') } });
  }
  return queue;
}

const resourceIds = (stack: Stack) => Object.keys(Template.fromStack(stack).toJSON().Resources as object);

describe('cacheLogicalId', () => {
  it('keeps the logical ID aws-cdk-lib allocates, in the resource and in references to it', () => {
    const plain = nestedQueue(new Stack(new App(), 'Plain'), { cached: false, referrers: 1 });
    const cachedStack = new Stack(new App(), 'Cached');
    const cached = nestedQueue(cachedStack, { cached: true, referrers: 1 });
    const expected = Stack.of(plain).resolve(plain.logicalId) as string;
    expect(expected).toMatch(/^LibraryQueue[0-9A-F]{8}$/);
    expect(cachedStack.resolve(cached.logicalId)).toBe(expected);
    expect(resourceIds(cachedStack)).toContain(expected);
    Template.fromStack(cachedStack).hasResourceProperties('AWS::SNS::Topic', { DisplayName: { Ref: expected }, QueueArn: { 'Fn::GetAtt': [expected, 'Arn'] } });
  });

  it('allocates the ID once per synthesis however often the element is referenced, where aws-cdk-lib allocates it at every reference', () => {
    const cachedStack = new CountingStack(new App(), 'Cached');
    nestedQueue(cachedStack, { cached: true, referrers: 5 });
    const plainStack = new CountingStack(new App(), 'Plain');
    nestedQueue(plainStack, { cached: false, referrers: 5 });
    Template.fromStack(cachedStack);
    Template.fromStack(plainStack);
    expect(cachedStack.allocations.get('Cached/Library/Queue/Resource')).toBe(1);
    expect(plainStack.allocations.get('Plain/Library/Queue/Resource')).toBeGreaterThan(5);
  });

  it('works the ID out afresh at every resolution while the app is being built', () => {
    const stack = new CountingStack(new App(), 'Building');
    const queue = nestedQueue(stack, { cached: true });
    stack.resolve(queue.ref);
    stack.resolve(queue.ref);
    expect(stack.allocations.get('Building/Library/Queue/Resource')).toBe(2);
  });

  it('applies a rename made after the element was created, before synthesis', () => {
    const stack = new Stack(new App(), 'Renamed');
    const queue = nestedQueue(stack, { cached: true, referrers: 1 });
    stack.renameLogicalId(stack.getLogicalId(queue), 'LegacyQueue');
    expect(resourceIds(stack)).toContain('LegacyQueue');
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { DisplayName: { Ref: 'LegacyQueue' } });
  });

  it('applies a rename made after the ID was resolved or exported while building the app', () => {
    const stack = new Stack(new App(), 'ResolvedFirst');
    const queue = nestedQueue(stack, { cached: true, referrers: 1 });
    const before = stack.resolve(queue.ref) as { Ref: string };
    stack.exportValue(queue.getAtt('Arn'), { name: 'QueueArn' });
    stack.renameLogicalId(before.Ref, 'LegacyQueue');
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources as object)).toContain('LegacyQueue');
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: { Ref: 'LegacyQueue' } });
    template.hasOutput('*', { Value: { 'Fn::GetAtt': ['LegacyQueue', 'Arn'] }, Export: { Name: 'QueueArn' } });
  });

  it('applies a rename made after a synthesis at the next one', () => {
    const app = new App();
    const stack = new Stack(app, 'Resynthesized');
    const queue = nestedQueue(stack, { cached: true, referrers: 1 });
    const first = app.synth().getStackByName('Resynthesized').template as { Resources: Record<string, unknown> };
    const original = stack.getLogicalId(queue);
    expect(Object.keys(first.Resources)).toContain(original);
    stack.renameLogicalId(original, 'LegacyQueue');
    const second = app.synth({ force: true }).getStackByName('Resynthesized').template as { Resources: Record<string, { Properties?: { DisplayName?: unknown } }> };
    expect(Object.keys(second.Resources)).toContain('LegacyQueue');
    expect(second.Resources.Referrer0.Properties?.DisplayName).toEqual({ Ref: 'LegacyQueue' });
  });

  it('honours a stack that allocates its own IDs', () => {
    class PrefixedStack extends Stack {
      protected override allocateLogicalId(element: CfnElement): string {
        return `Team${super.allocateLogicalId(element)}`;
      }
    }
    const stack = new PrefixedStack(new App(), 'Prefixed');
    const queue = nestedQueue(stack, { cached: true });
    expect(stack.resolve(queue.logicalId)).toMatch(/^TeamLibraryQueue[0-9A-F]{8}$/);
  });

  it('exports the element to another stack under the same logical ID', () => {
    const app = new App();
    const producer = new Stack(app, 'Producer');
    const queue = nestedQueue(producer, { cached: true });
    const consumer = new Stack(app, 'Consumer');
    new CfnResource(consumer, 'Topic', { type: 'AWS::SNS::Topic', properties: { DisplayName: queue.getAtt('Arn') } });
    const expected = producer.getLogicalId(queue);
    const outputs = Template.fromStack(producer).toJSON().Outputs as Record<string, { Value: unknown; Export: { Name: string } }>;
    const exported = Object.values(outputs).find((output) => JSON.stringify(output.Value) === JSON.stringify({ 'Fn::GetAtt': [expected, 'Arn'] }));
    expect(exported).toBeDefined();
    Template.fromStack(consumer).hasResourceProperties('AWS::SNS::Topic', { DisplayName: { 'Fn::ImportValue': exported?.Export.Name } });
  });

  it('gives way to a later overrideLogicalId', () => {
    const stack = new Stack(new App(), 'Overridden');
    const queue = nestedQueue(stack, { cached: true, referrers: 1 });
    queue.overrideLogicalId('ChosenQueue');
    expect(resourceIds(stack)).toContain('ChosenQueue');
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { QueueArn: { 'Fn::GetAtt': ['ChosenQueue', 'Arn'] } });
  });
});
