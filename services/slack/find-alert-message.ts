// Finds the message that announced the alert (posted by the monitoring or paging integration), so
// the findings go into its thread, where the on-call engineer is already looking, rather than into
// a new top-level message.
import type { WebClient } from '@slack/web-api';
import type { Alert } from '../agent/types.ts';
import { resolveChannelId } from './post-report.ts';

/** How far around the alert time to look: integrations post within seconds, people repost later. */
export const ALERT_MESSAGE_BEFORE_MS = 5 * 60_000;
export const ALERT_MESSAGE_AFTER_MS = 20 * 60_000;

export interface AlertMessage {
  channel: string;
  ts: string;
}

/**
 * The earliest message in the given channels, around the alert time, that quotes the alert's title
 * or names its incident. Channels that cannot be read (unknown, not a member) are skipped.
 */
export async function findAlertMessage(client: WebClient, channels: readonly string[], alert: Pick<Alert, 'title' | 'incidentId' | 'triggeredAt'>): Promise<AlertMessage | undefined> {
  const at = Date.parse(alert.triggeredAt);
  const oldest = ((at - ALERT_MESSAGE_BEFORE_MS) / 1000).toFixed(6);
  const latest = ((at + ALERT_MESSAGE_AFTER_MS) / 1000).toFixed(6);
  const title = alert.title.toLowerCase();
  const candidates: AlertMessage[] = [];
  for (const name of [...new Set(channels)]) {
    let channel: string;
    try {
      channel = await resolveChannelId(client, name);
    } catch {
      continue;
    }
    const history = await client.conversations.history({ channel, oldest, latest, limit: 200, inclusive: true }).catch(() => undefined);
    for (const message of history?.messages ?? []) {
      const text = (message.text ?? '').toLowerCase();
      if (!message.ts || (message.thread_ts && message.thread_ts !== message.ts)) continue;
      if (text.includes(title) || text.includes(alert.incidentId.toLowerCase())) candidates.push({ channel, ts: message.ts });
    }
  }
  return candidates.sort((a, b) => Number(a.ts) - Number(b.ts))[0];
}
