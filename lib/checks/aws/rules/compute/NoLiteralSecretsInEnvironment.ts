import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE } from '../../aws-rule';
import { resolved } from '../../app-index';

/** Variable names that hold credentials. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Values that look like credentials whatever the name: well-known key prefixes, JWTs, PEM keys. */
const SECRET_VALUE = /^(sk_(live|test)_|rk_live_|AKIA[0-9A-Z]{16}|ghp_|xox[bpa]-|sk-(ant-|proj-)?[A-Za-z0-9]{10,}|eyJ[A-Za-z0-9_-]+\.eyJ)|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function literalSecrets(variables: Record<string, unknown>): string[] {
  return Object.entries(variables)
    .filter(([name, value]) => typeof value === 'string' && value.length >= 8 && (SECRET_VALUE.test(value) || (SECRET_NAME.test(name) && !/^(arn:|\{\{resolve:)/.test(value))))
    .map(([name]) => name);
}

/**
 * No Lambda function or ECS container has a literal secret-looking environment variable (a
 * credential-named variable with a literal value, or a value shaped like a known key): secrets
 * belong in Secrets Manager, referenced, never in the template. A finding names each variable.
 */
export const NoLiteralSecretsInEnvironment: AwsRule = (node) => {
  if (node.cfnResourceType === 'AWS::Lambda::Function') {
    const variables = resolved<{ variables?: Record<string, unknown> }>(node, 'environment')?.variables ?? {};
    const names = literalSecrets(variables);
    return names.length === 0 ? COMPLIANT : names;
  }
  if (node.cfnResourceType === 'AWS::ECS::TaskDefinition') {
    const containers = resolved<{ name?: string; environment?: { name?: string; value?: unknown }[] }[]>(node, 'containerDefinitions') ?? [];
    const names = containers.flatMap((container) =>
      literalSecrets(Object.fromEntries((container.environment ?? []).map((variable) => [variable.name ?? '', variable.value]))).map((name) => `${container.name ?? 'container'}:${name}`));
    return names.length === 0 ? COMPLIANT : names;
  }
  return NOT_APPLICABLE;
};
