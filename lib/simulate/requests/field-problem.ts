/**
 * A problem message about one field, in the shape every reader uses: the field, the value
 * received (already described by describeValue, so possibly hidden), what is allowed and, when
 * it is not obvious, how to fix it.
 */
export function fieldProblem(field: string, received: string, allowed: string, fix?: string): string {
  return `${field}: received ${received}; ${allowed}${fix === undefined ? '' : `. Fix: ${fix}`}`;
}
