// Reading untyped vendor payloads and errors without a cast at every step.

/** The value as a property bag when it is any object (errors come in every shape). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The value as a property bag when it is an object and not an array. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return Array.isArray(value) ? undefined : asObject(value);
}

/** Reads `a.b.c` nested ({a: {b: {c}}}) or from a flat "a.b.c" key: Datadog attributes, OpenSearch _source. */
export function readPath(bag: unknown, path: string): unknown {
  const obj = asRecord(bag);
  if (!obj) return undefined;
  if (path in obj) return obj[path];
  let current: unknown = obj;
  for (const part of path.split('.')) {
    current = asRecord(current)?.[part];
    if (current === undefined) return undefined;
  }
  return current;
}
