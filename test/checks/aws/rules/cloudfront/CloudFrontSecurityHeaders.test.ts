import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { CloudFrontSecurityHeaders } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontSecurityHeaders';
import { headerValuesInCode } from '../../../../../lib/checks/aws/rules/cloudfront/function-headers';

const policy = buildPolicy(extendPreset('strict', { name: 'cdn' }));
const CSP = policy.headers.values['Content-Security-Policy'];

/** A CloudFront Function body setting the given headers (name → value) on the response. */
const functionCode = (headers: Record<string, string>) => `function handler(event) {
  var response = event.response;
  ${Object.entries(headers)
    .map(([name, value]) => `response.headers['${name}'] = { value: ${JSON.stringify(value)} };`)
    .join('\n  ')}
  return response;
}`;
/** A Lambda@Edge handler setting the given headers the way Lambda@Edge takes them (a list of key and value). */
const lambdaCode = (headers: Record<string, string>) => `exports.handler = async (event) => {
  const response = event.Records[0].cf.response;
  ${Object.entries(headers)
    .map(
      ([name, value]) => `response.headers['${name}'] = [{ key: '${name.replace(/(^|-)[a-z]/g, (s) => s.toUpperCase())}', value: ${JSON.stringify(value)} }];`,
    )
    .join('\n  ')}
  return response;
};`;

const ALL = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'content-security-policy': CSP };

function verdict(options: {
  readonly functionCode?: string;
  readonly lambdaCode?: string;
  readonly lambdaEvent?: cloudfront.LambdaEdgeEventType;
  readonly importedLambda?: boolean;
  readonly responseHeadersPolicy?: (stack: Stack) => cloudfront.IResponseHeadersPolicy;
}): unknown {
  const app = new App();
  const stack = new Stack(app, 'Cdn', { env: { region: 'us-east-1' } });
  const fn =
    options.functionCode === undefined
      ? undefined
      : new cloudfront.Function(stack, 'Headers', { code: cloudfront.FunctionCode.fromInline(options.functionCode) });
  const edge =
    options.importedLambda === true
      ? lambda.Version.fromVersionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:123456789012:function:headers:1')
      : options.lambdaCode === undefined
        ? undefined
        : new lambda.Function(stack, 'Edge', {
            runtime: lambda.Runtime.NODEJS_22_X,
            handler: 'index.handler',
            code: lambda.Code.fromInline(options.lambdaCode),
          }).currentVersion;
  const distribution = new cloudfront.Distribution(stack, 'Distribution', {
    defaultBehavior: {
      origin: new origins.HttpOrigin('example.com'),
      responseHeadersPolicy: options.responseHeadersPolicy?.(stack),
      functionAssociations: fn ? [{ function: fn, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE }] : undefined,
      edgeLambdas: edge ? [{ functionVersion: edge, eventType: options.lambdaEvent ?? cloudfront.LambdaEdgeEventType.VIEWER_RESPONSE }] : undefined,
    },
  });
  return CloudFrontSecurityHeaders(distribution.node.defaultChild as cloudfront.CfnDistribution, { index: AppIndex.of(app), policy });
}

const policyWith =
  (override: boolean, frameOption = cloudfront.HeadersFrameOption.DENY) =>
  (stack: Stack) =>
    new cloudfront.ResponseHeadersPolicy(stack, 'Policy', {
      securityHeadersBehavior: {
        contentTypeOptions: { override },
        frameOptions: { frameOption, override },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override },
        contentSecurityPolicy: { contentSecurityPolicy: CSP, override },
      },
    });

describe('Bulwark-CF3 reads the headers edge code sets', () => {
  it('passes a behavior whose viewer-response CloudFront Function sets every required header with the profile values, without a policy', () => {
    expect(verdict({ functionCode: functionCode(ALL) })).toBe(COMPLIANT);
  });

  it('judges each value a function sets, and names the headers it leaves to a missing policy', () => {
    expect(verdict({ functionCode: functionCode({ ...ALL, 'x-frame-options': 'ALLOW-FROM https://example.com' }) })).toEqual(['x-frame-options']);
    const { 'content-security-policy': _csp, ...withoutCsp } = ALL;
    expect(verdict({ functionCode: functionCode(withoutCsp) })).toEqual(['no-response-headers-policy']);
  });

  it('lets a viewer-response function overrule the policy, for better or worse', () => {
    expect(verdict({ functionCode: functionCode({ 'x-frame-options': 'SAMEORIGIN' }), responseHeadersPolicy: policyWith(true) })).toEqual(['x-frame-options']);
    expect(
      verdict({ functionCode: functionCode({ 'x-frame-options': 'DENY' }), responseHeadersPolicy: policyWith(true, cloudfront.HeadersFrameOption.SAMEORIGIN) }),
    ).toBe(COMPLIANT);
  });

  it('reads Lambda@Edge functions with inline code, on viewer and origin responses', () => {
    expect(verdict({ lambdaCode: lambdaCode(ALL) })).toBe(COMPLIANT);
    expect(verdict({ lambdaCode: lambdaCode({ ...ALL, 'referrer-policy': 'unsafe-url' }) })).toEqual(['referrer-policy']);
    expect(verdict({ lambdaCode: lambdaCode(ALL), lambdaEvent: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE })).toBe(COMPLIANT);
  });

  it('takes an origin-response value as the origin’s: the policy wins only where it overrides', () => {
    const weak = lambdaCode({ ...ALL, 'x-frame-options': 'ALLOWALL' });
    expect(verdict({ lambdaCode: weak, lambdaEvent: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE, responseHeadersPolicy: policyWith(true) })).toBe(COMPLIANT);
    expect(verdict({ lambdaCode: weak, lambdaEvent: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE, responseHeadersPolicy: policyWith(false) })).toEqual([
      'x-frame-options',
    ]);
  });

  it('ignores request events', () => {
    expect(verdict({ lambdaCode: lambdaCode(ALL), lambdaEvent: cloudfront.LambdaEdgeEventType.ORIGIN_REQUEST })).toEqual(['no-response-headers-policy']);
  });

  it('is unresolved when response code it cannot read may fix what falls short, and passes what the policy already meets', () => {
    expect(verdict({ importedLambda: true })).toBe(UNRESOLVED);
    expect(verdict({ functionCode: functionCode({}).replace('return', "response.headers['x-frame-options'] = { value: mode }; return") })).toBe(UNRESOLVED);
    expect(verdict({ importedLambda: true, responseHeadersPolicy: policyWith(true) })).toBe(COMPLIANT);
  });

  it('still reports the policy it reads when no edge code sets a header', () => {
    expect(verdict({ responseHeadersPolicy: policyWith(false) })).toEqual([
      'x-content-type-options-not-overriding',
      'x-frame-options-not-overriding',
      'referrer-policy-not-overriding',
      'content-security-policy-not-overriding',
    ]);
    expect(verdict({})).toEqual(['no-response-headers-policy']);
  });
});

describe('reading header values from code', () => {
  it('reads both the CloudFront Functions and the Lambda@Edge forms, and every assignment', () => {
    expect(headerValuesInCode(functionCode({ 'x-frame-options': 'DENY' }), 'X-Frame-Options')).toEqual(['DENY']);
    expect(headerValuesInCode(lambdaCode({ 'x-frame-options': 'DENY' }), 'x-frame-options')).toEqual(['DENY']);
    expect(
      headerValuesInCode(`headers['x-frame-options'] = { value: 'DENY' }; headers["x-frame-options"] = {value: "SAMEORIGIN",};`, 'x-frame-options'),
    ).toEqual(['DENY', 'SAMEORIGIN']);
  });

  it('reads the code without its comments, and knows a comment marker inside a string or a regular expression', () => {
    const set = "response.headers['x-frame-options'] = { value: 'DENY' };";
    expect(headerValuesInCode(functionCode({}).replace('return', `// ${set}\n  return`), 'x-frame-options')).toBe('absent');
    expect(headerValuesInCode(functionCode({}).replace('return', `/* ${set} */ return`), 'x-frame-options')).toBe('absent');
    expect(headerValuesInCode('// sets x-frame-options elsewhere', 'x-frame-options')).toBe('absent');
    expect(headerValuesInCode(functionCode({ 'content-security-policy': 'default-src https://cdn.example.com/*' }), 'content-security-policy')).toEqual([
      'default-src https://cdn.example.com/*',
    ]);
    // The quote in the regular expression does not open a string that would hide the wipe after it.
    expect(
      headerValuesInCode(functionCode({ 'x-frame-options': 'DENY' }).replace('return', "var q = /'/; response.headers = {}; return"), 'x-frame-options'),
    ).toBe('unresolved');
  });

  it('is unresolved when a branch, a loop, a second function or code after the return decides whether the header is set', () => {
    const set = "response.headers['x-frame-options'] = { value: 'DENY' };";
    const around = (code: string) => headerValuesInCode(functionCode({}).replace('return', `${code}\n  return`), 'x-frame-options');
    expect(around(`if (event.request.uri === '/x') { ${set} }`)).toBe('unresolved');
    expect(around(`event.request.uri === '/x' && (${set.slice(0, -1)});`)).toBe('unresolved');
    expect(around(`var v = event.request.uri ? 'DENY' : 'SAMEORIGIN'; ${set}`)).toBe('unresolved');
    expect(around(`switch (event.request.uri) { case '/x': ${set} }`)).toBe('unresolved');
    expect(around(`for (var i = 0; i < 1; i++) { ${set} }`)).toBe('unresolved');
    expect(around(`function never(response) { ${set} }`)).toBe('unresolved');
    expect(headerValuesInCode(functionCode({}).replace('return response;', `return response; ${set}`), 'x-frame-options')).toBe('unresolved');
    // A branch that sets only other headers leaves one it never names absent.
    expect(around("if (event.request.uri === '/x') { response.headers['cache-control'] = { value: 'max-age=60' }; }")).toBe('absent');
  });

  it('is unresolved when other code writes the headers: a wipe, a deletion, a computed key, a merge into another object', () => {
    const code = (after: string) => functionCode({ 'x-frame-options': 'DENY' }).replace('return', `${after}\n  return`);
    expect(headerValuesInCode(code('response.headers = {};'), 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode(code(`response.headers${' '.repeat(300)}= {};`), 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode(code("delete response.headers['x-frame-options'];"), 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode(code("var name = 'x-frame-' + 'options'; response.headers[name] = { value: 'ALLOWALL' };"), 'x-frame-options')).toBe(
      'unresolved',
    );
    expect(headerValuesInCode(code("response.headers['x-frame-options'].value = 'ALLOWALL';"), 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode(code("var unused = Object.assign({}, { 'x-frame-options': { value: 'DENY' } });"), 'x-frame-options')).toBe('unresolved');
    // Written elsewhere than in a merge into the headers, the object form sets nothing.
    expect(headerValuesInCode(functionCode({}).replace('return', "var unused = { 'x-frame-options': { value: 'DENY' } };\n  return"), 'x-frame-options')).toBe(
      'unresolved',
    );
    // A computed write makes even a header the code never names unknown.
    expect(headerValuesInCode(code('response.headers[key] = { value: 1 };'), 'referrer-policy')).toBe('unresolved');
  });

  it('reads a merge into the headers, as an assignment or a statement', () => {
    const merged = "Object.assign(r.headers, { 'x-frame-options': { value: 'DENY' } })";
    expect(headerValuesInCode(`function handler(event) { var r = event.response; r.headers = ${merged}; return r; }`, 'x-frame-options')).toEqual(['DENY']);
    expect(headerValuesInCode(`function handler(event) { var r = event.response; ${merged}; return r; }`, 'x-frame-options')).toEqual(['DENY']);
    expect(
      headerValuesInCode(
        `function handler(event) { var r = event.response; r.headers = ${merged.replace('r.headers', 'event.request.headers')}; return r; }`,
        'x-frame-options',
      ),
    ).toBe('unresolved');
  });

  it('is unresolved for a mention it cannot read, and absent when the header is never named', () => {
    expect(headerValuesInCode("headers['x-frame-options'] = { value: 'DE' + 'NY' };", 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode("headers['x-frame-options'] = [{ key: 'X-Frame-Options', value: `${mode}` }];", 'x-frame-options')).toBe('unresolved');
    expect(headerValuesInCode('return event.response;', 'x-frame-options')).toBe('absent');
  });

  it('reads long hostile code in linear time (no backtracking on runs of blanks)', () => {
    const hostile = `headers['x-frame-options'] = { value: 'DENY'${' '.repeat(200_000)}`;
    expect(headerValuesInCode(hostile, 'x-frame-options')).toBe('unresolved');
    // Under the length cap, every search stays linear or bounded by a window.
    const start = performance.now();
    for (const filler of ['a.', '= ', 'a = ', '/ ', 'Object.assign(a.headers, {', '[', '{']) {
      headerValuesInCode(`headers['x-frame-options'] = { value: 'DENY' }; ${filler.repeat(Math.floor(60_000 / filler.length))}`, 'x-frame-options');
    }
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
