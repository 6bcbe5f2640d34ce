import type { HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy, PolicySecret } from '../../policy/model';

/** What is wrong with the secrets as given: rotation periods out of range, database secrets without their database. */
export function secretsProblems(secrets: Policy['secrets'], databases: Readonly<Record<string, unknown>> | undefined): HardeningProblem[] {
  return [
    ...secretRotationProblems(secrets),
    ...secrets.items.flatMap((item, index) =>
      item.source === 'database' && databases?.[item.name] === undefined
        ? [
            {
              field: `secrets.items[${index}].database`,
              message: `${item.id} needs its database for hosted rotation: pass databases: { ${item.name}: <the DB instance or cluster> }`,
            },
          ]
        : [],
    ),
  ];
}

/** Rotation periods out of range: what HardenedSecrets refuses from the profile alone. */
export function secretRotationProblems(secrets: Policy['secrets']): HardeningProblem[] {
  return secrets.items.flatMap((item, index) => rotationProblems(item, index, secrets.maxRotationDays));
}

function rotationProblems(item: PolicySecret, index: number, maxRotationDays: number): HardeningProblem[] {
  const field = `secrets.items[${index}].rotateAfterDays`;
  if (item.rotationDays === 0) return [{ field, message: `${item.id} would never rotate; set 1 to ${maxRotationDays} days` }];
  if (item.rotationDays > maxRotationDays)
    return [{ field, message: `${item.id} rotates every ${item.rotationDays} days, later than secrets.maxRotationDays (${maxRotationDays})` }];
  return [];
}
