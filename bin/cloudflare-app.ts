#!/usr/bin/env node
// The Cloudflare example app (cdktf.json): the zone hardened from a profile, as Terraform JSON.
//   npm run build && npx cdktf synth      (or: node dist/bin/cloudflare-app.js)
//   BULWARK_PROFILE=path/to/profile.yaml picks another profile; the zone id is a Terraform
//   variable (zone_id) and the API token comes from CLOUDFLARE_API_TOKEN when you apply.
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { Profile } from '../lib/profile/profile';

const app = new App();
const stack = new TerraformStack(app, 'bulwark-edge');
new CloudflareProvider(stack, 'cloudflare', {});
const zoneId = new TerraformVariable(stack, 'zone_id', { type: 'string', description: 'ID of the Cloudflare zone to harden' });
new CloudflareZoneHardening(stack, 'zone', {
  zoneId: zoneId.stringValue,
  profile: Profile.fromFile(process.env.BULWARK_PROFILE ?? 'examples/profiles/strict.yaml'),
});
app.synth();
