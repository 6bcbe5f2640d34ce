import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, runDoctor } from '../lib/tooling';

const doctor = (name: string) => runDoctor(loadProfile(join(__dirname, '..', 'examples', 'profiles', name)));
const ids = (name: string) => doctor(name).findings.map((finding) => `${finding.id} ${finding.path}`);

describe('example profiles', () => {
  it.each(['baseline.yaml', 'strict.yaml'])('the doctor passes %s', (name) => {
    expect(doctor(name).passed).toBe(true);
  });

  it('strict.yaml has no findings at all', () => {
    expect(doctor('strict.yaml').findings).toEqual([]);
  });

  it('open-astra.yaml: an unrotated key and no per-IP login limit are blocking', () => {
    expect(doctor('open-astra.yaml').passed).toBe(false);
    expect(ids('open-astra.yaml')).toEqual(
      expect.arrayContaining(['BWD-SEC-01 secrets.items[1].rotateAfterDays', 'BWD-RATE-01 auth.loginPaths[0]', 'BWD-AUTH-04 auth.jwt.algorithm']),
    );
  });

  it("aragora.yaml: the guide's 256-bit JWT key is blocking and its CSP is weak", () => {
    expect(ids('aragora.yaml')).toEqual(
      expect.arrayContaining(['BWD-AUTH-01 secrets.items[0].generate.bytes', 'BWD-HDR-01 headers.contentSecurityPolicy["script-src"]']),
    );
    expect(doctor('aragora.yaml').blocking).toBe(1);
  });

  it('agent-secret-store.yaml passes, warning about the 8-hour worker token', () => {
    const report = doctor('agent-secret-store.yaml');
    expect(report.passed).toBe(true);
    expect(ids('agent-secret-store.yaml')).toContain('BWD-SEC-07 secrets.services[3].tokenTtl');
  });

  it('aksara.yaml passes: a 32-character SECRET_KEY meets its own guide, and MCP is locked down', () => {
    const report = doctor('aksara.yaml');
    expect(report.passed).toBe(true);
    expect(ids('aksara.yaml').filter((id) => /AUTH-0[17]|APP-/.test(id))).toEqual([]);
  });
});
