import { describe, expect, it } from 'vitest';
import { checklistSummary } from '../../lib/checks/report/checklist-summary';
import type { CheckFinding } from '../../lib/checks/report/finding';
import type { PackRun } from '../../lib/checks/report/pack-run';
import { formatChecklistSummary, formatCheckTable } from '../../lib/cli/check-table';
import { runCli } from '../../lib/cli/main';
import { runCliCaptured } from '../support/run-cli';

const LONG_ID = 'Bulwark-IAM1[Resource::arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/payment/*]';

function finding(id: string, level: 'error' | 'warning', ruleId = id.replace(/\[.*$/, '')): CheckFinding {
  return {
    id,
    ruleId,
    source: 'Bulwark',
    level,
    message: 'An IAM statement lets its holder read every secret, which is a long message that must wrap at the width the terminal has.',
    fix: "Scope secretsmanager:GetSecretValue to the service's namespace (arn:…:secret:<env>/<service>/*).",
    checklist: [],
    location: {
      kind: 'resource',
      constructPath: 'Shop/Payments/Role/DefaultPolicy/Resource',
      templateFile: 'Shop.template.json',
      logicalId: 'RoleDefaultPolicy5FFB7DAB',
    },
  };
}

const ran: PackRun = { source: 'aws', input: 'cdk.out', ran: true, applied: ['Bulwark-IAM1', 'Bulwark-LOG1'] };

describe('bulwark check tables fit the terminal', () => {
  it.each([60, 100, 180])('keeps every line within %i columns, and every ID whole', (width) => {
    const findings = [finding(LONG_ID, 'error'), finding('Bulwark-LOG1', 'warning')];
    const text = `${formatChecklistSummary(checklistSummary(findings, [ran]), width)}${formatCheckTable(findings, [ran], width)}`;
    const tooLong = text.split('\n').filter((line) => line.length > width && !line.includes(LONG_ID));
    expect(tooLong, text).toEqual([]);
    expect(text).toContain(`ERROR ${LONG_ID}`);
    expect(text).toContain('WARNING Bulwark-LOG1');
  });

  it('lays out for the terminal the CLI is given, and for 100 columns when it writes to a file or pipe', async () => {
    const narrow = await runCliCaptured('doctor', 'examples/profiles/open-astra.yaml');
    expect(Math.max(...narrow.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    let wide = '';
    await runCli(['doctor', 'examples/profiles/open-astra.yaml'], { stdout: (text) => (wide += text), stderr: () => undefined, columns: 200 });
    const longest = Math.max(...wide.split('\n').map((line) => line.length));
    expect(longest).toBeGreaterThan(100);
    expect(longest).toBeLessThanOrEqual(200);
  });
});

describe('checklist rows agree with the verdict', () => {
  it('marks an item with open warnings only as warn, not fail, when the run PASSED', () => {
    const findings = [finding('Bulwark-LOG1', 'warning')];
    const rows = checklistSummary(findings, [ran]);
    expect(rows.find((row) => row.item === 'auditLogging')?.status).toBe('warn');
    expect(rows.some((row) => row.status === 'fail')).toBe(false);
    expect(formatCheckTable(findings, [ran])).toMatch(/0 errors, 1 warning, 0 acknowledged: PASSED/);
  });

  it('marks an item with an open error as fail, and the run FAILED', () => {
    const findings = [finding('Bulwark-LOG1', 'error')];
    expect(checklistSummary(findings, [ran]).find((row) => row.item === 'auditLogging')?.status).toBe('fail');
    expect(formatCheckTable(findings, [ran])).toMatch(/1 error, 0 warnings, 0 acknowledged: FAILED/);
  });
});
