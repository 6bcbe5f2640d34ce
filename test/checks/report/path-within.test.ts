import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkProblem, pathWithin } from '../../../lib/checks/report/path-within';

function assembly(): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-within-'));
  mkdirSync(join(root, 'assembly-Prod'));
  writeFileSync(join(root, 'Top.template.json'), '{}');
  return root;
}

const field = ['artifacts', 'Top', 'properties', 'templateFile'];
const within = (root: string, base: string, named: string) => pathWithin(root, base, named, 'manifest.json', field);

describe('pathWithin', () => {
  it('resolves a path inside the output, relative to its base directory', () => {
    const root = assembly();
    expect(within(root, '', 'Top.template.json')).toBe('Top.template.json');
    expect(within(root, 'assembly-Prod', '../Top.template.json')).toBe('Top.template.json');
    expect(within(root, 'assembly-Prod', 'Missing.template.json')).toBe(join('assembly-Prod', 'Missing.template.json'));
  });

  it('refuses an absolute path, a path that climbs out, and an empty one', () => {
    const root = assembly();
    expect(() => within(root, '', '/etc/passwd')).toThrow(
      'manifest.json is not what a synthesizer writes: artifacts.Top.properties.templateFile is an absolute path; only a path inside the output directory is read',
    );
    expect(() => within(root, 'assembly-Prod', '../../x.json')).toThrow('artifacts.Top.properties.templateFile climbs out of the output directory (..)');
    expect(() => within(root, '', 'a/../../x.json')).toThrow(/climbs out/);
    expect(() => within(root, '', 'C:\\Windows\\x.json')).toThrow(/is an absolute path/);
    expect(() => within(root, '', '')).toThrow(/is an empty string, not a path inside the output directory/);
  });

  it('refuses symbolic links that lead out, point nowhere, or loop; follows those that stay inside', () => {
    const root = assembly();
    symlinkSync('/etc/hostname', join(root, 'out.json'));
    symlinkSync(tmpdir(), join(root, 'up'));
    symlinkSync(join(root, 'nothing'), join(root, 'dangling.json'));
    symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
    symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
    symlinkSync('Top.template.json', join(root, 'alias.json'));
    expect(() => within(root, '', 'out.json')).toThrow(/leads out of the output directory through a symbolic link/);
    expect(() => within(root, '', 'up/anything.json')).toThrow(/leads out of the output directory through a symbolic link/);
    expect(() => within(root, '', 'dangling.json')).toThrow(/is a symbolic link that points nowhere/);
    expect(() => within(root, '', 'loop-a')).toThrow(/is a loop of symbolic links/);
    expect(within(root, '', 'alias.json')).toBe('alias.json');
    expect(linkProblem(root, 'alias.json')).toBeUndefined();
  });
});
