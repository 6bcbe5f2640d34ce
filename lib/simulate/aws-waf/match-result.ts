/** A statement the simulator cannot judge offline, and why. */
export interface UnknownMatch {
  readonly unknown: string;
}

/** Three-valued: a statement matches, does not, or cannot be known offline. */
export type MatchResult = 'match' | 'no-match' | UnknownMatch;

export const NO_MATCH: MatchResult = 'no-match';

export function unknownMatch(reason: string): UnknownMatch {
  return { unknown: reason };
}

export function isUnknown(result: MatchResult): result is UnknownMatch {
  return typeof result === 'object';
}
