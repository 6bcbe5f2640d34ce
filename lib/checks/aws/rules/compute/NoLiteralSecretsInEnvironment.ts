import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, resolved } from '../../../../aws/core/app-index';
import { isCredentialName, looksLikeCredential, looksLikeReference } from '../../../../core/secret-patterns';

function literalSecrets(variables: Record<string, unknown>): string[] {
  return Object.entries(variables)
    .filter(
      ([name, value]) =>
        typeof value === 'string' && value.length >= 8 && (looksLikeCredential(value) || (isCredentialName(name) && !looksLikeReference(value))),
    )
    .map(([name]) => name);
}

/**
 * No Lambda function or ECS container has a literal secret-looking environment variable (a
 * credential-named variable with a literal value not shaped like a reference — an ARN, a header
 * name, a path, a URL without credentials — or a value shaped like a known key or a credential
 * URL such as a Slack webhook, whatever its name): secrets
 * belong in Secrets Manager, referenced, never in the template. A finding names each variable.
 */
export const NoLiteralSecretsInEnvironment: AwsRule = (node) => {
  if (node.cfnResourceType === 'AWS::Lambda::Function') {
    const variables = resolved<unknown>(node, 'environment');
    const byName = isDataObject(variables) ? (variables.variables ?? {}) : variables;
    if (!isDataObject(byName)) return variables === undefined ? COMPLIANT : UNRESOLVED;
    const names = literalSecrets(byName);
    return names.length === 0 ? COMPLIANT : names;
  }
  if (node.cfnResourceType === 'AWS::ECS::TaskDefinition') {
    const containers = resolved<unknown>(node, 'containerDefinitions') ?? [];
    if (!Array.isArray(containers) || !containers.every(isDataObject)) return UNRESOLVED;
    const names: string[] = [];
    for (const container of containers) {
      const environment = container.environment ?? [];
      if (!Array.isArray(environment) || !environment.every(isDataObject)) return UNRESOLVED;
      const byName = Object.fromEntries(environment.map((variable) => [typeof variable.name === 'string' ? variable.name : '', variable.value]));
      names.push(...literalSecrets(byName).map((name) => `${typeof container.name === 'string' ? container.name : 'container'}:${name}`));
    }
    return names.length === 0 ? COMPLIANT : names;
  }
  return NOT_APPLICABLE;
};
