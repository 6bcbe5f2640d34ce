import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { CloudFrontHsts } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontHsts';
import { hstsSetByCode, parseHstsHeader } from '../../../../../lib/checks/aws/rules/cloudfront/function-headers';

const policy = buildPolicy(extendPreset('strict', { name: 'cdn' }));

const handler = (assignment: string) => `function handler(event) {
  var response = event.response;
  var headers = response.headers;
  ${assignment}
  return response;
}`;
const FULL = "headers['strict-transport-security'] = { value: 'max-age=63072000; includeSubDomains; preload' };";

function verdict(options: {
  code?: string;
  functionArn?: string;
  eventType?: cloudfront.FunctionEventType;
  responseHeadersPolicy?: cloudfront.IResponseHeadersPolicy;
}): unknown {
  const app = new App();
  const stack = new Stack(app, 'Cdn', { env: { region: 'us-east-1' } });
  const fn =
    options.code !== undefined
      ? new cloudfront.Function(stack, 'Headers', { code: cloudfront.FunctionCode.fromInline(options.code) })
      : options.functionArn !== undefined
        ? cloudfront.Function.fromFunctionAttributes(stack, 'Imported', { functionArn: options.functionArn, functionName: 'headers' })
        : undefined;
  const distribution = new cloudfront.Distribution(stack, 'Distribution', {
    defaultBehavior: {
      origin: new origins.HttpOrigin('example.com'),
      responseHeadersPolicy: options.responseHeadersPolicy,
      functionAssociations: fn ? [{ function: fn, eventType: options.eventType ?? cloudfront.FunctionEventType.VIEWER_RESPONSE }] : undefined,
    },
  });
  return CloudFrontHsts(distribution.node.defaultChild as cloudfront.CfnDistribution, { index: AppIndex.of(app), policy });
}

describe('Bulwark-CF2 accepts HSTS set by a viewer-response CloudFront Function', () => {
  it('passes a distribution whose viewer-response function sets HSTS as the profile asks', () => {
    expect(verdict({ code: handler(FULL) })).toBe(COMPLIANT);
    expect(verdict({ code: handler(`response.headers["strict-transport-security"] = {value: "max-age=63072000; includeSubDomains; preload"};`) })).toBe(
      COMPLIANT,
    );
    expect(
      verdict({
        code: `function handler(event) { var r = event.response; r.headers = Object.assign(r.headers, { 'strict-transport-security': { value: 'max-age=63072000; includeSubDomains; preload' } }); return r; }`,
      }),
    ).toBe(COMPLIANT);
  });

  it('judges the value the function sets against the profile', () => {
    expect(verdict({ code: handler("headers['strict-transport-security'] = { value: 'max-age=300; includeSubDomains; preload' };") })).toEqual([
      'hsts-max-age',
    ]);
    expect(verdict({ code: handler("headers['strict-transport-security'] = { value: 'max-age=63072000' };") })).toEqual([
      'hsts-include-subdomains',
      'hsts-preload',
    ]);
  });

  it('is unresolved when the code sets the header in a way it cannot read, and when the function is outside the app', () => {
    expect(verdict({ code: handler("headers['strict-transport-security'] = { value: 'max-age=' + AGE };") })).toEqual(UNRESOLVED);
    expect(
      verdict({ code: handler("var name = 'strict-transport-security'; headers[name] = { value: 'max-age=63072000; includeSubDomains; preload' };") }),
    ).toEqual(UNRESOLVED);
    expect(verdict({ functionArn: 'arn:aws:cloudfront::123456789012:function/headers' })).toEqual(UNRESOLVED);
  });

  it('still reports a distribution whose function does not set HSTS, or runs on another event', () => {
    expect(verdict({ code: handler("headers['x-frame-options'] = { value: 'DENY' };") })).toEqual(['no-response-headers-policy']);
    expect(verdict({ code: handler(FULL), eventType: cloudfront.FunctionEventType.VIEWER_REQUEST })).toEqual(['no-response-headers-policy']);
  });
});

describe('reading HSTS from function code', () => {
  it('parses header values strictly', () => {
    expect(parseHstsHeader('max-age=31536000; includeSubDomains; preload')).toEqual({ maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: true });
    expect(parseHstsHeader('includeSubDomains')).toEqual({ maxAgeSeconds: 0, includeSubdomains: true, preload: false });
    expect(parseHstsHeader('max-age=abc')).toBeUndefined();
  });

  it('takes the weakest of several assignments, and knows code that never names the header', () => {
    expect(hstsSetByCode(`${FULL} headers['strict-transport-security'] = { value: 'max-age=10' };`)).toEqual({
      maxAgeSeconds: 10,
      includeSubdomains: false,
      preload: false,
    });
    expect(hstsSetByCode('function handler(event) { return event.response; }')).toBe('absent');
    // Commented out, an assignment sets nothing; made conditional, it may not run.
    expect(hstsSetByCode(handler(`// ${FULL}`))).toBe('absent');
    expect(hstsSetByCode(handler(`if (event.request.uri === '/x') { ${FULL} }`))).toBe('unresolved');
    expect(hstsSetByCode("headers['strict-transport-security'] = { value: `max-age=${age}` };")).toBe('unresolved');
  });
});

describe('Bulwark-CF2 reads HSTS set by Lambda@Edge functions with inline code', () => {
  function lambdaVerdict(value: string, eventType: cloudfront.LambdaEdgeEventType, policyOverrides?: boolean): unknown {
    const app = new App();
    const stack = new Stack(app, 'Cdn', { env: { region: 'us-east-1' } });
    const code = `exports.handler = async (event) => {
      const response = event.Records[0].cf.response;
      response.headers['strict-transport-security'] = [{ key: 'Strict-Transport-Security', value: '${value}' }];
      return response;
    };`;
    const edge = new lambda.Function(stack, 'Edge', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(code) });
    const responseHeadersPolicy =
      policyOverrides === undefined
        ? undefined
        : new cloudfront.ResponseHeadersPolicy(stack, 'Policy', {
            securityHeadersBehavior: {
              strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: policyOverrides },
            },
          });
    const distribution = new cloudfront.Distribution(stack, 'Distribution', {
      defaultBehavior: {
        origin: new origins.HttpOrigin('example.com'),
        responseHeadersPolicy,
        edgeLambdas: [{ functionVersion: edge.currentVersion, eventType }],
      },
    });
    return CloudFrontHsts(distribution.node.defaultChild as cloudfront.CfnDistribution, { index: AppIndex.of(app), policy });
  }

  it('judges what a viewer-response function sets, over the policy', () => {
    expect(lambdaVerdict('max-age=63072000; includeSubDomains; preload', cloudfront.LambdaEdgeEventType.VIEWER_RESPONSE)).toBe(COMPLIANT);
    expect(lambdaVerdict('max-age=86400; includeSubdomains; preload', cloudfront.LambdaEdgeEventType.VIEWER_RESPONSE, true)).toEqual(['hsts-max-age']);
  });

  it('takes an origin-response value as the origin’s: the policy wins only when it overrides', () => {
    expect(lambdaVerdict('max-age=86400', cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE, true)).toBe(COMPLIANT);
    expect(lambdaVerdict('max-age=86400', cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE, false)).toEqual([
      'hsts-max-age',
      'hsts-include-subdomains',
      'hsts-preload',
    ]);
  });
});
