import { CHECKLIST, documentName, describeChecklistItem, type ChecklistItemId } from '../checklist/items';
import type { CheckPack } from './check-pack';
import { CHECK_PACKS } from './check-packs';

// The catalogue of Bulwark's packs, written one way for all three: their rules (the README
// tables) and which rules enforce each checklist item (the security matrix).

/** A pack's rules as a Markdown table (ID, severity, finding, fix, checklist items), in report order, for the README. */
export function catalogMarkdown(pack: CheckPack): string {
  const rows = pack.definitions.map(
    (definition) =>
      `| ${definition.id} | ${definition.severity} | ${definition.title} | ${definition.fix} | ${definition.items.map(describeChecklistItem).join('<br>')} |`,
  );
  return ['| ID | Severity | Finding | Fix | Checklist items |', '|---|---|---|---|---|', ...rows].join('\n');
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

/** The security matrix as Markdown: item, document, and the rules of each pack enforcing it. */
export function securityMatrixMarkdown(): string {
  const sources = ['doctor', 'aws', 'cloudflare'] as const;
  const rows = checklistEnforcement().map((entry) => {
    const { document, item } = CHECKLIST[entry.item];
    const cell = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '–');
    return `| ${item} | ${documentName(document)} | ${sources.map((source) => cell(entry[source])).join(' | ')} |`;
  });
  const heading = `| Checklist item | Document | ${sources.map((source) => CHECK_PACKS[source].title).join(' | ')} |`;
  return [heading, `|${'---|'.repeat(2 + sources.length)}`, ...rows].join('\n');
}
