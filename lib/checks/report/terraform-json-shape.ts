import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH } from '../../cloudflare/expression/lint';

/**
 * Rule expressions are read up to Cloudflare's own limit (MAX_EXPRESSION_LENGTH, 4096
 * characters; it refuses a longer rule) and parentheses nested at most MAX_EXPRESSION_NESTING
 * deep (real rules nest a handful): past either, the expression is refused as input (exit 2)
 * rather than parsed, since the parser's recursion is bounded only by what it is given.
 */
export const MAX_EXPRESSION_NESTING = 64;

/** How deep the parentheses of an expression nest, outside its quoted strings. */
export function expressionNesting(expression: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < expression.length; index++) {
    const character = expression[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '(') deepest = Math.max(deepest, ++depth);
    else if (character === ')') depth--;
  }
  return deepest;
}

const EXPRESSION = z
  .string()
  .max(MAX_EXPRESSION_LENGTH, { error: `an expression of at most ${MAX_EXPRESSION_LENGTH} characters, all Cloudflare accepts in a rule` })
  .refine((expression) => expressionNesting(expression) <= MAX_EXPRESSION_NESTING, {
    error: `an expression whose parentheses nest at most ${MAX_EXPRESSION_NESTING} deep (MAX_EXPRESSION_NESTING)`,
  });

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
  expression: EXPRESSION.nullish(),
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
