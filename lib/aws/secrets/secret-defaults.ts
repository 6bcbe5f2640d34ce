import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { PolicySecret } from '../../policy/model';

/** A secret's description: whose it is, and how its value is set and rotated. */
export function describeSecret(item: PolicySecret): string {
  switch (item.source) {
    case 'generated':
      return `${item.name} of ${item.service}: generated and rotated by Bulwark every ${item.rotationDays} days`;
    case 'database':
      return `${item.name} of ${item.service}: ${item.database?.engine} credentials rotated by Secrets Manager every ${item.rotationDays} days`;
    case 'bundle':
      return `${item.name} of ${item.service}: JSON map of ${item.bundle?.join(', ')}; set the values out of band`;
    default:
      return `${item.name} of ${item.service}: set the value out of band (the initial value is a random placeholder)`;
  }
}

/**
 * What CloudFormation generates first: a random placeholder (for a database secret, the
 * username and a random password), replaced by rotation or by the owner. Never a value from the
 * profile or the environment.
 */
export function initialValue(item: PolicySecret): secretsmanager.SecretStringGenerator {
  if (item.database) {
    return {
      secretStringTemplate: JSON.stringify({ username: item.database.username }),
      generateStringKey: 'password',
      excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      passwordLength: 32,
    };
  }
  return { passwordLength: 64, excludePunctuation: true };
}
