import { findTemplateSequence, isSingleInterpolation } from '../../../cloudflare/terraform-template';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';

/**
 * No string of a ruleset that runs in the zone (its name and description, and every rule's
 * expression, ref, description, header names and values, response body…) holds a Terraform
 * template sequence: `${…}` or `%{…}` not escaped as `$${` or `%%{`. Terraform evaluates one
 * before Cloudflare sees the string, so what the rule matches or sets is decided at apply time:
 * `%{if false}x%{endif}` turns `contains "…"` into `contains ""`, which matches every request.
 * A string that is one reference and nothing else (`${var.zone_id}`,
 * `${cloudflare_ruleset.x.id}`) is a value, not text with a sequence in it, and passes here
 * (EXPR1 reports such an expression as unresolved).
 */
export const noTemplateSequences: CloudflareRule = (zone) =>
  Object.entries(zone.rulesetResources).flatMap(([address, ruleset]) =>
    stringsOf(ruleset, '').flatMap(({ path, text }): Violation[] => {
      if (isSingleInterpolation(text)) return [];
      const sequence = findTemplateSequence(text);
      if (sequence === undefined) return [];
      const excerpt = text.slice(Math.max(0, sequence.offset - 20), sequence.offset + 30);
      return [{ path: address, observed: `${path} holds the Terraform template sequence ${sequence.opening} at offset ${sequence.offset} (…${excerpt}…)` }];
    }),
  );

/** Every string in a value, and every property name, with where it is (`rules[0].expression`). */
function stringsOf(value: unknown, path: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path }];
  while (stack.length > 0) {
    const { value: current, path: at } = stack.pop() as { value: unknown; path: string };
    if (typeof current === 'string') found.push({ path: at, text: current });
    else if (Array.isArray(current)) current.forEach((item, index) => stack.push({ value: item, path: `${at}[${index}]` }));
    else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key === '//' && at === '') continue; // the comment property of a resource body, which Terraform ignores
        found.push({ path: `${at}${at ? '.' : ''}${key} (property name)`, text: key });
        stack.push({ value: item, path: `${at}${at ? '.' : ''}${key}` });
      }
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
