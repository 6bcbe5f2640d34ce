/**
 * Merges a profile over a base with JSON Merge Patch rules (RFC 7396): objects merge key by
 * key, arrays and scalars replace, and `null` removes a key from the base. The inputs are not
 * changed.
 */
export function mergeProfileInput<T>(base: T, override: unknown): T {
  return mergeValue(base, override) as T;
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(override)) return override;
  // As in RFC 7396, an object patch over a non-object starts from an empty object.
  const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    // defineProperty keeps a "__proto__" key as data (validation rejects it) instead of changing the prototype.
    else
      Object.defineProperty(merged, key, {
        value: mergeValue(Object.hasOwn(merged, key) ? merged[key] : undefined, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
