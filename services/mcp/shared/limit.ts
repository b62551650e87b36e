// Caps keep one tool call from flooding a model's context (mcp-grafana's default 10 / max 100,
// tighter here because every result also lands in Slack evidence).
import { z } from 'zod';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

export function limitSchema(options: { default?: number; max?: number; what?: string } = {}) {
  const max = options.max ?? MAX_LIMIT;
  const fallback = options.default ?? DEFAULT_LIMIT;
  return z
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(fallback)
    .describe(`maximum number of ${options.what ?? 'items'} to return (default ${fallback}, max ${max})`);
}

/** Keeps the first `limit` items and says whether anything was dropped. */
export function takeCapped<T>(items: readonly T[], limit: number): { items: T[]; truncated: boolean } {
  return { items: items.slice(0, limit), truncated: items.length > limit };
}
