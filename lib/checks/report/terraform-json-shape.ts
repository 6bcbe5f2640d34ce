import { z } from 'zod';

/**
 * The shape of a cdktf stack's cdk.tf.json as far as the Cloudflare checks read it: every
 * resource block an object of named objects, and in rulesets and zone settings the fields the
 * checks look at. A Terraform expression (a string such as "${var.rules}") is allowed where
 * Terraform allows one in place of a value; null is an unset field, as in Terraform.
 */

function valueOrExpression<S extends z.ZodType>(schema: S, expected: string) {
  return z.union([z.string(), schema], { error: `${expected} (or a Terraform expression string)` }).nullish();
}

const RULE = z.looseObject({
  ref: z.string().nullish(),
  action: z.string().nullish(),
  expression: z.string().nullish(),
  enabled: z.union([z.boolean(), z.string()], { error: 'a boolean (or a Terraform expression string)' }).nullish(),
  action_parameters: valueOrExpression(z.looseObject({}), 'an object'),
  ratelimit: valueOrExpression(z.looseObject({ characteristics: valueOrExpression(z.array(z.string()), 'an array of strings') }), 'an object'),
});

export const TERRAFORM_JSON = z.looseObject({
  resource: z.record(z.string(), z.record(z.string(), z.looseObject({}))).optional(),
});

export const CLOUDFLARE_RULESET = z.looseObject({
  zone_id: z.unknown().optional(),
  phase: z.unknown().optional(),
  kind: z.unknown().optional(),
  rules: valueOrExpression(z.array(RULE), 'an array of rule objects'),
});

export const CLOUDFLARE_ZONE_SETTING = z.looseObject({
  zone_id: z.unknown().optional(),
  setting_id: z.unknown().optional(),
  value: z.unknown().optional(),
});
