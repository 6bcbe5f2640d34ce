import { CHECKLIST, documentName, describeChecklistItem, type ChecklistItemId } from '../checklist/items';
import type { CheckPack } from './check-pack';
import { CHECK_PACKS } from './check-packs';

// The catalogue of Bulwark's packs, written one way for all three: their rules (the README
// tables) and which rules enforce each checklist item (the security matrix).

/** A pack's rules as a Markdown table (ID, severity, finding, fix, checklist items, what it judges), in report order, for the README. */
export function catalogMarkdown(pack: CheckPack): string {
  const rows = pack.definitions.map(
    (definition) =>
      `| ${definition.id} | ${definition.severity} | ${definition.title} | ${definition.fix} | ${definition.items.map(describeChecklistItem).join('<br>')} | ${definition.judges} |`,
  );
  return ['| ID | Severity | Finding | Fix | Checklist items | Judges |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Which rules of each pack enforce a checklist item. */
export interface ChecklistEnforcement {
  readonly item: ChecklistItemId;
  readonly doctor: readonly string[];
  readonly aws: readonly string[];
  readonly cloudflare: readonly string[];
}

/** The security matrix: every checklist item and the rules that enforce it, from the packs themselves. */
export function checklistEnforcement(): ChecklistEnforcement[] {
  const enforcing = (pack: CheckPack, item: ChecklistItemId) =>
    pack.definitions.filter((definition) => definition.items.includes(item)).map((definition) => definition.id);
  return (Object.keys(CHECKLIST) as ChecklistItemId[]).map((item) => ({
    item,
    doctor: enforcing(CHECK_PACKS.doctor, item),
    aws: enforcing(CHECK_PACKS.aws, item),
    cloudflare: enforcing(CHECK_PACKS.cloudflare, item),
  }));
}

/** Whether a rule of any pack judges only presence (not the checklist's number or setting). */
function judgesPresenceOnly(id: string): boolean {
  return Object.values(CHECK_PACKS).some((pack) => pack.definitions.some((definition) => definition.id === id && definition.judges === 'presence'));
}

/** A rule's ID as the matrix shows it: marked `(presence)` when it checks only that the protection exists, not its value. */
function judgedId(id: string): string {
  return judgesPresenceOnly(id) ? `${id} (presence)` : id;
}

/**
 * The security matrix as Markdown: item, document, and the rules of each pack enforcing it. A
 * rule that judges only that a protection exists, not the item's number or setting against the
 * profile, is marked `(presence)`.
 */
export function securityMatrixMarkdown(): string {
  const sources = ['doctor', 'aws', 'cloudflare'] as const;
  const rows = checklistEnforcement().map((entry) => {
    const { document, item } = CHECKLIST[entry.item];
    const cell = (ids: readonly string[]) => (ids.length > 0 ? ids.map(judgedId).join(', ') : '–');
    return `| ${item} | ${documentName(document)} | ${sources.map((source) => cell(entry[source])).join(' | ')} |`;
  });
  const heading = `| Checklist item | Document | ${sources.map((source) => CHECK_PACKS[source].title).join(' | ')} |`;
  return [heading, `|${'---|'.repeat(2 + sources.length)}`, ...rows].join('\n');
}
