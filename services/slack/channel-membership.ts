// Only members of the channel a report was posted in may act on it (votes and feedback from
// outsiders would skew what the findings teach us). Membership comes from conversations.members and
// is cached briefly: a burst of clicks costs one lookup, and someone just invited waits a minute.
import type { WebClient } from '@slack/web-api';

export interface ChannelMembership {
  isMember(client: WebClient, channel: string, userId: string): Promise<boolean>;
}

export interface ChannelMembershipOptions {
  ttlMs?: number;
  now?: () => number;
}

const MAX_MEMBERS_PAGES = 50;

export function channelMembership(options: ChannelMembershipOptions): ChannelMembership {
  const ttl = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; members: Promise<Set<string>> }>();

  return {
    async isMember(client, channel, userId) {
      const hit = cache.get(channel);
      if (!hit || now() - hit.at > ttl) {
        const members = loadMembers(client, channel);
        cache.set(channel, { at: now(), members });
        // A failed lookup must not be cached: the next click asks again.
        members.catch(() => cache.delete(channel));
      }
      const members = await cache.get(channel)!.members;
      return members.has(userId);
    },
  };
}

// Fails closed: without the list (say the app lacks channels:read) nobody's click counts, and the
// error reaches the log instead of every click passing unchecked.
async function loadMembers(client: WebClient, channel: string): Promise<Set<string>> {
  const members = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MEMBERS_PAGES; page += 1) {
    const result = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const m of result.members ?? []) members.add(m);
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return members;
}

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
