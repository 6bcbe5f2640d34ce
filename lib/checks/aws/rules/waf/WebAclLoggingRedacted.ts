import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { resolved } from '../../../../aws/core/app-index';

/** The headers every WAF log must redact. */
export const CREDENTIAL_HEADERS = ['authorization', 'cookie'];

/** A Web ACL logs (a logging configuration anywhere in the app), with the authorization and cookie headers redacted. */
export const WebAclLoggingRedacted: AwsRule = (node, { index }) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const configurations = index.loggingByWebAcl.get(node) ?? [];
  if (configurations.length === 0) return ['no-logging'];
  const redacted = new Set<string>();
  for (const configuration of configurations) {
    const fields = resolved<unknown[]>(configuration, 'redactedFields');
    if (fields !== undefined && !Array.isArray(fields)) return UNRESOLVED;
    for (const field of fields ?? []) {
      const header = (field as { singleHeader?: { Name?: unknown; name?: unknown } }).singleHeader;
      const name = header?.Name ?? header?.name;
      if (typeof name === 'string') redacted.add(name.toLowerCase());
    }
  }
  const missing = CREDENTIAL_HEADERS.filter((header) => !redacted.has(header)).map((header) => `not-redacted:${header}`);
  return missing.length === 0 ? COMPLIANT : missing;
};
