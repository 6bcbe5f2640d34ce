import { Annotations, type IAspect, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct, IConstruct } from 'constructs';

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
      if (node.launchTemplate !== undefined) {
        // Its launch template is set to IMDSv2 above when it is in this app; one from elsewhere cannot be changed here.
        if (Token.isUnresolved(node.launchTemplate) || !this.isLocalTemplate(node)) {
          Annotations.of(node).addWarningV2('bulwark:imdsv2-external-template', 'this instance uses a launch template defined elsewhere: make it require IMDSv2 (HttpTokens required, hop limit 1)');
        }
        return;
      }
      const template = new ec2.CfnLaunchTemplate(node.node.scope as Construct, `${node.node.id}Imdsv2`, {
        launchTemplateData: { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' } },
      });
      node.launchTemplate = { launchTemplateId: template.ref, version: template.attrLatestVersionNumber };
    }
  }

  /** Whether the instance's launch template is defined in this app (by reference, or by the name of one here). */
  private isLocalTemplate(instance: ec2.CfnInstance): boolean {
    const template = instance.launchTemplate as ec2.CfnInstance.LaunchTemplateSpecificationProperty;
    if (Token.isUnresolved(template.launchTemplateId) || Token.isUnresolved(template.launchTemplateName)) return true;
    const name = template.launchTemplateName;
    return name !== undefined && instance.node.root.node.findAll().some((node) => node instanceof ec2.CfnLaunchTemplate && node.launchTemplateName === name);
  }
}
