import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';
import { describe, expect, it } from 'vitest';
import { Harden } from '../../../lib/aws/harden/harden';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { extendPreset } from '../../../lib';

/** A typical app written without Bulwark: a Fargate service behind an ALB, an RDS database and its secret, a REST API. */
function typicalApp() {
  const app = new App();
  const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'shop.example.com' });
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    vpc,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
    certificate,
    redirectHTTP: false,
  });
  web.loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [web.targetGroup] });
  new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  const api = new apigw.RestApi(stack, 'Api');
  api.root.addMethod('GET');
  return { app, stack, web };
}

describe('Harden.apply on a typical app written without Bulwark', () => {
  const { app, stack, web } = typicalApp();
  const report = Harden.apply(app, { profile: extendPreset('strict', { name: 'shop' }) });
  const template = Template.fromStack(stack);

  it('attaches one Web ACL to the ALB and the REST API stage', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^WebLB') } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('::/restapis/$')])] } });
  });

  it('sets the TLS policy of the HTTPS listener and turns the HTTP listener into a redirect', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] });
  });

  it('drops invalid headers and mitigates desync on the ALB', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }, { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' }]),
    });
  });

  it('alarms on the certificate expiry, with an action', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Threshold: 30, AlarmActions: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Threshold: 7 });
  });

  it('reports every change as an info annotation and what it cannot fix as a finding', () => {
    expect(report.changes.map((c) => c.message)).toEqual(expect.arrayContaining([expect.stringMatching(/attached the Bulwark Web ACL/), expect.stringMatching(/now only redirects to HTTPS/), expect.stringMatching(/uses the TLS policy/)]));
    Annotations.fromStack(stack).hasInfo(`/${web.loadBalancer.node.path}/Resource`, Match.stringLikeRegexp('Bulwark: attached the Bulwark Web ACL'));
    expect(report.findings.map((f) => f.constructPath)).toEqual(expect.arrayContaining([expect.stringMatching(/^Shop\/Db\/Secret/)]));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('Bulwark cannot fix this in place: it does not rotate'));
  });

  it('leaves only the findings it reported for BulwarkChecks on the edge', () => {
    const remaining = new BulwarkChecks(undefined, { profile: extendPreset('strict', { name: 'shop' }) }).validateScope(app).violations.map((v) => v.ruleName);
    for (const fixed of ['Bulwark-WAF1', 'Bulwark-ELB1', 'Bulwark-ELB2', 'Bulwark-ELB3', 'Bulwark-ACM1']) expect(remaining).not.toContain(fixed);
  });
});
