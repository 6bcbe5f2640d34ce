import type { Policy } from '../../policy/model';

/*
 * The response headers an ALB listener sets itself (listener attributes), so a request that goes
 * around the CDN still gets them. Defined once for HardenedHttpsListener, which sets them, and
 * BulwarkChecks ELB5, which reads them. Keys: the ListenerAttribute reference,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-listener-listenerattribute.html
 * Behaviour: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/header-modification.html
 * (a set header is added to every response, replacing the target's value of that header).
 */

/** The listener attribute that sets each response header, by header name. */
export const ALB_RESPONSE_HEADER_ATTRIBUTES: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'routing.http.response.strict_transport_security.header_value',
  'Content-Security-Policy': 'routing.http.response.content_security_policy.header_value',
  'X-Content-Type-Options': 'routing.http.response.x_content_type_options.header_value',
  'X-Frame-Options': 'routing.http.response.x_frame_options.header_value',
  'Access-Control-Allow-Origin': 'routing.http.response.access_control_allow_origin.header_value',
  'Access-Control-Allow-Methods': 'routing.http.response.access_control_allow_methods.header_value',
  'Access-Control-Allow-Headers': 'routing.http.response.access_control_allow_headers.header_value',
  'Access-Control-Allow-Credentials': 'routing.http.response.access_control_allow_credentials.header_value',
  'Access-Control-Max-Age': 'routing.http.response.access_control_max_age.header_value',
};

/** The listener attribute that keeps or removes the load balancer's own Server header ("true" keeps it, the default). */
export const ALB_SERVER_HEADER_ATTRIBUTE = { key: 'routing.http.response.server.enabled', value: 'false' } as const;

/** The security headers (besides CORS) a hardened HTTPS listener must set, as BulwarkChecks ELB5 reads them. */
export const ALB_SECURITY_HEADERS: readonly string[] = ['Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'Content-Security-Policy'];

/** What a listener sets for a policy, and what of the policy it cannot. */
export interface AlbResponseHeaders {
  /** Listener attributes, key → value, in a stable order. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Profile headers no listener attribute sets (Referrer-Policy, Permissions-Policy, X-XSS-Protection). */
  readonly notSettable: readonly string[];
  /**
   * Why the policy's CORS is left to the application, when it is: an ALB sends one static
   * Access-Control-Allow-Origin value, so it cannot choose among several origins by the request.
   */
  readonly corsLeftToApplication?: string;
}

/**
 * The listener attributes that send the policy's headers: HSTS, CSP, nosniff and X-Frame-Options
 * as every other edge renders them (policy.headers.values), and CORS when one static value
 * expresses it (any origin, or exactly one). A wildcard origin never goes with credentials:
 * the constructs refuse that policy before asking.
 */
export function albResponseHeaders(policy: Policy): AlbResponseHeaders {
  const attributes: Record<string, string> = {};
  const notSettable: string[] = [];
  for (const [header, value] of Object.entries(policy.headers.values)) {
    const key = ALB_RESPONSE_HEADER_ATTRIBUTES[header];
    if (key === undefined) notSettable.push(header);
    else attributes[key] = value;
  }
  const cors = policy.cors;
  const origin = cors.allowAnyOrigin ? '*' : cors.allowedOrigins.length === 1 ? cors.allowedOrigins[0] : undefined;
  if (origin !== undefined) {
    attributes[ALB_RESPONSE_HEADER_ATTRIBUTES['Access-Control-Allow-Origin']] = origin;
    attributes[ALB_RESPONSE_HEADER_ATTRIBUTES['Access-Control-Allow-Methods']] = cors.allowedMethods.join(', ');
    attributes[ALB_RESPONSE_HEADER_ATTRIBUTES['Access-Control-Allow-Headers']] = cors.allowedHeaders.join(', ');
    // Credentials only with a named origin: with "*" browsers refuse them, and the construct refuses the policy.
    if (cors.allowCredentials && origin !== '*') attributes[ALB_RESPONSE_HEADER_ATTRIBUTES['Access-Control-Allow-Credentials']] = 'true';
    attributes[ALB_RESPONSE_HEADER_ATTRIBUTES['Access-Control-Max-Age']] = String(cors.maxAgeSeconds);
  }
  attributes[ALB_SERVER_HEADER_ATTRIBUTE.key] = ALB_SERVER_HEADER_ATTRIBUTE.value;
  const corsLeftToApplication =
    origin === undefined && cors.allowedOrigins.length > 1
      ? `cors.allowedOrigins lists ${cors.allowedOrigins.length} origins and an ALB sends one static Access-Control-Allow-Origin value (it cannot pick the request's origin): the listener sets no CORS header, so the application must answer CORS for ${cors.allowedOrigins.join(', ')} (or put CloudFront or Cloudflare in front, which do)`
      : undefined;
  return { attributes, notSettable, ...(corsLeftToApplication !== undefined ? { corsLeftToApplication } : {}) };
}
