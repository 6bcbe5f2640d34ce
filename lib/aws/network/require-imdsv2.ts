import { type CfnResource, type IAspect, type IResolvable, Tokenization } from 'aws-cdk-lib';
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
      const current = plain(node.metadataOptions);
      node.metadataOptions = { ...current, httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: endpoint(current?.httpEndpoint) };
      return;
    }
    if (node instanceof ec2.CfnLaunchTemplate) {
      requireOn(node, 'LaunchTemplateData.MetadataOptions', plain(plain(node.launchTemplateData)?.metadataOptions)?.httpEndpoint);
      return;
    }
    if (node instanceof ec2.CfnInstance) {
      // On the instance itself: its MetadataOptions change without interruption, and take
      // precedence over any launch template's; giving it a launch template would replace it.
      requireOn(node, 'MetadataOptions', plain(node.metadataOptions)?.httpEndpoint);
    }
  }
}

/** Sets IMDSv2 with hop limit 1 under a property path, leaving the other options as they are. */
function requireOn(resource: CfnResource, path: string, currentEndpoint: unknown): void {
  resource.addPropertyOverride(`${path}.HttpTokens`, 'required');
  resource.addPropertyOverride(`${path}.HttpPutResponseHopLimit`, 1);
  resource.addPropertyOverride(`${path}.HttpEndpoint`, endpoint(currentEndpoint));
}

/** The endpoint stays off where it was turned off (no metadata at all is safer still); otherwise on, for IMDSv2. */
function endpoint(current: unknown): string {
  return current === 'disabled' ? 'disabled' : 'enabled';
}

/** A property's value when it is plain data, not a token. */
function plain<T extends object>(value: T | IResolvable | undefined): T | undefined {
  return value === undefined || Tokenization.isResolvable(value) ? undefined : value;
}
