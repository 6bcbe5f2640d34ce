import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, type Stack } from 'aws-cdk-lib';
import type { HardeningProblem } from '../../core/hardening-validation-error';

/**
 * The largest template a StackSet takes inline as TemplateBody, in bytes
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
 */
export const STACK_SET_TEMPLATE_BODY_LIMIT = 51_200;

/** A synthesized stack as a StackSet takes it: the compact template, and what stops it from deploying there. */
export interface StackSetTemplate {
  /** The template as TemplateBody: compact JSON. */
  readonly body: string;
  readonly template: CloudFormationTemplate;
  readonly problems: HardeningProblem[];
}

/** The parts of a template that decide whether it can go into a StackSet. */
export interface CloudFormationTemplate {
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Resources?: Record<string, { readonly Type: string }>;
  readonly Transform?: unknown;
}

/** How many file and container image assets the stack's asset manifests list, its own template left out. */
interface AssetCount {
  readonly files: number;
  readonly images: number;
}

/**
 * Synthesizes the Stage the stack is in and reads the stack's template. A StackSet deploys
 * TemplateBody into accounts that have no CDK bootstrap and no copy of the app's assets, so a
 * template that needs either, imports another stack's outputs, lacks a parameter value or is
 * larger than TemplateBody allows is refused with the reason.
 *
 * @param given the parameter values the StackSet passes
 */
export function stackSetTemplate(stack: Stack, given: Readonly<Record<string, string>>): StackSetTemplate {
  const assembly = (Stage.of(stack) as Stage).synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const template = artifact.template as CloudFormationTemplate;
  const body = JSON.stringify(template);
  const assets = { files: artifact.assets.length, images: 0 };
  for (const dependency of artifact.dependencies) {
    // The artifact type as the cloud assembly writes it (the schema's enum is not exported by aws-cdk-lib).
    if ((dependency.manifest.type as string) !== 'cdk:asset-manifest') continue;
    const counted = countAssets(join(assembly.directory, (dependency.manifest.properties as { file: string }).file), artifact.templateFile);
    assets.files += counted.files;
    assets.images += counted.images;
  }
  return { body, template, problems: templateProblems(body, template, assets, given) };
}

function countAssets(manifestPath: string, templateFile: string): AssetCount {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    readonly files?: Record<string, { readonly source: { readonly path?: string } }>;
    readonly dockerImages?: Record<string, unknown>;
  };
  // DefaultStackSynthesizer lists the template itself as a file asset: TemplateBody carries it instead.
  const files = Object.values(manifest.files ?? {}).filter((file) => file.source.path !== templateFile).length;
  return { files, images: Object.keys(manifest.dockerImages ?? {}).length };
}

function templateProblems(body: string, template: CloudFormationTemplate, assets: AssetCount, given: Readonly<Record<string, string>>): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (assets.files + assets.images > 0) {
    problems.push({
      field: 'stack',
      message: `the stack has ${assets.files} file and ${assets.images} container image asset(s) (Lambda code, nested stack templates, images): a stack instance reads them from a bucket or repository of its own region that every target account can read, which BaselineStackSet does not build; keep the baseline free of assets (inline code, or deploy the function outside the StackSet)`,
    });
  }
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > STACK_SET_TEMPLATE_BODY_LIMIT) {
    problems.push({
      field: 'stack',
      message: `the template is ${bytes} bytes, more than the ${STACK_SET_TEMPLATE_BODY_LIMIT} bytes a StackSet's TemplateBody takes: split the baseline into several StackSets`,
    });
  }
  const parameters = template.Parameters ?? {};
  if (Object.hasOwn(parameters, 'BootstrapVersion')) {
    problems.push({
      field: 'stack',
      message:
        'the template checks the CDK bootstrap version, which member accounts do not have: give the stack a BootstraplessSynthesizer (SecurityBaselineStack has one)',
    });
  }
  if (body.includes('"Fn::ImportValue"')) {
    problems.push({
      field: 'stack',
      message: "the template imports another stack's outputs (Fn::ImportValue), which exist in no member account: pass the values as props",
    });
  }
  // Own keys only: toString or constructor are valid logical IDs, and every object inherits them.
  for (const [name, parameter] of Object.entries(parameters)) {
    if (name !== 'BootstrapVersion' && parameter.Default === undefined && !Object.hasOwn(given, name)) {
      problems.push({ field: `parameters.${name}`, message: 'the template parameter has no default: give its value in parameters' });
    }
  }
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(parameters, name)) problems.push({ field: `parameters.${name}`, message: 'the template has no parameter of that name' });
  }
  return problems;
}
