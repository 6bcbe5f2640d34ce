import { z } from 'zod';

/**
 * The shapes of the cloud assembly files `bulwark check` reads, as far as it reads them:
 * every other field passes unchecked. A file of another shape is refused (exit 2) with the
 * field that is wrong, rather than read into an internal error or a finding in the wrong place.
 */

const metadataEntry = z.looseObject({ type: z.string(), data: z.unknown().optional() });

/** Construct path → its metadata entries: an artifact's metadata, or a stack's additionalMetadataFile. */
export const METADATA = z.record(z.string(), z.array(metadataEntry));

export const MANIFEST = z.looseObject({
  artifacts: z
    .record(
      z.string(),
      z.looseObject({
        type: z.string().optional(),
        properties: z.looseObject({}).optional(),
        metadata: METADATA.optional(),
        additionalMetadataFile: z.string().optional(),
      }),
    )
    .optional(),
});

/** The properties of the artifacts whose files are read. */
export const STACK_PROPERTIES = z.looseObject({ templateFile: z.string() });
export const NESTED_ASSEMBLY_PROPERTIES = z.looseObject({ directoryName: z.string() });
export const ASSET_MANIFEST_PROPERTIES = z.looseObject({ file: z.string() });

/** What aws-cdk-lib records for Validations.of(scope).acknowledge(): rule ID → reason. */
export const ACKNOWLEDGEMENTS = z.record(z.string(), z.string());

export const VALIDATION_REPORT = z.looseObject({
  pluginReports: z
    .array(
      z.looseObject({
        pluginName: z.string(),
        violations: z
          .array(
            z.looseObject({
              ruleName: z.string(),
              description: z.string(),
              severity: z.string().optional(),
              violatingConstructs: z.array(z.looseObject({ constructPath: z.string(), stackTraces: z.array(z.string()).optional() })).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export const TEMPLATE = z.looseObject({
  Resources: z
    .record(
      z.string(),
      z.looseObject({
        Type: z.unknown().optional(),
        Properties: z.looseObject({ TemplateURL: z.unknown().optional() }).optional(),
        Metadata: z.looseObject({}).optional(),
      }),
    )
    .optional(),
});

export const ASSET_MANIFEST = z.looseObject({
  files: z.record(z.string(), z.looseObject({ source: z.looseObject({ path: z.string().optional() }).optional() })).optional(),
});
