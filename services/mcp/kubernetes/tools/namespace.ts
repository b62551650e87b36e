import { z } from 'zod';

// A Kubernetes namespace is a DNS label; anything else could not exist and is a typo.
export const NamespaceSchema = z
  .string()
  .max(63, 'namespace must be at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace must be a Kubernetes namespace name such as prod (lowercase letters, digits, "-")')
  .describe('namespace to look in; all namespaces when omitted');

/** Kubernetes dates arrive as Date from the client; tolerate strings from other sources. */
export function timeMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
