// BulwarkChecks on CloudFormation templates written by others (aws-cloudformation/aws-cloudformation-templates,
// Apache-2.0; see test/fixtures/real-world/SOURCES.md): every Bulwark finding on each is pinned, each one
// read against its template by hand, so a rule that starts flagging what is fine (or stops flagging
// what is not) fails here. cfn-lint's own warnings from aws-cdk-lib's validator are not pinned.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTemplate } from '../../../lib/checks/aws/template-checks';

const root = join(__dirname, '..', '..', 'fixtures', 'real-world');
const dir = join(root, 'aws-cloudformation-templates');
const expected = JSON.parse(readFileSync(join(root, 'aws-cloudformation-templates.findings.json'), 'utf8')) as Record<string, string[]>;
const templates = readdirSync(dir).filter((name) => name.endsWith('.yaml'));

/** Each Bulwark finding as `<rule id>[unresolved]? <logical id>`, sorted. */
function bulwarkFindings(file: string): string[] {
  return checkTemplate(file)
    .findings.filter((finding) => finding.id.startsWith('Bulwark-'))
    .map((finding) => `${finding.id} ${finding.location.kind === 'resource' ? (finding.location.logicalId ?? '') : ''}`.trim())
    .sort();
}

describe('BulwarkChecks on public CloudFormation templates', () => {
  it('has at least 30 templates, each with its pinned findings', () => {
    expect(templates.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual([...templates].sort());
  });

  it.each(templates)('%s', (name) => {
    expect(bulwarkFindings(join(dir, name))).toEqual(expected[name]);
  });
});
