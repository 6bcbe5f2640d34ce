// Runs a CDK app written by others (test/fixtures/real-world/aws-cdk-examples) the way `cdk synth`
// does (CDK_OUTDIR from the environment), with BulwarkChecks registered on its App just before it
// synthesizes, as a team adding Bulwark to that app would. With BULWARK_HARDEN set to a profile
// file, Harden.apply runs first and its report is written to harden-report.json in the outdir.
// Usage: node --import tsx test/support/run-real-world-app.ts <app entry file>
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { BulwarkChecks, Harden } from '../../lib';
import { Profile } from '../../lib/tooling';

const hardenProfile = process.env.BULWARK_HARDEN;
const synthesize = App.prototype.synth;
const prepared = new WeakSet<App>();

App.prototype.synth = function (this: App, options) {
  if (!prepared.has(this)) {
    prepared.add(this);
    if (hardenProfile !== undefined) {
      const report = Harden.apply(this, { profile: Profile.fromFile(hardenProfile) });
      const entries = (list: typeof report.changes) => list.map((entry) => `${entry.constructPath}: ${entry.message}`).sort();
      writeFileSync(join(this.outdir, 'harden-report.json'), JSON.stringify({ changes: entries(report.changes), findings: entries(report.findings) }, null, 2));
    }
    Validations.of(this).addPlugins(new BulwarkChecks(this));
  }
  return synthesize.call(this, options);
};

const entry = process.argv[2];
if (entry === undefined) throw new Error('usage: run-real-world-app.ts <app entry file>');
// Loaded as `cdk synth` would run it: a CommonJS module, from its own directory.
createRequire(resolve(entry))(resolve(entry));
