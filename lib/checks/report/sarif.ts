import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECK_PACKS } from '../check-packs';
import { ruleIdOf, type CheckFinding } from './finding';
import type { PackRun } from './pack-run';

/** What each of Bulwark's rules finds, in general: a rule's description, where a finding's message is about one case. */
const RULE_DESCRIPTIONS = new Map<string, string>(
  Object.values(CHECK_PACKS).flatMap((pack) => pack.definitions.map((definition): [string, string] => [definition.id, definition.title])),
);

/** Findings as a SARIF 2.1.0 log: one run, the rules with their help, one result per finding. */
export function toSarif(findings: readonly CheckFinding[], version: string, runs: readonly PackRun[] = []): Record<string, unknown> {
  const rules = [...new Map(findings.map((finding) => [finding.ruleId, finding])).values()].map((finding) => ({
    id: finding.ruleId,
    shortDescription: { text: RULE_DESCRIPTIONS.get(finding.ruleId) ?? finding.message },
    fullDescription: { text: [RULE_DESCRIPTIONS.get(finding.ruleId) ?? finding.message, ...finding.checklist.map((item) => `Enforces ${item}.`)].join(' ') },
    help: { text: finding.fix ?? finding.message },
    defaultConfiguration: { level: finding.level },
    properties: { source: finding.source, checklist: [...finding.checklist] },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'bulwark', version, rules } },
        // A pack that did not run makes the run unsuccessful, said in a notification, not a result.
        invocations: [
          {
            executionSuccessful: runs.every((run) => run.ran),
            toolExecutionNotifications: runs
              .filter((run) => run.note !== undefined)
              .map((run) => ({ level: run.ran ? 'note' : 'error', message: { text: `${run.source} on ${run.input}: ${run.note}` } })),
          },
        ],
        results: findings.map((finding) => ({
          ruleId: ruleIdOf(finding.id),
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: finding.acknowledged ? 'note' : finding.level,
          ...(finding.acknowledged ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.acknowledged.reason }] } : {}),
          message: { text: finding.id === finding.ruleId ? finding.message : `${finding.message} (${finding.id.slice(finding.ruleId.length)})` },
          locations: [location(finding)],
          ...(finding.app !== undefined ? { properties: { app: finding.app } } : {}),
          ...(finding.location.kind === 'resource' && finding.location.source
            ? {
                relatedLocations: [
                  {
                    id: 1,
                    physicalLocation: { artifactLocation: { uri: uriOf(finding.location.templateFile ?? 'manifest.json') } },
                    message: { text: 'the synthesized template' },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}

/** Every result has a physical location (GitHub code scanning refuses one without): the profile, or the synthesized file. */
function location(finding: CheckFinding): Record<string, unknown> {
  if (finding.location.kind === 'profile') {
    return {
      physicalLocation: { artifactLocation: { uri: uriOf(finding.location.file) } },
      logicalLocations: [{ fullyQualifiedName: finding.location.path, kind: 'member' }],
    };
  }
  const { constructPath, templateFile, logicalId, source, templatePosition } = finding.location;
  // The user's line that created the construct, when known: code scanning annotates source, not generated templates.
  // Else the line of the logical ID in the template, when known.
  const line = source ?? (templatePosition && templateFile !== undefined ? { file: templateFile, ...templatePosition } : undefined);
  return {
    physicalLocation: line
      ? { artifactLocation: { uri: uriOf(line.file) }, region: { startLine: line.line, ...(line.column ? { startColumn: line.column } : {}) } }
      : { artifactLocation: { uri: uriOf(templateFile ?? 'manifest.json') } },
    logicalLocations: [{ name: logicalId ?? constructPath, fullyQualifiedName: constructPath, kind: 'resource' }],
  };
}

/** A file path as a URI reference: relative paths stay relative (to the repository), each segment percent-encoded; absolute ones become file: URIs. */
export function uriOf(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}
