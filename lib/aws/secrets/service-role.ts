import { Resource, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ServiceRoleProps {
  /** Who may assume the role. */
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
  /** Seconds, 3,600 to 43,200. */
  readonly maxSessionDuration: number;
  /** What the role may do: its one inline policy (the role's `DefaultPolicy`). */
  readonly statements: iam.PolicyStatement[];
}

/**
 * A role written as an `AWS::IAM::Role` and its inline policy, at the paths aws-cdk-lib's `Role`
 * puts them (so their logical IDs are the ones an `iam.Role` there has), behind `IRole`:
 * statements added to it and grants to it go into that inline policy. Lighter than `iam.Role`,
 * which costs about as much synth time again per role; `HardenedSecrets` makes one per service.
 */
export class ServiceRole extends Resource implements iam.IRole {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction = 'sts:AssumeRole';
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly principalAccount: string | undefined;
  /** The role. */
  public readonly cfnRole: iam.CfnRole;
  /** Its inline policy. */
  public readonly cfnPolicy: iam.CfnPolicy;
  /** What the inline policy allows: add statements with `addToPrincipalPolicy`. */
  public readonly document: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = assumeRolePolicy(props.assumedBy);
    this.cfnRole = new iam.CfnRole(this, 'Resource', {
      assumeRolePolicyDocument: trust,
      description: props.description,
      maxSessionDuration: props.maxSessionDuration,
    });
    this.document = new iam.PolicyDocument({ statements: [...props.statements] });
    // Where aws-cdk-lib's Role puts its DefaultPolicy, named after its own logical ID as that one is.
    this.cfnPolicy = new iam.CfnPolicy(new Construct(this, 'DefaultPolicy'), 'Resource', {
      policyDocument: this.document,
      policyName: 'pending',
      roles: [this.cfnRole.ref],
    });
    this.cfnPolicy.policyName = this.cfnPolicy.logicalId;
    this.roleArn = this.cfnRole.attrArn;
    this.roleName = this.cfnRole.ref;
    this.principalAccount = this.env.account;
    this.node.addValidation({ validate: () => [...trust.validateForTrustPolicy(), ...this.document.validateForIdentityPolicy()] });
  }

  public get roleRef(): iam.IRoleRef['roleRef'] {
    return { roleArn: this.roleArn, roleName: this.roleName };
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.ArnPrincipal(this.roleArn).policyFragment;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this.cfnPolicy };
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public attachInlinePolicy(policy: iam.Policy): void {
    policy.attachToRole(this);
  }

  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    const arns = this.cfnRole.managedPolicyArns ?? [];
    if (!arns.includes(policy.managedPolicyArn)) this.cfnRole.managedPolicyArns = [...arns, policy.managedPolicyArn];
  }

  public grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.roleArn] });
  }

  public grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return iam.RoleGrants.fromRole(this).passRole(grantee);
  }

  public grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return iam.RoleGrants.fromRole(this).assumeRole(grantee);
  }

  public override applyRemovalPolicy(policy: RemovalPolicy): void {
    this.cfnRole.applyRemovalPolicy(policy);
  }
}

/** Who may assume a role, as aws-cdk-lib's Role writes it (principals that shape their own statement, such as federated ones, do so). */
function assumeRolePolicy(principal: iam.IPrincipal): iam.PolicyDocument {
  const document = new iam.PolicyDocument();
  if ('addToAssumeRolePolicy' in principal && typeof principal.addToAssumeRolePolicy === 'function') {
    (principal as iam.IAssumeRolePrincipal).addToAssumeRolePolicy(document);
  } else {
    document.addStatements(new iam.PolicyStatement({ actions: [principal.assumeRoleAction], principals: [principal] }));
  }
  return document;
}
