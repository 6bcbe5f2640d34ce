import { ruleIdOf, type CheckFinding } from './finding';

/** Findings as a SARIF 2.1.0 log: one run, the rules with their help, one result per finding. */
export function toSarif(findings: readonly CheckFinding[], version: string): Record<string, unknown> {
  const rules = [...new Map(findings.map((finding) => [finding.ruleId, finding])).values()].map((finding) => ({
    id: finding.ruleId,
    shortDescription: { text: finding.message },
    fullDescription: { text: [finding.message, ...finding.checklist.map((item) => `Enforces ${item}.`)].join(' ') },
    help: { text: finding.fix ?? finding.message },
    defaultConfiguration: { level: finding.level },
    properties: { source: finding.source, checklist: [...finding.checklist] },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bulwark', version, rules } },
      results: findings.map((finding) => ({
        ruleId: ruleIdOf(finding.id),
        ruleIndex: ruleIndex.get(finding.ruleId),
        level: finding.acknowledged ? 'note' : finding.level,
        ...(finding.acknowledged ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: finding.acknowledged.reason }] } : {}),
        message: { text: finding.id === finding.ruleId ? finding.message : `${finding.message} (${finding.id.slice(finding.ruleId.length)})` },
        locations: [location(finding)],
      })),
    }],
  };
}

function location(finding: CheckFinding): Record<string, unknown> {
  if (finding.location.kind === 'profile') {
    return {
      physicalLocation: { artifactLocation: { uri: finding.location.file } },
      logicalLocations: [{ fullyQualifiedName: finding.location.path, kind: 'member' }],
    };
  }
  const { constructPath, templateFile, logicalId } = finding.location;
  return {
    ...(templateFile ? { physicalLocation: { artifactLocation: { uri: templateFile, uriBaseId: 'CLOUD_ASSEMBLY' } } } : {}),
    logicalLocations: [{ name: logicalId ?? constructPath, fullyQualifiedName: constructPath, kind: 'resource' }],
  };
}
