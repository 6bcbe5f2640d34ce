import { App, Stack, Aspects } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { SecurityAlarms } from '../lib/aws/monitoring/security-alarms';
import { HardenedHttpsListener } from '../lib/aws/tls/hardened-https-listener';
import { HardenedCertificate } from '../lib/aws/tls/hardened-certificate';
import { RequireImdsv2 } from '../lib/aws/network/require-imdsv2';
import { parseProfile } from '../lib';
const profile = parseProfile({ name: 'demo' });
function attempt(name: string, f: () => void) { try { f(); console.log(name, 'OK'); } catch (e: any) { console.log(name, 'THROWS', String(e.message).slice(0, 300)); } }
attempt('cert us-east-1 in eu-west-1 stack', () => {
  const app = new App(); const s = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const alarms = new SecurityAlarms(s, 'A', { profile });
  new HardenedCertificate(s, 'C', { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/y', alarms });
  app.synth();
});
attempt('env-agnostic listener', () => {
  const app = new App(); const s = new Stack(app, 'S');
  const vpc = new ec2.Vpc(s, 'V', { natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true });
  new HardenedHttpsListener(s, 'H', { loadBalancer: alb, certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:1:certificate/x')], profile });
  const t = app.synth().getStackByName('S').template;
  console.log(JSON.stringify(Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::S3::BucketPolicy').map((r: any) => r.Properties.PolicyDocument.Statement.map((x: any) => x.Principal))));
});
attempt('launch config ASG', () => {
  const app = new App({ context: { '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': false } }); const s = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(s, 'V', { natGateways: 0 });
  new autoscaling.AutoScalingGroup(s, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  Aspects.of(app).add(new RequireImdsv2());
  const t = app.synth().getStackByName('S').template;
  for (const [k, r] of Object.entries<any>(t.Resources)) if (/Launch/.test(r.Type)) console.log(k, r.Type, JSON.stringify(r.Properties.MetadataOptions ?? r.Properties.LaunchTemplateData?.MetadataOptions));
});
attempt('two SecurityAlarms same cert', () => {
  const app = new App(); const s = new Stack(app, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const alarms = new SecurityAlarms(s, 'A', { profile });
  const vpc = new ec2.Vpc(s, 'V', { natGateways: 0 });
  const imported = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'I', { loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1', securityGroupId: 'sg-1' });
  alarms.alarmOnLoadBalancer(imported);
  const t = app.synth().getStackByName('S').template;
  for (const r of Object.values<any>(t.Resources)) if (r.Type === 'AWS::CloudWatch::Alarm') console.log(JSON.stringify(r.Properties.Metrics.map((m: any) => m.MetricStat?.Metric.Dimensions)));
});
