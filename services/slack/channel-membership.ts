// Only members of the channel a report was posted in may act on it (votes and feedback from
// outsiders would skew what the findings teach us). Membership comes from conversations.members and
// is cached briefly: a burst of clicks costs one lookup, and someone just invited waits a minute.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

export interface ChannelMembership {
  isMember(client: WebClient, channel: string, userId: string): Promise<boolean>;
}

/**
 * Who counts as a member when the Slack API has no conversations.members (Slack always has it; the
 * simulator's fake does not): everyone (the default, so demos and viewers work with any user), or
 * the people who have written in the channel.
 */
export type MembershipFallback = 'anyone' | 'message-authors';

export interface ChannelMembershipOptions {
  logger: Logger;
  fallback?: MembershipFallback;
  ttlMs?: number;
  now?: () => number;
}

const MAX_MEMBERS_PAGES = 50;
const MAX_HISTORY_PAGES = 5;

export function channelMembership(options: ChannelMembershipOptions): ChannelMembership {
  const ttl = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; members: Promise<Set<string> | 'anyone'> }>();

  return {
    async isMember(client, channel, userId) {
      const hit = cache.get(channel);
      if (!hit || now() - hit.at > ttl) {
        const members = loadMembers(client, channel, options.logger, options.fallback ?? 'anyone');
        cache.set(channel, { at: now(), members });
        // A failed lookup must not be cached: the next click asks again.
        members.catch(() => cache.delete(channel));
      }
      const members = await cache.get(channel)!.members;
      return members === 'anyone' || members.has(userId);
    },
  };
}

async function loadMembers(client: WebClient, channel: string, logger: Logger, fallback: MembershipFallback): Promise<Set<string> | 'anyone'> {
  const members = new Set<string>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_MEMBERS_PAGES; page += 1) {
      const result = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of result.members ?? []) members.add(m);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return members;
  } catch (error) {
    if (slackErrorCode(error) !== 'unknown_method') throw error;
  }
  if (fallback === 'anyone') {
    logger.warn({ channel }, 'conversations.members is not available; every user counts as a channel member');
    return 'anyone';
  }
  // The people who have written in the channel are the members we know of.
  logger.warn({ channel }, 'conversations.members is not available; treating the channel\'s message authors as its members');
  let cursor: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
    const result = await client.conversations.history({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const m of result.messages ?? []) if (m.user) members.add(m.user);
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return members;
}

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
