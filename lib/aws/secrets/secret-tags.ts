import { Tags, type TagManager } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Tags that mark a service role; the secrets' resource policies key on them. */
export const ENVIRONMENT_TAG = 'bulwark:environment';
export const SERVICE_TAG = 'bulwark:service';

/** On a secret set out of band: the days between rotation reminders. */
export const ROTATION_REMINDER_TAG = 'bulwark:rotation-reminder-days';

/** Above `Tags.of(…).add`'s default priority (100). */
const OWN_TAG_PRIORITY = 101;

/**
 * Bulwark's own tags, above the default priority: an app-wide tag of the same key (say
 * `Tags.of(app).add('bulwark:environment', …)`) must not change them, since the resource
 * policies key on them.
 */
export function setOwnTags(resource: { readonly tags: TagManager }, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) resource.tags.setTag(key, value, OWN_TAG_PRIORITY);
}

/** The same, on an L2 (through the Tags aspect, which reaches its CloudFormation resource). */
export function addOwnTags(construct: IConstruct, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(construct).add(key, value, { priority: OWN_TAG_PRIORITY });
}
