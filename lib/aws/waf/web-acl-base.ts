import { ArnFormat, Resource, Stack } from 'aws-cdk-lib';
import type { IRestApi, IStage } from 'aws-cdk-lib/aws-apigateway';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import { WebAclScope } from './web-acl-scope';

/** A Web ACL Bulwark made or imported: something to attach to resources. */
export interface IWebAcl {
  /** The Web ACL's ARN: what associations and CloudFront's `webAclId` take. */
  readonly webAclArn: string;
  /** REGIONAL or CLOUDFRONT. */
  readonly scope: WebAclScope;
  /** Attaches the Web ACL to a regional resource by ARN. */
  associate(id: string, resourceArn: string): CfnWebACLAssociation;
}

/** Attachment helpers shared by created and imported Web ACLs. */
export abstract class WebAclBase extends Resource implements IWebAcl {
  /** The Web ACL's ARN. */
  public abstract readonly webAclArn: string;
  /** REGIONAL or CLOUDFRONT. */
  public abstract readonly scope: WebAclScope;

  /**
   * Attaches the Web ACL to a regional resource (ALB, API Gateway stage, AppSync API, Cognito
   * user pool, App Runner service, …) by ARN. The association is created beside the Web ACL.
   */
  public associate(id: string, resourceArn: string): CfnWebACLAssociation {
    if (this.scope === WebAclScope.CLOUDFRONT) {
      throw new HardeningValidationError(this, [
        {
          field: 'scope',
          message:
            "a CLOUDFRONT Web ACL is attached through the distribution's webAclId (use webAclArn), not an association; use scope REGIONAL for regional resources",
        },
      ]);
    }
    return new CfnWebACLAssociation(this, id, { webAclArn: this.webAclArn, resourceArn });
  }

  /** Attaches the Web ACL to an Application Load Balancer. */
  public associateLoadBalancer(loadBalancer: IApplicationLoadBalancer, id = 'LoadBalancerAssociation'): CfnWebACLAssociation {
    return this.associate(id, loadBalancer.loadBalancerArn);
  }

  /** Attaches the Web ACL to an API Gateway REST API stage. */
  public associateRestApiStage(stage: IStage, id = 'RestApiStageAssociation'): CfnWebACLAssociation {
    return this.associate(id, restApiStageArn(this, stage.restApi, stage.stageName));
  }

  /** Attaches the Web ACL to an AppSync GraphQL API. */
  public associateGraphqlApi(api: IGraphqlApi, id = 'GraphqlApiAssociation'): CfnWebACLAssociation {
    return this.associate(id, api.arn);
  }

  /** Attaches the Web ACL to a Cognito user pool. */
  public associateUserPool(userPool: IUserPool, id = 'UserPoolAssociation'): CfnWebACLAssociation {
    return this.associate(id, userPool.userPoolArn);
  }
}

/** `arn:<partition>:apigateway:<region>::/restapis/<id>/stages/<stage>`, the form WAF expects. */
function restApiStageArn(scope: Resource, api: IRestApi, stageName: string): string {
  return Stack.of(scope).formatArn({
    service: 'apigateway',
    account: '',
    resource: '/restapis',
    resourceName: `${api.restApiId}/stages/${stageName}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
