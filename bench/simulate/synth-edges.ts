import { join } from 'node:path';

/**
 * Synthesizes the strict example's edges, as the example apps deploy them, into `dir`: a
 * regional Web ACL (cdk/) and a Cloudflare zone (cdktf/). The simulator reads them as it reads
 * any synthesized app.
 */
export function synthesizeStrictEdges(dir: string, profileFile: string): { readonly cdkOut: string; readonly cdktfOut: string } {
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const cdktf = require('cdktf') as typeof import('cdktf');
  const { CloudflareProvider } = require('@cdktf/provider-cloudflare/lib/provider') as typeof import('@cdktf/provider-cloudflare/lib/provider');
  const { HardenedWebAcl } = require('../../lib/aws/waf/hardened-web-acl') as typeof import('../../lib/aws/waf/hardened-web-acl');
  const { CloudflareZoneHardening } = require('bulwark-cloudflare') as typeof import('bulwark-cloudflare');
  const { Profile } = require('../../lib/profile/profile') as typeof import('../../lib/profile/profile');
  const profile = Profile.fromFile(profileFile);

  const cdkOut = join(dir, 'cdk');
  const app = new cdk.App({ outdir: cdkOut });
  new HardenedWebAcl(new cdk.Stack(app, 'BulwarkEdge', { env: { region: 'us-east-1' } }), 'Waf', { profile });
  app.synth();

  const cdktfOut = join(dir, 'cdktf');
  const zoneApp = new cdktf.App({ outdir: cdktfOut });
  const stack = new cdktf.TerraformStack(zoneApp, 'bulwark-edge');
  new CloudflareProvider(stack, 'cloudflare', {});
  new CloudflareZoneHardening(stack, 'zone', { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', profile });
  zoneApp.synth();
  return { cdkOut, cdktfOut };
}
