/**
 * One measured run of the AWS app, in a fresh process:
 *   node dist-bench/bench/aws/synth-child.js <variant> <services> <validator on|off> <result file>
 * Variants: l1 (plain aws-cdk-lib L1), l1-nested (l1 with each resource three constructs deep, as a library nests them), l1+profile (l1 plus the profile work Bulwark cannot skip, a floor), l2 (aws-cdk-lib L2, for information), bulwark, bulwark+bulwark-checks, bulwark+aws-solutions.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhaseClock } from '../child-result';
import { serviceRateLimits } from './fleet-shape';

export const AWS_VARIANTS = ['l1', 'l1-nested', 'l1+profile', 'l2', 'bulwark', 'bulwark+bulwark-checks', 'bulwark+aws-solutions'] as const;
export type AwsVariant = (typeof AWS_VARIANTS)[number];

function main(): void {
  const [variant, servicesArgument, validator, resultFile] = process.argv.slice(2) as [AwsVariant, string, 'on' | 'off', string];
  const services = Number(servicesArgument);
  if (!AWS_VARIANTS.includes(variant) || !Number.isInteger(services) || !['on', 'off'].includes(validator) || !resultFile) {
    throw new Error(`usage: synth-child <${AWS_VARIANTS.join('|')}> <services> <on|off> <result file>; got ${process.argv.slice(2).join(' ')}`);
  }
  // The built-in CloudFormation validator runs unless CDK_VALIDATION is "false"; on, it runs in strict mode.
  process.env.CDK_VALIDATION = validator === 'on' ? 'true' : 'false';
  const clock = new PhaseClock();
  // require() rather than import: loading the modules is timed as a phase of its own.
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  let build: (app: import('aws-cdk-lib').App, services: number) => import('aws-cdk-lib').Stack[];
  if (variant === 'l1') build = (require('./l1-fleet') as typeof import('./l1-fleet')).addL1Fleet;
  else if (variant === 'l1-nested') build = (app, count) => (require('./l1-fleet') as typeof import('./l1-fleet')).addL1Fleet(app, count, { nested: true });
  else if (variant === 'l1+profile') build = (require('./profile-floor-fleet') as typeof import('./profile-floor-fleet')).addProfileFloorFleet;
  else if (variant === 'l2') build = (require('./l2-fleet') as typeof import('./l2-fleet')).addL2Fleet;
  else build = (require('./bulwark-fleet') as typeof import('./bulwark-fleet')).addBulwarkFleet;
  const checks = { ms: 0 };
  const timed = (plugin: import('aws-cdk-lib').IPolicyValidationPlugin): import('aws-cdk-lib').IPolicyValidationPlugin => ({
    name: plugin.name,
    version: plugin.version,
    ruleIds: plugin.ruleIds,
    validate: (context) => {
      const started = performance.now();
      const report = plugin.validate(context);
      checks.ms += performance.now() - started;
      return report;
    },
  });
  let plugin: (app: import('aws-cdk-lib').App) => import('aws-cdk-lib').IPolicyValidationPlugin | undefined = () => undefined;
  if (variant === 'bulwark+bulwark-checks') {
    const { BulwarkChecks } = require('../../lib/checks/aws/bulwark-checks') as typeof import('../../lib/checks/aws/bulwark-checks');
    const { Profile } = require('../../lib/profile/profile') as typeof import('../../lib/profile/profile');
    const { Preset } = require('../../lib/profile/preset') as typeof import('../../lib/profile/preset');
    // The rate limit every service of the fleet shares: WAF3 judges each Web ACL against the checks' one profile, and each
    // service's login and per-user limits are on its own paths.
    const [perIp] = serviceRateLimits(0);
    plugin = (app) => new BulwarkChecks(app, { profile: Profile.fromPreset(Preset.STRICT, 'fleet', { rateLimits: [perIp] }) });
  } else if (variant === 'bulwark+aws-solutions') {
    const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
    plugin = (app) => new AwsSolutionsChecks(app);
  }
  clock.lap('import');

  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  try {
    const app = new cdk.App({ outdir, context: validator === 'on' ? { '@aws-cdk/core:validateAgainstDefaultRules': true } : {} });
    const stacks = build(app, services);
    const pack = plugin(app);
    if (pack) cdk.Validations.of(app).addPlugins(timed(pack));
    clock.lap('construct');
    const assembly = app.synth();
    clock.lap('synth');
    const resources = assembly.stacks.map((stack) => Object.keys((stack.template as { Resources?: Record<string, unknown> }).Resources ?? {}).length);
    clock.report(resultFile, {
      stacks: stacks.length,
      resources: resources.reduce((a, b) => a + b, 0),
      maxResourcesPerStack: Math.max(...resources),
      checkMs: checks.ms,
      findings: reportedFindings(outdir),
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  // Findings make aws-cdk-lib set a failing exit code; they are data here, counted in the result.
  process.exitCode = 0;
}

interface ValidationReport {
  readonly pluginReports: readonly { readonly violations: readonly { readonly violatingResources: readonly unknown[] }[] }[];
}

/** Findings of every validation plugin (check pack, CloudFormation validator) in the report aws-cdk-lib writes. */
function reportedFindings(outdir: string): number {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return 0;
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) => plugin.violations).reduce((sum, violation) => sum + violation.violatingResources.length, 0);
}

if (require.main === module) main();
