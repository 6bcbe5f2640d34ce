import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('bin/bulwark.ts as built', () => {
  it('is executable, so `npx bulwark` runs it from a fresh clone', () => {
    expect(statSync(join(root, 'dist', 'bin', 'bulwark.js')).mode & 0o111).toBe(0o111);
  });

  it('runs the Quick start command: `npx bulwark doctor examples/profiles/strict.yaml` passes', () => {
    const result = spawnSync('npx', ['bulwark', 'doctor', 'examples/profiles/strict.yaml'], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/example-strict \(production\): 0 blocking, 0 warnings: PASSED/);
  }, 60_000);
});
