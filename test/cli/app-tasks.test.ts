import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appPath, appTasks, checksManyApps } from '../../lib/cli/app-tasks';

let root: string | undefined;
const previous = process.cwd();
afterEach(() => {
  process.chdir(previous);
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** A repository with apps at the paths given (a cdk.json in each), made the working directory. */
function repository(apps: readonly string[]): string {
  root = mkdtempSync(join(tmpdir(), 'bulwark-app-tasks-'));
  for (const app of apps) {
    mkdirSync(join(root, app), { recursive: true });
    writeFileSync(join(root, app, 'cdk.json'), '{}');
  }
  process.chdir(root);
  return root;
}

describe('checksManyApps', () => {
  it('is a run over many apps with --apps or an output option given twice, not with one of each', () => {
    expect(checksManyApps({ apps: ['.'] })).toBe(true);
    expect(checksManyApps({ cdkOut: ['a', 'b'] })).toBe(true);
    expect(checksManyApps({ cdktfOut: ['a', 'b'] })).toBe(true);
    expect(checksManyApps({ cdkOut: ['a'], cdktfOut: ['b'] })).toBe(false);
  });
});

describe('appTasks', () => {
  it('orders the apps by path, by code unit whatever the locale, and checks each once', () => {
    repository(['services/b', 'services/B', 'services/a']);
    const tasks = appTasks({ apps: ['services', './services'], cdkOut: ['out/z', 'out/z/'] }, undefined, []);
    expect(tasks.map((task) => `${task.app} ${task.synthesize}`)).toEqual(['out/z false', 'services/B true', 'services/a true', 'services/b true']);
  });

  it('hands every task the profile file, the profile and the plan', () => {
    repository(['app']);
    const [task] = appTasks({ apps: ['app'], profile: 'bulwark.yaml', cloudflarePlan: 'pro' }, undefined, []);
    expect(task).toMatchObject({ kind: 'cdk', app: 'app', synthesize: true, profileFile: 'bulwark.yaml', cloudflarePlan: 'pro' });
  });
});

describe('appPath', () => {
  it('is relative to the working directory, `.` for itself, absolute outside it', () => {
    const dir = repository([]);
    expect(appPath(join(dir, 'a', 'b'))).toBe('a/b');
    expect(appPath(dir)).toBe('.');
    expect(appPath('/elsewhere/app')).toBe('/elsewhere/app');
  });
});
