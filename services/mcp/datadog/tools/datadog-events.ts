// Reading the v1 events stream (deploy markers, config pushes, flag flips, monitor transitions) in
// a window, page by page, as plain values the summarizers can test without the client.
import type { v1 } from '@datadog/datadog-api-client';
import type { DatadogApis } from '../client.ts';

/** The v1 events API returns at most this many events per page. */
export const EVENTS_PAGE_SIZE = 1000;
export const MAX_EVENT_PAGES = 3;

export interface EventLite {
  id: string;
  at: number;
  title: string;
  text: string;
  tags: string[];
  source: string;
  alertType: string;
}

export function toEventLite(event: v1.Event): EventLite | undefined {
  if (typeof event.dateHappened !== 'number') return undefined;
  const extra = (event.additionalProperties ?? {}) as Record<string, unknown>;
  const source = event.sourceTypeName ?? (typeof extra['source_type_name'] === 'string' ? extra['source_type_name'] : undefined) ?? '';
  return {
    id: event.idStr ?? String(event.id ?? ''),
    // dateHappened is POSIX seconds.
    at: event.dateHappened * 1000,
    title: event.title ?? '',
    text: event.text ?? '',
    tags: event.tags ?? [],
    source,
    alertType: String(event.alertType ?? 'info'),
  };
}

/** Tag value by key: tagValue(['service:cart', 'version:2'], 'version') === '2'. */
export function tagValue(tags: readonly string[], key: string): string | undefined {
  const prefix = `${key}:`;
  return tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);
}

export async function listEventsInWindow(
  apis: DatadogApis,
  window: { fromMs: number; toMs: number },
  tags: string | undefined,
  maxPages = MAX_EVENT_PAGES,
): Promise<{ events: EventLite[]; more: boolean }> {
  const events: EventLite[] = [];
  const seen = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const response = await apis.events.listEvents({
      start: Math.floor(window.fromMs / 1000),
      end: Math.ceil(window.toMs / 1000),
      ...(tags ? { tags } : {}),
      page,
    });
    const batch = response.events ?? [];
    for (const event of batch) {
      const lite = toEventLite(event);
      if (!lite || (lite.id && seen.has(lite.id))) continue;
      if (lite.id) seen.add(lite.id);
      events.push(lite);
    }
    if (batch.length < EVENTS_PAGE_SIZE) return { events, more: false };
  }
  return { events, more: true };
}
