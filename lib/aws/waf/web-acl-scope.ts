/** Where a Web ACL applies. The values are AWS WAF's scope names, as Bulwark always took them. */
export enum WebAclScope {
  /** Regional resources: Application Load Balancers, API Gateway stages, AppSync APIs, Cognito user pools, … */
  REGIONAL = 'REGIONAL',
  /** CloudFront distributions (managed from us-east-1). */
  CLOUDFRONT = 'CLOUDFRONT',
}
