import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Plan } from '../cloudflare/plans';
import type { HardeningProfile } from '../profile/schema';
import type { AppTask } from './app-check';
import { findApps } from './find-apps';

/** What a run over many apps is given: outputs already synthesized, and directories to find apps in. */
export interface ManyAppsOptions {
  readonly cdkOut?: readonly string[];
  readonly cdktfOut?: readonly string[];
  readonly apps?: readonly string[];
  readonly profile?: string;
  readonly cloudflarePlan?: Plan;
}

/** Whether a run checks many apps: `--apps` given, or --cdk-out or --cdktf-out given more than once. One of each stays a single app's run, as it always was. */
export function checksManyApps(options: ManyAppsOptions): boolean {
  return options.apps !== undefined || (options.cdkOut?.length ?? 0) > 1 || (options.cdktfOut?.length ?? 0) > 1;
}

/**
 * One task per app: each output given and each app found below the directories of `--apps`,
 * each once, ordered by the app's path (then CDK before cdktf), so the report is the same
 * however the apps are scheduled. Problems (a directory of `--apps` that is not there) go to
 * `problems`.
 */
export function appTasks(options: ManyAppsOptions, profile: HardeningProfile | undefined, problems: string[]): AppTask[] {
  const common = {
    ...(options.profile !== undefined ? { profileFile: options.profile } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(options.cloudflarePlan !== undefined ? { cloudflarePlan: options.cloudflarePlan } : {}),
  };
  const given = [
    ...(options.cdkOut ?? []).map((dir) => ({ kind: 'cdk' as const, dir, synthesize: false })),
    ...(options.cdktfOut ?? []).map((dir) => ({ kind: 'cdktf' as const, dir, synthesize: false })),
    ...findApps(options.apps ?? [], problems).map(({ kind, dir }) => ({ kind, dir, synthesize: true })),
  ];
  const tasks = new Map<string, AppTask>();
  for (const { kind, dir, synthesize } of given) {
    const key = `${kind} ${synthesize} ${resolve(dir)}`;
    if (!tasks.has(key)) tasks.set(key, { kind, dir, app: appPath(dir), synthesize, ...common });
  }
  // Compared by code unit, not locale: the order must not change with the machine's language.
  const order = (a: AppTask, b: AppTask) => (a.app < b.app ? -1 : a.app > b.app ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
  return [...tasks.values()].sort(order);
}

/** A directory relative to the working directory (the repository, for SARIF), `/`-separated; `.` for the directory itself, absolute when outside it. */
export function appPath(dir: string): string {
  const absolute = resolve(dir);
  const fromHere = relative(process.cwd(), absolute);
  if (fromHere === '') return '.';
  const path = fromHere.startsWith('..') || isAbsolute(fromHere) ? absolute : fromHere;
  return path.split(sep).join('/');
}
