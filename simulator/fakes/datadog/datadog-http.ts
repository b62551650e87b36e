// Request and reply helpers shared by the Datadog endpoints: Datadog's error bodies
// (`{"errors": [...]}`), JSON bodies read with a size cap, and request ids derived from the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { hexString } from '../../world/seeded-hash.ts';
import { BodyTooLargeError, readBody, sendJson } from '../shared/http-kit.ts';

export function ddError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [message] });
}

/** A deterministic request id, shaped like Datadog's, derived from the request itself. */
export function ddRequestId(...parts: (string | number)[]): string {
  return `pddv1Ch${Buffer.from(hexString(48, ...parts, 'request'), 'hex').toString('base64url')}`;
}

/** Reads and parses a JSON body; answers 400/413 itself and returns undefined when it cannot. */
export async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> {
  try {
    const text = await readBody(req);
    return { value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) ddError(res, 413, 'Payload too large');
    else ddError(res, 400, 'Invalid request body: not valid JSON');
    return undefined;
  }
}

export function zodMessage(error: z.ZodError, prefix = 'Invalid request body'): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return `${prefix}: ${path || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** Opaque page cursors: base64 of a JSON position. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, check: (value: unknown) => value is T): T | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return check(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a `key:value` tag. */
export function tagPairs(tags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    if (colon > 0 && out[tag.slice(0, colon)] === undefined) out[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return out;
}

/** A v2 search sent as GET (`filter[query]`, `page[limit]`, `sort`...) in the shape of the POST body. */
export function searchFromQueryString(params: URLSearchParams): { filter: Record<string, unknown>; page: Record<string, unknown>; sort?: string } {
  const filter: Record<string, unknown> = {};
  for (const key of ['query', 'from', 'to']) {
    const value = params.get(`filter[${key}]`);
    if (value !== null) filter[key] = value;
  }
  const page: Record<string, unknown> = {};
  const limit = params.get('page[limit]');
  if (limit !== null) page.limit = /^\d+$/.test(limit) ? Number(limit) : limit;
  const cursor = params.get('page[cursor]');
  if (cursor !== null) page.cursor = cursor;
  const sort = params.get('sort');
  return { filter, page, ...(sort !== null ? { sort } : {}) };
}

/** The query string of a v2 search's `links.next`: the same search from the next page's cursor. */
export function nextPageQuery(request: { filter: { query: string; from: string; to: string }; sort: string; page: { limit: number } }, cursor: string): string {
  return new URLSearchParams({
    'filter[query]': request.filter.query,
    'filter[from]': request.filter.from,
    'filter[to]': request.filter.to,
    sort: request.sort,
    'page[limit]': String(request.page.limit),
    'page[cursor]': cursor,
  }).toString();
}
