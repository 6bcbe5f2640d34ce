/**
 * `npm run bench`: what Bulwark costs. Writes bench/results.md and prints the same tables.
 * Only the capacity section is measured so far; the timing sections are tracked in issue 9.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { webAclCapacities, zoneQuotas } from './capacity';

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const mark = (met: boolean) => (met ? 'met' : 'MISSED');

const acl = webAclCapacities();
const zones = zoneQuotas();
const report = [
  '# Bulwark benchmark results',
  '',
  `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Written by \`npm run bench\`.`,
  '',
  '## Capacity',
  '',
  'WCU of each preset\'s regional Web ACL against the 1,500 WCU included in the base price (target: within it).',
  '',
  table(['profile', 'WCU', 'budget', 'target'], acl.map((row) => [row.preset, row.capacity, row.budget, mark(row.met)])),
  '',
  'Cloudflare rules each profile compiles to on each plan, against the plan\'s quotas (used / quota; target: within every quota, nothing refused).',
  '',
  table(['profile', 'plan', 'custom rules', 'rate-limit rules', 'header transforms', 'refused', 'target'],
    zones.map((row) => [row.preset, row.plan, row.customRules, row.rateLimitRules, row.transformRules, row.problems, mark(row.met)])),
  '',
  '## Not measured yet',
  '',
  'Synth and check time at 1, 100 and 1,000 services, Cloudflare construct and synth time, import',
  'times and peak memory (issue 9).',
  '',
].join('\n');

writeFileSync(join(__dirname, 'results.md'), report);
process.stdout.write(report);
