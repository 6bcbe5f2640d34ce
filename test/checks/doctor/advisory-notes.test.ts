import { describe, expect, it } from 'vitest';
import { advisoryNotes, extendPreset, parseProfile, runDoctor } from '../../../lib/tooling';
import { formatDoctorTable } from '../../../lib/cli/doctor-table';

const ADVISORY = /^secrets\.approvals is advisory: Bulwark does not enforce approvals/;

describe('advisoryNotes', () => {
  it('says secrets.approvals is advisory when the profile sets it', () => {
    const notes = advisoryNotes(parseProfile({ name: 'demo', secrets: { approvals: { critical: { requiredApprovals: 2 }, approvers: ['a@example.com'] } } }));
    expect(notes).toEqual([{ path: 'secrets.approvals', message: expect.stringMatching(ADVISORY) }]);
  });

  it('says nothing when secrets.approvals is not set', () => {
    expect(advisoryNotes(parseProfile({ name: 'demo' }))).toEqual([]);
  });
});

describe('the doctor report', () => {
  const report = runDoctor(extendPreset('strict', { name: 'demo' }));

  it('carries the note beside its findings, neither blocking nor a warning', () => {
    expect(report.notes.map((note) => note.path)).toEqual(['secrets.approvals']);
    expect(report.findings.map((finding) => finding.path)).not.toContain('secrets.approvals');
  });

  it('prints the note in the table', () => {
    expect(formatDoctorTable(report)).toMatch(/^NOTE$[\s\S]*secrets\.approvals is advisory: Bulwark does not enforce/m);
  });
});
