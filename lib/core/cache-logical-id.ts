import { CfnElement, Lazy, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Makes an element work out its logical ID once instead of at every reference to it.
 *
 * aws-cdk-lib hashes an element's construct path into its logical ID each time a Ref, GetAtt or
 * dependency on it resolves, and a library's resources sit deep enough to need the hash
 * (bench/results.md, a‴). The ID is still the one aws-cdk-lib allocates, with the stack's
 * `allocateLogicalId` and `renameLogicalId` applied; it is worked out when first resolved,
 * during synthesis, so renames made while building the app still apply. A later
 * `overrideLogicalId` replaces it as usual.
 */
export function cacheLogicalId<T extends CfnElement>(element: T): T {
  const stack = Stack.of(element);
  element.overrideLogicalId(Lazy.string({ produce: () => stack.getLogicalId(element) }));
  return element;
}

/** {@link cacheLogicalId} for the L1 behind an L2 construct (its `node.defaultChild`). */
export function cacheDefaultChildLogicalId<T extends IConstruct>(construct: T): T {
  const child = construct.node.defaultChild;
  if (child !== undefined && CfnElement.isCfnElement(child)) cacheLogicalId(child);
  return construct;
}
