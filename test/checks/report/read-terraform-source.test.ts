import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terraformZones, type TerraformJson } from '../../../lib/checks/cloudflare/terraform-zones';
import { OutputFileError } from '../../../lib/checks/report/output-file-error';
import { readTerraformSource } from '../../../lib/checks/report/read-terraform-source';
import { strictZoneOutput } from '../../support/strict-zone-output';

const dir = () => mkdtempSync(join(tmpdir(), 'bulwark-tf-'));
const written = (where: string, name: string, text: string) => {
  writeFileSync(join(where, name), text);
  return join(where, name);
};

// Provider v4 HCL, as its documentation writes zone settings and a rate-limit rule (blocks, not attributes).
const V4_HCL = `
variable "zone_id" {}
resource "cloudflare_zone_settings_override" "example" {
  zone_id = var.zone_id
  settings {
    min_tls_version = "1.2"
    ssl             = "strict"
    security_header {
      enabled            = true
      max_age            = 31536000
      include_subdomains = true
    }
  }
}
resource "cloudflare_ruleset" "limits" {
  zone_id = "0123"
  name    = "limits"
  kind    = "zone"
  phase   = "http_ratelimit"
  rules {
    action     = "block"
    expression = "http.request.uri.path eq \\"/login\\""
    ratelimit {
      characteristics     = ["cf.colo.id", "ip.src"]
      period              = 60
      requests_per_period = 5
    }
  }
  rules {
    action     = "block"
    expression = "true"
    ratelimit {
      characteristics     = ["cf.colo.id", "ip.src"]
      period              = 60
      requests_per_period = 200
    }
  }
}
resource "cloudflare_ruleset" "headers" {
  zone_id = "0123"
  name    = "headers"
  kind    = "zone"
  phase   = "http_response_headers_transform"
  rules {
    action     = "rewrite"
    expression = "true"
    action_parameters {
      headers {
        name      = "X-Frame-Options"
        operation = "set"
        value     = "DENY"
      }
      headers {
        name      = "Referrer-Policy"
        operation = "set"
        value     = "no-referrer"
      }
    }
  }
}
`;

describe('readTerraformSource', () => {
  it('reads HCL, with single blocks as objects and repeated rules as lists', async () => {
    const { document } = await readTerraformSource(written(dir(), 'main.tf', V4_HCL));
    const resource = (document as TerraformJson).resource ?? {};
    const limits = resource.cloudflare_ruleset.limits as { rules: { ratelimit: { requests_per_period: number } }[] };
    expect(limits.rules).toHaveLength(2);
    expect(limits.rules[0].ratelimit.requests_per_period).toBe(5);
    expect(resource.cloudflare_zone_settings_override.example.zone_id).toBe('${var.zone_id}');
  });

  it('reads an override block as the one object it is, and its repeated categories and rules as lists', async () => {
    const hcl = `resource "cloudflare_ruleset" "managed" {
  zone_id = "0123"
  name    = "managed"
  kind    = "zone"
  phase   = "http_request_firewall_managed"
  rules {
    action     = "execute"
    expression = "true"
    action_parameters {
      id = "4814384a9e5d4991b9815dcfc25d2f1f"
      overrides {
        categories {
          category = "paranoia-level-3"
          enabled  = false
        }
      }
    }
  }
}
`;
    const { document } = await readTerraformSource(written(dir(), 'managed.tf', hcl));
    const [zone] = terraformZones(document as TerraformJson);
    expect(zone.rulesets.http_request_firewall_managed[0].action_parameters).toEqual({
      id: '4814384a9e5d4991b9815dcfc25d2f1f',
      overrides: { categories: [{ category: 'paranoia-level-3', enabled: false }] },
    });
  });

  it("reads provider v4's zone settings override and header blocks as the v5 shapes the checks read", async () => {
    const { document } = await readTerraformSource(written(dir(), 'main.tf', V4_HCL));
    const zones = terraformZones(document as TerraformJson);
    const variableZone = zones.find((zone) => zone.zoneId === '${var.zone_id}');
    expect(variableZone?.settings).toMatchObject({
      min_tls_version: '1.2',
      ssl: 'strict',
      security_header: { strict_transport_security: { enabled: true, max_age: 31_536_000, include_subdomains: true } },
    });
    expect(variableZone?.settingAddresses.ssl).toBe('cloudflare_zone_settings_override.example');
    const headers = zones.find((zone) => zone.zoneId === '0123')?.rulesets.http_response_headers_transform[0].action_parameters?.headers;
    expect(headers).toEqual({ 'X-Frame-Options': { operation: 'set', value: 'DENY' }, 'Referrer-Policy': { operation: 'set', value: 'no-referrer' } });
  });

  it('reads a .tf.json file and a directory of .tf and .tf.json files as one configuration', async () => {
    const where = dir();
    const synthesized = readFileSync(join(strictZoneOutput('bulwark-tf-strict-'), 'stacks', 'edge', 'cdk.tf.json'), 'utf8');
    written(where, 'zone.tf.json', synthesized);
    written(
      where,
      'extra.tf',
      'resource "cloudflare_zone_setting" "legacy" {\n  zone_id = "zone-1"\n  setting_id = "opportunistic_encryption"\n  value = "on"\n}\n',
    );
    written(where, 'notes.txt', 'not read');
    const { document, positions } = await readTerraformSource(where);
    const [zone] = terraformZones(document as TerraformJson);
    expect(zone.settings.min_tls_version).toBe('1.3');
    expect(zone.settings.opportunistic_encryption).toBe('on');
    // Each resource at the line of the file that declares it.
    expect(positions.get('cloudflare_zone_setting.legacy')).toMatchObject({ line: 1, column: 1 });
    expect(positions.get('cloudflare_zone_setting.legacy')?.file).toMatch(/extra\.tf$/);
    expect([...positions.values()].filter((line) => line.file.endsWith('zone.tf.json')).length).toBeGreaterThan(0);
  });

  it('reads the planned values of a plan, module resources included', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'cloudflare_zone_setting.tls',
              mode: 'managed',
              type: 'cloudflare_zone_setting',
              name: 'tls',
              values: { zone_id: 'z', setting_id: 'min_tls_version', value: '1.0' },
            },
          ],
          child_modules: [
            {
              resources: [
                {
                  address: 'module.edge.cloudflare_zone_setting.ssl',
                  mode: 'managed',
                  type: 'cloudflare_zone_setting',
                  name: 'ssl',
                  values: { zone_id: 'z', setting_id: 'ssl', value: 'flexible' },
                },
                { address: 'module.edge.data.cloudflare_zone.z', mode: 'data', type: 'cloudflare_zone', name: 'z', values: {} },
              ],
            },
          ],
        },
      },
    };
    const { document } = await readTerraformSource(written(dir(), 'plan.json', JSON.stringify(plan)));
    const [zone] = terraformZones(document as TerraformJson);
    expect(zone.settings).toEqual({ min_tls_version: '1.0', ssl: 'flexible' });
    expect(zone.settingAddresses).toEqual({
      min_tls_version: 'cloudflare_zone_setting.tls',
      ssl: 'cloudflare_zone_setting.module.edge.cloudflare_zone_setting.ssl',
    });
  });

  it('refuses HCL that does not parse, a resource declared twice, and an empty directory, naming the file', async () => {
    const where = dir();
    await expect(readTerraformSource(written(where, 'bad.tf', 'resource "x" {\n  token = "sk_live_abcdefghijklmnop'))).rejects.toThrow(OutputFileError);
    await expect(readTerraformSource(join(where, 'bad.tf'))).rejects.not.toThrow(/sk_live/);
    const twice = dir();
    written(twice, 'a.tf', 'resource "cloudflare_zone_setting" "tls" {\n  zone_id = "z"\n}\n');
    written(twice, 'b.tf', 'resource "cloudflare_zone_setting" "tls" {\n  zone_id = "z"\n}\n');
    await expect(readTerraformSource(twice)).rejects.toThrow(/cloudflare_zone_setting\.tls is declared twice/);
    await expect(readTerraformSource(dir())).rejects.toThrow(/holds no \.tf or \.tf\.json file/);
    await expect(readTerraformSource(join(where, 'missing.tf'))).rejects.toThrow(/cannot read --terraform/);
  });
});
