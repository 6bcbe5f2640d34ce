/**
 * Times one import in a fresh process:
 *   node dist-bench/bench/cloudflare/import-child.js <entry> <result file>
 */
import { PhaseClock } from '../child-result';

/** What a Cloudflare user can import, by entry. */
export const IMPORT_ENTRIES = {
  'provider index (@cdktf/provider-cloudflare)': ['@cdktf/provider-cloudflare'],
  'provider deep imports Bulwark uses (lib/ruleset, lib/zone-setting)': [
    '@cdktf/provider-cloudflare/lib/ruleset',
    '@cdktf/provider-cloudflare/lib/zone-setting',
  ],
  'bulwark/cloudflare': ['../../lib/cloudflare'],
  'bulwark (package index, AWS)': ['../../lib'],
} as const;
export type ImportEntry = keyof typeof IMPORT_ENTRIES;

function main(): void {
  const [entry, resultFile] = process.argv.slice(2) as [ImportEntry, string];
  const modules = IMPORT_ENTRIES[entry];
  if (!modules || !resultFile) throw new Error(`usage: import-child <${Object.keys(IMPORT_ENTRIES).join('|')}> <result file>`);
  const clock = new PhaseClock();
  // require() rather than import: loading the module is what is timed.
  for (const name of modules) require(name);
  clock.lap('import');
  clock.report(resultFile, { modules: modules.length });
}

if (require.main === module) main();
