import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AwsRule } from '../../lib/checks/aws/aws-rule';
import { BULWARK_AWS_PACK, BULWARK_AWS_RULES } from '../../lib/checks/aws/aws-pack';
import { catalogMarkdown, checklistEnforcement, securityMatrixMarkdown } from '../../lib/checks/catalog';
import { defineCheck, type CheckDefinition } from '../../lib/checks/check-definition';
import type { CheckPack } from '../../lib/checks/check-pack';
import { CHECK_PACKS } from '../../lib/checks/check-packs';
import type { CloudflareRule } from '../../lib/checks/cloudflare/cloudflare-rule';
import { BULWARK_CLOUDFLARE_PACK, BULWARK_CLOUDFLARE_RULES } from '../../lib/checks/cloudflare/cloudflare-checks';
import type { DoctorRule } from '../../lib/checks/doctor/doctor-rule';
import { DOCTOR_CHECKS, DOCTOR_PACK } from '../../lib/checks/doctor/doctor-pack';
import { violationFinding } from '../../lib/checks/report/finding';

const packs = Object.values(CHECK_PACKS);

describe('one definition type', () => {
  it("is the type of every pack's definitions, which differ only in the rule's signature", () => {
    expectTypeOf(DOCTOR_CHECKS).toEqualTypeOf<readonly CheckDefinition<DoctorRule>[]>();
    expectTypeOf(BULWARK_AWS_RULES).toEqualTypeOf<readonly CheckDefinition<AwsRule>[]>();
    expectTypeOf(BULWARK_CLOUDFLARE_RULES).toEqualTypeOf<readonly CheckDefinition<CloudflareRule>[]>();
    expectTypeOf(DOCTOR_PACK).toEqualTypeOf<CheckPack<DoctorRule>>();
    expectTypeOf(BULWARK_AWS_PACK).toEqualTypeOf<CheckPack<AwsRule>>();
    expectTypeOf(BULWARK_CLOUDFLARE_PACK).toEqualTypeOf<CheckPack<CloudflareRule>>();
    // The neutral entry point lists the packs without their rules' signatures (which name aws-cdk-lib and cdktf types).
    expectTypeOf(CHECK_PACKS.aws).toEqualTypeOf<CheckPack>();
    expect(CHECK_PACKS).toEqual({ doctor: DOCTOR_PACK, aws: BULWARK_AWS_PACK, cloudflare: BULWARK_CLOUDFLARE_PACK });
    const keys = packs.flatMap((pack) => pack.definitions.map((definition) => Object.keys(definition).sort().join(',')));
    expect(new Set(keys)).toEqual(new Set(['code,fix,id,items,judges,rule,severity,title']));
  });

  it('gives every definition the published ID `<pack prefix>-<code>`, unique across the packs', () => {
    for (const pack of packs) for (const definition of pack.definitions) expect(definition.id).toBe(`${pack.prefix}-${definition.code}`);
    expect(DOCTOR_CHECKS.every((check) => /^BWD-[A-Z]+-\d{2}$/.test(check.id))).toBe(true);
    expect(BULWARK_AWS_RULES.every((rule) => /^Bulwark-[A-Z]+\d+$/.test(rule.id))).toBe(true);
    expect(BULWARK_CLOUDFLARE_RULES.every((rule) => /^BulwarkCF-[A-Z]+\d+$/.test(rule.id))).toBe(true);
    const ids = packs.flatMap((pack) => pack.definitions.map((definition) => definition.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the catalogue', () => {
  it('writes one row per rule, with its ID, severity, finding, fix and each checklist item described', () => {
    const pack: CheckPack = {
      name: 'aws',
      prefix: 'Pack',
      source: 'Pack',
      title: 'Pack',
      definitions: [defineCheck('Pack', 'X1', 'error', ['jwtSecretStrength'], 'value', () => [], 'The listener allows TLS 1.0.', 'Use a TLS 1.2 policy.')],
    };
    const lines = catalogMarkdown(pack).split('\n');
    expect(lines[0]).toBe('| ID | Severity | Finding | Fix | Checklist items | Judges |');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      '| Pack-X1 | error | The listener allows TLS 1.0. | Use a TLS 1.2 policy. | Security Hardening Checklist (Open Astra): 1. JWT configuration: JWT_SECRET of at least 64 random bytes | value |',
    );
  });

  it.each(packs.map((pack) => [pack.name, pack] as const))('lists every %s rule once, in report order', (_name, pack) => {
    const rows = catalogMarkdown(pack)
      .split('\n')
      .slice(2)
      .map((row) => row.split(' | ')[0].slice(2));
    expect(rows).toEqual(pack.definitions.map((definition) => definition.id));
  });

  it('maps every rule of every pack to the checklist items it enforces in the security matrix', () => {
    const enforcement = checklistEnforcement();
    for (const pack of packs) {
      for (const definition of pack.definitions) {
        for (const item of definition.items) expect(enforcement.find((entry) => entry.item === item)?.[pack.name]).toContain(definition.id);
      }
      const listed = enforcement.flatMap((entry) => entry[pack.name]);
      expect(new Set(listed)).toEqual(new Set(pack.definitions.map((definition) => definition.id)));
    }
    expect(securityMatrixMarkdown().split('\n')[0]).toBe('| Checklist item | Document | Profile (doctor) | AWS (BulwarkChecks) | Cloudflare |');
  });
});

describe('violationFinding', () => {
  const location = { kind: 'profile', file: 'p.yaml', path: 'tls.minVersion' } as const;

  it('builds a finding of any pack from the definition: fix and checklist items from it, `[unresolved]` on the ID only', () => {
    const definition = BULWARK_CLOUDFLARE_RULES[0];
    expect(violationFinding(CHECK_PACKS.cloudflare, definition, { path: 'x', observed: 'min_tls_version 1.0', unresolved: true }, location)).toEqual({
      id: 'BulwarkCF-TLS1[unresolved]',
      ruleId: 'BulwarkCF-TLS1',
      source: 'BulwarkCloudflare',
      level: 'error',
      message: 'The zone accepts TLS below 1.2. min_tls_version 1.0',
      fix: definition.fix,
      checklist: ['Security Deployment Guide (Aragora): TLS Configuration: TLS 1.2 and 1.3 only, strong ciphers'],
      location,
    });
  });

  it('follows a sentence title with the observation and a phrase title with a colon', () => {
    const doctor = DOCTOR_CHECKS.find((check) => check.id === 'BWD-TLS-01');
    expect(doctor && violationFinding(CHECK_PACKS.doctor, doctor, { path: 'tls.minVersion', observed: '1.1' }, location).message).toBe(
      'TLS below 1.2 is accepted: 1.1',
    );
    // The wording rule holds for the packs that build findings from violations: doctor titles are phrases, Cloudflare titles sentences.
    expect(DOCTOR_CHECKS.filter((check) => check.title.endsWith('.'))).toEqual([]);
    expect(BULWARK_CLOUDFLARE_RULES.filter((rule) => !rule.title.endsWith('.'))).toEqual([]);
  });
});
