import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumMember, JsiiRuntimeClient, jsiiLoadOrder, type ObjRef, struct, tarballOf } from '../support/jsii-runtime-client';

// What a Python, Java, .NET or Go app does, without those languages: their generated code is a
// thin client of the jsii runtime (the same @jsii/runtime kernel process, version for version),
// so driving the runtime over its protocol with the packed package proves the calls they make.
// The Python runtime itself is on PyPI, out of reach here (see the README's Python section).

const root = join(__dirname, '..', '..');
const modules = join(root, 'node_modules');
const strict = join(root, 'examples', 'profiles', 'strict.yaml');

let work: string;
let runtime: JsiiRuntimeClient;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'bulwark-jsii-runtime-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as {
    filename: string;
  }[];
  runtime = new JsiiRuntimeClient(join(modules, '@jsii', 'runtime', 'webpack', 'bin', 'jsii-runtime.js'));
  expect(await runtime.hello()).toEqual({ hello: expect.stringMatching(/^@jsii\/runtime@/) as unknown });
  for (const { name, version } of jsiiLoadOrder(modules, ['constructs', 'aws-cdk-lib', 'cdk-nag']))
    await runtime.load(name, version, tarballOf(modules, name, work));
  await runtime.load('bulwark', '0.1.0', join(work, packed.filename));
}, 180_000);

afterAll(() => {
  runtime?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package through the jsii runtime', () => {
  it('synthesizes the README Python example: Profile.from_file, a CloudFront Web ACL, headers, Harden.apply, BulwarkChecks', async () => {
    const outdir = join(work, 'cdk.out');
    const app = await runtime.create('aws-cdk-lib.App', [struct('aws-cdk-lib.AppProps', { outdir })]);
    const stack = await runtime.create('aws-cdk-lib.Stack', [
      app,
      'Edge',
      struct('aws-cdk-lib.StackProps', { env: struct('aws-cdk-lib.Environment', { region: 'us-east-1' }) }),
    ]);
    const profile = (await runtime.staticInvoke('bulwark.Profile', 'fromFile', [strict])) as ObjRef;
    expect(await runtime.get(profile, 'name')).toBe('example-strict');
    const waf = await runtime.create('bulwark.HardenedWebAcl', [
      stack,
      'Waf',
      struct('bulwark.HardenedWebAclProps', { profile, webAclScope: enumMember('bulwark.WebAclScope/CLOUDFRONT') }),
    ]);
    expect(await runtime.get(waf, 'webAclArn')).toEqual(expect.stringMatching(/^\$\{Token\[/));
    await runtime.create('bulwark.SecurityHeaders', [stack, 'Headers', struct('bulwark.SecurityHeadersProps', { profile })]);
    const report = (await runtime.staticInvoke('bulwark.Harden', 'apply', [app, struct('bulwark.PolicySourceProps', { profile })])) as ObjRef;
    expect(await runtime.get(report, 'findings')).toEqual([]);
    const checks = await runtime.create('bulwark.BulwarkChecks', [app, struct('bulwark.BulwarkChecksProps', { profile })]);
    await runtime.invoke((await runtime.staticInvoke('aws-cdk-lib.Validations', 'of', [app])) as ObjRef, 'addPlugins', [checks]);
    await runtime.invoke(app, 'synth');

    const template = JSON.parse(readFileSync(join(outdir, 'Edge.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const resources = Object.values(template.Resources);
    expect(resources.find((resource) => resource.Type === 'AWS::WAFv2::WebACL')?.Properties.Scope).toBe('CLOUDFRONT');
    expect(resources.map((resource) => resource.Type)).toContain('AWS::CloudFront::ResponseHeadersPolicy');
  }, 120_000);

  it('gives the profile back as data (toJson), as a dict or Map in the other languages', async () => {
    const profile = (await runtime.staticInvoke('bulwark.Profile', 'fromPreset', [
      enumMember('bulwark.Preset/BASELINE'),
      'org',
      { tls: { minVersion: '1.3' } },
    ])) as ObjRef;
    // A JSON object crosses as a jsii map.
    const { '$jsii.map': data } = (await runtime.invoke(profile, 'toJson')) as { '$jsii.map': { name: string; tls: { minVersion: string }; extends?: string } };
    expect(data.name).toBe('org');
    expect(data.tls.minVersion).toBe('1.3');
    expect(data).not.toHaveProperty('extends');
  });

  it('reports a profile problem as an error with the field, the value received and what is allowed, without echoing a secret', async () => {
    const secret = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const refused = runtime.staticInvoke('bulwark.Profile', 'fromObject', [{ name: 'org', extends: 'strict', tls: { minVersion: 'SSLv3' }, owner: secret }]);
    await expect(refused).rejects.toThrow(/The profile has 2 problems/);
    await expect(refused).rejects.toThrow(/- tls\.minVersion: [\s\S]*received: +"SSLv3"[\s\S]*allowed: /);
    await expect(refused).rejects.toThrow(/- owner: is not a known field[\s\S]*not shown: it may be a secret/);
    await expect(refused).rejects.not.toThrow(secret);
  });
});
