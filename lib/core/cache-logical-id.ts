import { CfnElement, Lazy, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Where a stack's synthesis is, as the resolutions of its cached elements show it. */
interface SynthesisState {
  /** Counts the synthesis passes begun; 0 while the app is still being built. */
  generation: number;
  /** Whether the last resolution was aws-cdk-lib's preparation (finding references). */
  preparing: boolean;
}

const synthesisStates = new WeakMap<Stack, SynthesisState>();

/**
 * Makes an element work out its logical ID once per synthesis instead of at every reference.
 *
 * aws-cdk-lib hashes an element's construct path into its logical ID each time a Ref, GetAtt or
 * dependency on it resolves, and a library's resources sit deep enough to need the hash
 * (bench/results.md, a‴). The ID is the one aws-cdk-lib allocates, with the stack's
 * `allocateLogicalId` and `renameLogicalId` applied, and a later `overrideLogicalId` replaces
 * it as usual. It is kept only from the start of a synthesis, when aws-cdk-lib begins
 * resolving references (a resolution with `preparing` set, after others without), and
 * worked out again at the next synthesis: while the app is being built every resolution
 * works it out afresh, so a rename made after something resolved the ID still applies.
 */
export function cacheLogicalId<T extends CfnElement>(element: T): T {
  const stack = Stack.of(element);
  const state = synthesisStates.get(stack) ?? { generation: 0, preparing: false };
  synthesisStates.set(stack, state);
  let kept: { generation: number; logicalId: string } | undefined;
  element.overrideLogicalId(Lazy.uncachedString({
    produce: (context) => {
      if (context.preparing && !state.preparing) state.generation += 1;
      state.preparing = context.preparing;
      if (state.generation === 0) return stack.getLogicalId(element);
      if (kept?.generation !== state.generation) kept = { generation: state.generation, logicalId: stack.getLogicalId(element) };
      return kept.logicalId;
    },
  }));
  return element;
}

/** {@link cacheLogicalId} for the L1 behind an L2 construct (its `node.defaultChild`). */
export function cacheDefaultChildLogicalId<T extends IConstruct>(construct: T): T {
  const child = construct.node.defaultChild;
  if (child !== undefined && CfnElement.isCfnElement(child)) cacheLogicalId(child);
  return construct;
}
