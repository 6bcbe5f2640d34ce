import { InvalidArgumentError } from 'commander';

/**
 * `--jobs <n>`: how many apps are checked at once, a whole number from 1. Read without a regular
 * expression (the value is user input) and refused with what is accepted: exit 2.
 */
export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(jobs) || jobs < 1 || String(jobs) !== value.trim())
    throw new InvalidArgumentError('--jobs takes a whole number of apps to check at once, 1 or more (default: the number of CPUs).');
  return jobs;
}
