import { describeChecklistItem } from '../../checklist/items';
import type { CheckDefinition } from '../check-definition';
import type { CheckPack } from '../check-pack';
import type { Severity } from '../severity';
import type { Violation } from '../violation';
import type { SourceLine } from './source-line';
import type { TemplatePosition } from './template-resource-lines';

/** Where a finding is: a resource in a synthesized template, or a field of the profile. */
export type FindingLocation =
  | {
      readonly kind: 'resource';
      readonly constructPath: string;
      readonly templateFile?: string;
      readonly logicalId?: string;
      /** The line of the user's code that created the construct, when the report's stack traces name one in the working directory. */
      readonly source?: SourceLine;
      /** Where the logical ID is declared in `templateFile`: the fallback location of a finding with no `source`. */
      readonly templatePosition?: TemplatePosition;
    }
  | { readonly kind: 'profile'; readonly file: string; readonly path: string };

/** One finding of `bulwark check` or of the doctor: of a Bulwark pack's rule, or of another synth-time validation plugin. */
export interface CheckFinding {
  /** e.g. `Bulwark-SEC1[no-rotation]`, `BWD-AUTH-01`, `AwsSolutions-IAM5[…]`. */
  readonly id: string;
  /** The rule the finding belongs to (the ID without its `[finding]`). */
  readonly ruleId: string;
  readonly source: string;
  readonly level: Severity;
  readonly message: string;
  readonly fix?: string;
  readonly checklist: readonly string[];
  readonly location: FindingLocation;
  /** Set when the finding was acknowledged in the app, with the reason given: reported, never blocking. */
  readonly acknowledged?: { readonly reason: string };
  /**
   * The app the finding is in, when one run checks several (`--apps`, or --cdk-out / --cdktf-out
   * given more than once): its directory, or its synthesized output's, relative to the working
   * directory (`/`-separated).
   */
  readonly app?: string;
}

/** Whether a finding blocks: an unacknowledged error. */
export function isBlocking(finding: CheckFinding): boolean {
  return finding.level === 'error' && finding.acknowledged === undefined;
}

/** The rule ID of a finding ID: `Bulwark-WAF2[AWSManagedRulesSQLiRuleSet]` → `Bulwark-WAF2`. */
export function ruleIdOf(findingId: string): string {
  const bracket = findingId.indexOf('[');
  return bracket < 0 ? findingId : findingId.slice(0, bracket);
}

/** What was found and where, as a validation plugin or a rule reports it. */
export interface FindingOccurrence {
  /** The finding ID: the rule ID, plus `[finding]` where the rule names one. */
  readonly id: string;
  readonly source: string;
  readonly level: Severity;
  readonly message: string;
  readonly location: FindingLocation;
  readonly acknowledged?: { readonly reason: string };
}

/**
 * The one way findings are built: the rule ID from the finding ID, and, for a rule of one of
 * Bulwark's packs, its fix and the checklist items it enforces from its definition.
 */
export function checkFinding(occurrence: FindingOccurrence, definition?: CheckDefinition): CheckFinding {
  const { id, source, level, message, location, acknowledged } = occurrence;
  return {
    id,
    ruleId: ruleIdOf(id),
    source,
    level,
    message,
    ...(definition ? { fix: definition.fix } : {}),
    checklist: definition ? definition.items.map(describeChecklistItem) : [],
    location,
    ...(acknowledged ? { acknowledged } : {}),
  };
}

/**
 * The finding of a rule's violation: `<id>[unresolved]` when the verdict waits on a deploy-time
 * value. A title that is a sentence ("The zone serves plain HTTP.") is followed by what was
 * observed; a title that is a phrase ("Debug mode is on outside dev") by a colon and it.
 */
export function violationFinding(pack: CheckPack, definition: CheckDefinition, violation: Violation, location: FindingLocation): CheckFinding {
  return checkFinding(
    {
      id: `${definition.id}${violation.unresolved === true ? '[unresolved]' : ''}`,
      source: pack.source,
      level: definition.severity,
      message: `${definition.title}${definition.title.endsWith('.') ? ' ' : ': '}${violation.observed}`,
      location,
    },
    definition,
  );
}
