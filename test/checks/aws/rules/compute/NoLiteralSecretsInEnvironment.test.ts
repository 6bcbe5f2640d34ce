import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT } from '../../../../../lib/checks/aws/aws-rule';
import { NoLiteralSecretsInEnvironment } from '../../../../../lib/checks/aws/rules/compute/NoLiteralSecretsInEnvironment';
import { looksLikeCredential, looksLikeReference } from '../../../../../lib/core/secret-patterns';

function verdict(variables: Record<string, string>): unknown {
  const app = new App();
  const node = new lambda.CfnFunction(new Stack(app, 'Fn'), 'Function', {
    role: 'arn:aws:iam::123456789012:role/r',
    code: { zipFile: 'x' },
    environment: { variables },
  });
  return NoLiteralSecretsInEnvironment(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

const SLACK_WEBHOOK = ['https://hooks.slack.com/services', 'T00000000', 'B00000000', 'XXXXXXXXXXXXXXXXXXXXXXXX'].join('/');

describe('Bulwark-ENV1 judges the value, not only the name', () => {
  it.each([
    ['TOKEN_HEADER', 'X-Amz-Security-Token'],
    ['AUTH_TOKEN_HEADER', 'Authorization'],
    ['SECRETS_PATH', '/run/secrets'],
    ['SECRETS_DIR', '/run/secrets'],
    ['TOKEN_FILE', '/var/run/token'],
    ['TOKEN_LOCATION', './config/token.json'],
    ['SECRET_KEY_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/key'],
    ['DB_PASSWORD', '{{resolve:secretsmanager:prod/db:SecretString:password}}'],
    ['TOKEN_ENDPOINT_BASE', 'https://auth.example.com/oauth2/token'],
  ])('passes %s=%s: a header name, path, ARN or URL without credentials', (name, value) => {
    expect(verdict({ [name]: value })).toBe(COMPLIANT);
  });

  it.each([
    ['NOTIFY_URL', SLACK_WEBHOOK],
    ['ALERTS', SLACK_WEBHOOK],
    ['DATABASE', 'postgres://app:hunter2hunter2@db.internal:5432/app'],
    ['DB_PASSWORD', 'correct-horse-battery'],
    ['API_TOKEN', '/aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'],
    ['API_TOKEN', 'https://api.example.com/?token=abc123'],
    ['SECRET', 'X-Looks-Like-A-Header-But-Is-Long-Random-aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'],
  ])('reports %s with a credential-shaped value', (name, value) => {
    expect(verdict({ [name]: value })).toEqual([name]);
  });
});

describe('secret patterns for values', () => {
  it('knows a Slack webhook URL as a credential, whatever the variable is called', () => {
    expect(looksLikeCredential(SLACK_WEBHOOK)).toBe(true);
    expect(looksLikeCredential('https://hooks.slack.com/workflows/T0/A0/1/x')).toBe(true);
    expect(looksLikeCredential('https://hooks.slack.com/')).toBe(false);
    expect(looksLikeCredential('https://slack.com/services/T00000000')).toBe(false);
  });

  it('knows header names, paths, ARNs and plain URLs as references', () => {
    for (const value of [
      'X-Amz-Security-Token',
      'x-api-key',
      'Proxy-Authorization',
      'Cookie',
      '/run/secrets',
      '~/token',
      '../token',
      'arn:aws:s3:::b',
      'https://example.com',
      'https://example.com/a/b',
    ])
      expect(looksLikeReference(value)).toBe(true);
    for (const value of [
      'hunter2hunter2',
      'X-',
      'Xray-Token-Value',
      'run/secrets',
      'https://u@example.com',
      'https://example.com/?token=a',
      'https://example.com/#a',
      '/a b',
      'https://example.com/aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5',
    ])
      expect(looksLikeReference(value)).toBe(false);
  });
});
