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
    expect(problems[0].message).toContain('may carry a credential');
    expect(problems[0].message).not.toContain('abc');
  });

  it('refuses what is not a destination', () => {
    expect(logpushDestinationProblems('not a url', false)[0].message).toContain('is not a Logpush destination');
  });
});

describe('logpushDestinationProblems on destinations whose path or query is the credential', () => {
  it.each([
    ['a Sumo Logic collector code in the path', 'sumo://endpoint1.collection.us2.sumologic.com/receiver/v1/http/c0ll3ct0rc0de'],
    ['an HTTPS endpoint with a secret path', 'https://logs.example.com/ingest/c0ll3ct0rc0de'],
    ['an HTTPS endpoint with any query', 'https://logs.example.com?c0ll3ct0rc0de'],
    ['a Splunk endpoint without a token parameter', 'splunk://splunk.example.com:8088/services/collector/raw?channel=c0ll3ct0rc0de'],
    ['a Datadog endpoint', 'datadog://http-intake.logs.datadoghq.com/v1/input'],
    ['an R2 bucket with its keys', 'r2://logs/{DATE}?account-id=1&access-key-id=c0ll3ct0rc0de&secret-access-key=c0ll3ct0rc0de'],
    ['an S3-compatible endpoint with keys', 's3://logs/path?region=auto&endpoint=e.example.com&access-key-id=c0ll3ct0rc0de'],
    ['an S3 bucket with an unknown parameter', 's3://logs/path?region=us-east-1&x=c0ll3ct0rc0de'],
  ])('refuses %s as a literal, without echoing it', (_, destination) => {
    const problems = logpushDestinationProblems(destination, false);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('may carry a credential');
    expect(problems[0].message).not.toContain('c0ll3ct0rc0de');
  });

  it.each(['s3://logs/firewall/{DATE}?region=us-east-1', 'S3://logs', 'gs://logs/firewall/{DATE}', 'r2://logs/firewall/{DATE}?account-id=0123abcd'])(
    'takes %s: a bucket named without keys',
    (destination) => {
      expect(logpushDestinationProblems(destination, false)).toEqual([]);
    },
  );
});
