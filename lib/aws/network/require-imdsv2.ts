import type { IAspect } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { IConstruct } from 'constructs';

/**
 * An aspect that makes every launch template, launch configuration and instance require IMDSv2
 * with a hop limit of 1, so a server-side request forgery cannot reach the metadata endpoint (169.254.169.254)
 * for credentials, and containers behind an extra hop cannot either.
 * `Aspects.of(app).add(new RequireImdsv2())`.
 */
export class RequireImdsv2 implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof autoscaling.CfnLaunchConfiguration) {
      node.metadataOptions = { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' };
      return;
    }
    if (node instanceof ec2.CfnLaunchTemplate) {
      node.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpTokens', 'required');
      node.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit', 1);
      node.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpEndpoint', 'enabled');
      return;
    }
    if (node instanceof ec2.CfnInstance) {
      // On the instance itself: its MetadataOptions change without interruption, and take
      // precedence over any launch template's; giving it a launch template would replace it.
      node.addPropertyOverride('MetadataOptions.HttpTokens', 'required');
      node.addPropertyOverride('MetadataOptions.HttpPutResponseHopLimit', 1);
      node.addPropertyOverride('MetadataOptions.HttpEndpoint', 'enabled');
    }
  }
}
