import type { ZoneProblem } from './compile-zone';

/**
 * Why a zone's own origin-pull certificate cannot be built as given: it is only used with
 * authenticated origin pulls on, and its private key must come from a Terraform reference (a
 * sensitive variable), never a literal, which would sit in plain text in the synthesized JSON.
 * Never echoes the value.
 */
export function originPullCertificateProblems(inputs: { readonly authenticatedOriginPulls: boolean; readonly privateKeyIsReference: boolean }): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  if (!inputs.authenticatedOriginPulls)
    problems.push({
      field: 'originPullCertificate',
      message:
        'is only used with authenticated origin pulls, which are off (network.origin.authenticatedOriginPulls, default on behind cloudflare): turn them on, or drop originPullCertificate',
    });
  if (!inputs.privateKeyIsReference)
    problems.push({
      field: 'originPullCertificate.privateKey',
      message:
        'is a literal; it would be written in plain text into the Terraform output: pass it as a reference to a sensitive Terraform variable instead (new TerraformVariable(scope, id, { sensitive: true }).stringValue)',
    });
  return problems;
}
