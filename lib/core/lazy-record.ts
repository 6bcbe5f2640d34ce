/**
 * A read-only record whose values are made on first read and kept. Bulwark's constructs write
 * their per-service resources as L1s (an L2 object per resource costs about as much synth
 * time again, bench/results.md); the L2 view of one (an imported `ISecret` to grant on) is
 * made only when asked for, so it costs nothing when unused.
 */
export function lazyRecord<T>(keys: readonly string[], make: (key: string) => T): Readonly<Record<string, T>> {
  const record: Record<string, T> = {};
  const made = new Map<string, T>();
  for (const key of keys) {
    Object.defineProperty(record, key, {
      enumerable: true,
      get: () => {
        if (!made.has(key)) made.set(key, make(key));
        return made.get(key) as T;
      },
    });
  }
  return Object.freeze(record);
}
