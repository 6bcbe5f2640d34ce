import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `content` to a fresh temporary directory under `name` and returns its path. */
export function writeTempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bulwark-requests-')), name);
  writeFileSync(file, content);
  return file;
}

/** Every item of an async generator, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
