import { describe, expect, it } from 'vitest';
import { logpushDestinationProblems } from '../../lib/cloudflare/logpush-destination';

describe('logpushDestinationProblems', () => {
  it('takes a destination without credentials, and any reference', () => {
    expect(logpushDestinationProblems('s3://logs/firewall/{DATE}?region=us-east-1&sse=AES256', false)).toEqual([]);
    expect(logpushDestinationProblems('${var.destination}', true)).toEqual([]);
  });

  it.each([
    ['a header parameter', 'https://logs.example.com/in?header_Authorization=Basic%20abc'],
    ['a token', 'splunk://splunk.example.com:8088/services/collector/raw?channel=1&token=abc'],
    ['an API key', 'datadog://http-intake.logs.datadoghq.com/v1/input?header_DD-API-KEY=abc'],
    ['a signature', 'azure://container/path?sv=2020&sig=abc'],
    ['user information', 'sumo://user:password@collector.example.com/receiver'],
  ])('refuses a literal carrying %s, naming the field but not the value', (_, destination) => {
    const problems = logpushDestinationProblems(destination, false);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('firewallEventsLogpush.destinationConf');
    expect(problems[0].message).toContain('carries a credential');
    expect(problems[0].message).not.toContain('abc');
  });

  it('refuses what is not a destination', () => {
    expect(logpushDestinationProblems('not a url', false)[0].message).toContain('is not a Logpush destination');
  });
});
