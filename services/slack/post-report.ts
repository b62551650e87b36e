// Posts a report to Slack exactly once per investigation and updates it in place afterwards. Order
// of lookups: the store's record of the message; else our own earlier message found in the channel
// by its metadata (covers a crash between posting and recording); else a new post.
import type { WebClient } from '@slack/web-api';
import type { Report } from '../agent/types.ts';
import type { InvestigationStore, SlackMessageRef } from '../store/index.ts';
import { expandedRanks } from './expanded-ranks.ts';
import { investigationIdOf, investigationMetadata } from './message-metadata.ts';
import { renderReport } from './render/render-report.ts';

export interface PostReportDeps {
  client: WebClient;
  store: InvestigationStore;
}

export interface PostReportArgs {
  report: Report;
  revision: number;
  /** A conversation id (C0ALERTS01) or a channel name (#alerts-shop). */
  channel: string;
  /** Post as a reply in this thread (the alert's own message) instead of at the top level. */
  threadTs?: string;
}

export interface PostReportResult {
  channel: string;
  ts: string;
  action: 'posted' | 'updated';
}

/** How far back in the channel to look for our own earlier post; a retry comes within minutes. */
export const HISTORY_LOOKBACK = 200;

export async function postReport(deps: PostReportDeps, args: PostReportArgs): Promise<PostReportResult> {
  const { client, store } = deps;
  const id = args.report.investigationId;
  await store.saveReport(args.report, args.revision);
  // Render what the store holds: a late retry of an older revision must not roll the message back.
  const current = (await store.getReport(id)) ?? { report: args.report, revision: args.revision };
  const message = renderReport(current.report, { expandedRanks: expandedRanks(await store.listInteractions(id)) });
  const metadata = investigationMetadata(id, current.revision);

  const known = await store.getSlackMessage(id);
  if (known && (await updateIfPresent(client, known, { ...message, metadata }))) {
    return { ...known, action: 'updated' };
  }

  const channelId = await resolveChannelId(client, args.channel);
  const earlier = await findEarlierPost(client, channelId, id, args.threadTs);
  if (earlier && (await updateIfPresent(client, earlier, { ...message, metadata }))) {
    await store.setSlackMessage(id, earlier);
    return { ...earlier, action: 'updated' };
  }

  const posted = await client.chat.postMessage({
    channel: channelId,
    text: message.text,
    blocks: message.blocks,
    metadata,
    ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  if (!posted.channel || !posted.ts) throw new Error(`chat.postMessage for ${id} returned no channel or ts`);
  const ref = { channel: posted.channel, ts: posted.ts };
  await store.setSlackMessage(id, ref);
  return { ...ref, action: 'posted' };
}

type Rendered = ReturnType<typeof renderReport> & { metadata: ReturnType<typeof investigationMetadata> };

/** Updates the message; false when Slack no longer has it (deleted), so the caller posts anew. */
async function updateIfPresent(client: WebClient, ref: SlackMessageRef, message: Rendered): Promise<boolean> {
  try {
    await client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks, metadata: message.metadata });
    return true;
  } catch (error) {
    if (slackErrorCode(error) === 'message_not_found') return false;
    throw error;
  }
}

async function findEarlierPost(client: WebClient, channel: string, investigationId: string, threadTs?: string): Promise<SlackMessageRef | undefined> {
  const page = threadTs
    ? await client.conversations.replies({ channel, ts: threadTs, limit: HISTORY_LOOKBACK, include_all_metadata: true })
    : await client.conversations.history({ channel, limit: HISTORY_LOOKBACK, include_all_metadata: true });
  const ours = (page.messages ?? []).find((m) => investigationIdOf(m) === investigationId);
  return ours?.ts ? { channel, ts: ours.ts } : undefined;
}

/** conversations.history takes ids only, so a configured channel name is resolved first. */
export async function resolveChannelId(client: WebClient, channel: string): Promise<string> {
  if (/^[CGD][A-Z0-9]{8,}$/.test(channel)) return channel;
  const name = channel.replace(/^#/, '');
  for await (const page of client.paginate('conversations.list', { types: 'public_channel,private_channel', exclude_archived: true, limit: 200 })) {
    const channels = (page as { channels?: { id?: string; name?: string }[] }).channels ?? [];
    const found = channels.find((c) => c.name === name);
    if (found?.id) return found.id;
  }
  throw new Error(`Slack channel ${channel} not found (or the app cannot see it): invite the app or configure the channel id`);
}

function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
