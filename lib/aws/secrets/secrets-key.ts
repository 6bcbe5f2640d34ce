import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct, IConstruct } from 'constructs';
import type { HardeningProblem } from '../../core/hardening-validation-error';

/** What KMS accepts as an alias name (aliases under alias/aws/ are AWS's own). */
const KEY_ALIAS = /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/;

/** `alias/bulwark/<environment>/<unique name of the construct>`: unique per stack and construct. */
export function defaultKeyAlias(scope: IConstruct, namespace: string): string {
  const aliasPrefix = `alias/bulwark/${namespace}/`;
  // KMS takes alias names of up to 256 characters.
  return `${aliasPrefix}${Names.uniqueResourceName(scope, { maxLength: Math.max(16, 256 - aliasPrefix.length), separator: '-' })}`;
}

export function keyAliasProblems(keyAlias: string): HardeningProblem[] {
  return Token.isUnresolved(keyAlias) || KEY_ALIAS.test(keyAlias)
    ? []
    : [{ field: 'keyAlias', message: `"${keyAlias}" is not a key alias: alias/ then 1 to 250 letters, digits, /, _ and -, not under alias/aws/` }];
}

/** The condition that limits a key's use to calls Secrets Manager makes in this stack's region. */
export function viaSecretsManager(scope: IConstruct): { readonly 'kms:ViaService': string } {
  return { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` };
}

/** The environment's key, as `Key` under `scope`; usable by Secrets Manager for this account's callers once there are secrets. */
export function createSecretsKey(scope: Construct, namespace: string, keyAlias: string, hasSecrets: boolean): kms.Key {
  const key = new kms.Key(scope, 'Key', {
    enableKeyRotation: true,
    alias: keyAlias,
    description: `Encrypts the ${namespace} secrets (Bulwark)`,
  });
  if (hasSecrets) {
    const stack = Stack.of(scope);
    // What Secrets Manager needs of the key to encrypt and decrypt for this account's callers.
    const viaService = new kms.ViaServicePrincipal(`secretsmanager.${stack.region}.amazonaws.com`, new iam.AccountPrincipal(stack.account));
    key.grantEncryptDecrypt(viaService);
    key.grant(viaService, 'kms:CreateGrant', 'kms:DescribeKey');
  }
  return key;
}

/** Lets a principal decrypt with the key, through Secrets Manager only. */
export function grantDecryptThroughSecretsManager(key: kms.IKey, grantee: iam.IGrantable): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: viaSecretsManager(key) },
  });
}

/**
 * A statement ID not yet in `used` (which it joins): service names that differ only in their
 * hyphens (api-gw, apigw) would otherwise give two key policy statements one Sid, which KMS refuses.
 */
export function uniqueSid(used: Set<string>, sid: string): string {
  let unique = sid;
  for (let count = 2; used.has(unique); count += 1) unique = `${sid}${count}`;
  used.add(unique);
  return unique;
}
