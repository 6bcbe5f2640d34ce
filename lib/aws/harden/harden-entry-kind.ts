/** What a Harden entry records. The values are those HardenReport has always given. */
export enum HardenEntryKind {
  /** Harden changed the construct in place. */
  CHANGED = 'changed',
  /** Harden could not change it in place: a finding to act on. */
  FINDING = 'finding',
}
