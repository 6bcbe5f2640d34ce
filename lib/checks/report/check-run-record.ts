import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { readBoundedFile } from '../../core/read-bounded-file';
import { checkShape } from './input-shape';
import { MAX_INPUT_FILE_BYTES } from './read-input-file';
import { linkProblem } from './path-within';
import { readJsonObject } from './read-json-file';

/**
 * The file BulwarkChecks writes into the cloud assembly when it runs as a validation plugin.
 * aws-cdk-lib leaves a plugin without violations out of validation-report.json, so the report
 * alone cannot tell "ran and found nothing" from "never registered": this record can.
 */
export const CHECK_RUN_FILE = 'bulwark-checks.json';

/** What BulwarkChecks saw: the templates it checked (by content hash) and how often each rule applied. */
export interface CheckRunRecord {
  /** Template file (relative to the cloud assembly) → SHA-256 of its content when it was checked. */
  readonly templates: Readonly<Record<string, string>>;
  /** Rule ID → number of resources it applied to (compliant or not). */
  readonly applied: Readonly<Record<string, number>>;
}

const RECORD = z.looseObject({
  templates: z.record(z.string(), z.string()),
  applied: z.record(z.string(), z.number()),
});

/** SHA-256 of a file's content, in hex (a template BulwarkChecks was just given). */
export function contentHash(file: string): string {
  return hashOf(readFileSync(file));
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The hash of a file a record names, read as every input is (a regular file within the size cap), or undefined. */
function recordedFileHash(file: string): string | undefined {
  const read = readBoundedFile(file, MAX_INPUT_FILE_BYTES);
  return 'bytes' in read ? hashOf(read.bytes) : undefined;
}

/** What a cloud assembly's record says, or why BulwarkChecks cannot be said to have run on this synthesis. */
export type CheckRunReading = { readonly record: CheckRunRecord } | { readonly missing: string };

/**
 * The record of the run on `dir`, when it is there and was written for the templates as they are
 * now: a record left by an earlier synthesis (a template changed or gone since) does not count.
 */
export function readCheckRunRecord(dir: string): CheckRunReading {
  const file = join(dir, CHECK_RUN_FILE);
  if (!existsSync(file)) return { missing: 'BulwarkChecks did not run on this synthesis (it is not registered as a validation plugin)' };
  const problem = linkProblem(dir, CHECK_RUN_FILE);
  if (problem !== undefined) return { missing: `${CHECK_RUN_FILE} ${problem}` };
  const record = checkShape(file, RECORD, readJsonObject(file));
  for (const [template, hash] of Object.entries(record.templates)) {
    if (
      isAbsolute(template) ||
      template.split(/[\\/]/).includes('..') ||
      linkProblem(dir, template) !== undefined ||
      !existsSync(join(dir, template)) ||
      recordedFileHash(join(dir, template)) !== hash
    )
      return { missing: `${CHECK_RUN_FILE} was written for another synthesis (${template} has changed since): BulwarkChecks did not run on this one` };
  }
  return { record };
}
