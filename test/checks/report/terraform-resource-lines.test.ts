import { describe, expect, it } from 'vitest';
import type { CheckFinding } from '../../../lib/checks/report/finding';
import { placedInTerraform, terraformResourceLines } from '../../../lib/checks/report/terraform-resource-lines';

describe('terraformResourceLines', () => {
  it('finds each HCL resource block by its opening line, quoted labels or bare', () => {
    const hcl = [
      '# zone settings',
      'variable "zone_id" {}',
      '',
      'resource "cloudflare_ruleset" "waf" {',
      '  zone_id = var.zone_id',
      '}',
      '  resource cloudflare_zone_setting tls {',
      '}',
    ].join('\n');
    const positions = terraformResourceLines('main.tf', 'infra/main.tf', hcl);
    expect(positions.get('cloudflare_ruleset.waf')).toEqual({ file: 'infra/main.tf', line: 4, column: 1 });
    expect(positions.get('cloudflare_zone_setting.tls')).toEqual({ file: 'infra/main.tf', line: 7, column: 3 });
    expect(positions.has('variable.zone_id')).toBe(false);
  });

  it('finds each resource of Terraform JSON by its name key, and gives none for JSON that does not parse', () => {
    const json = JSON.stringify({ resource: { cloudflare_ruleset: { waf: { name: 'a' }, limits: { name: 'b' } } } }, null, 2);
    const positions = terraformResourceLines('zone.tf.json', 'zone.tf.json', json);
    expect(positions.get('cloudflare_ruleset.waf')).toEqual({ file: 'zone.tf.json', line: 4, column: 7 });
    expect(positions.get('cloudflare_ruleset.limits')?.line).toBe(7);
    expect(terraformResourceLines('zone.tf.json', 'zone.tf.json', '{ "resource": ').size).toBe(0);
  });

  it('keeps the first declaration, and skips lines too long to be a block opening', () => {
    const hcl = `resource "a" "b" {\n}\nresource "a" "b" {\n}\nresource "a" "${'c'.repeat(5000)}" {\n}\n`;
    const positions = terraformResourceLines('main.tf', 'main.tf', hcl);
    expect(positions.get('a.b')?.line).toBe(1);
    expect(positions.size).toBe(1);
  });
});

describe('placedInTerraform', () => {
  const finding = (constructPath: string): CheckFinding => ({
    id: 'BulwarkCF-TLS1',
    ruleId: 'BulwarkCF-TLS1',
    source: 'cloudflare',
    level: 'error',
    message: 'm',
    checklist: [],
    location: { kind: 'resource', constructPath, templateFile: 'main.tf', logicalId: constructPath },
  });

  it('places a finding on a declared resource at its line, and leaves one on a whole zone at the file', () => {
    const positions = new Map([['cloudflare_ruleset.waf', { file: 'main.tf', line: 4, column: 1 }]]);
    const [onResource, onZone] = placedInTerraform([finding('cloudflare_ruleset.waf'), finding('zone 0123')], positions);
    expect(onResource.location).toMatchObject({ source: { file: 'main.tf', line: 4, column: 1 } });
    expect(onZone.location).not.toHaveProperty('source');
  });
});
