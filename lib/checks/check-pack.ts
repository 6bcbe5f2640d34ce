import type { CheckDefinition } from './check-definition';

/** What a pack checks: the profile (doctor), CloudFormation resources (aws) or Terraform zones (cloudflare). */
export type CheckSource = 'doctor' | 'aws' | 'cloudflare';

/** A pack of checks: its ID prefix, the source its findings name, and its definitions in report order. */
export interface CheckPack<Rule = unknown> {
  readonly name: CheckSource;
  /** Every definition's ID starts with `<prefix>-`. */
  readonly prefix: string;
  /** The `source` of the pack's findings in `bulwark check` reports. */
  readonly source: string;
  /** The pack as a heading: the security matrix's column. */
  readonly title: string;
  readonly definitions: readonly CheckDefinition<Rule>[];
}

/** The definition of a rule ID (no `[finding]`) in a pack, if it is one of the pack's. */
export function definitionOf<Rule>(pack: CheckPack<Rule>, ruleId: string): CheckDefinition<Rule> | undefined {
  return pack.definitions.find((definition) => definition.id === ruleId);
}
