// Posts an investigation's message to Slack exactly once and updates it in place afterwards: first
// the progress line, then the report that replaces it; a "search further" result is its own
// message in the same thread. Order of lookups: the store's record of the message; else our own
// earlier message found in the channel by its metadata (covers a crash between posting and
// recording); else a new post.
import type { WebClient } from '@slack/web-api';
import type { Report } from '../agent/types.ts';
import type { InvestigationStore, SlackMessageRef } from '../store/index.ts';
import { searchFurtherInvestigationId } from './ids.ts';
import { investigationIdOf, investigationMetadata, type InvestigationMetadata } from './message-metadata.ts';
import { renderProgress, type ProgressView } from './render/render-progress.ts';
import { renderReport, type RenderedMessage } from './render/render-report.ts';
import { renderSearchFurther } from './render/render-search-further.ts';
import { refreshReportMessage } from './refresh-report-message.ts';
import { loadReportView } from './report-view.ts';

export interface PostReportDeps {
  client: WebClient;
  store: InvestigationStore;
  /** Public base URL of the Slack app, for chart images in expanded findings. */
  publicUrl?: string | undefined;
}

export interface PostReportArgs {
  report: Report;
  revision: number;
  /** A conversation id (C0ALERTS01) or a channel name (#alerts-shop). */
  channel: string;
  /** Post as a reply in this thread (the alert's own message) instead of at the top level. */
  threadTs?: string;
  /** Stored with the report so `/ariadne status` can group by it. */
  alertClass?: string;
}

export interface PostReportResult {
  channel: string;
  ts: string;
  action: 'posted' | 'updated';
}

/** How far back in the channel to look for our own earlier post; a retry comes within minutes. */
export const HISTORY_LOOKBACK = 200;

export async function postReport(deps: PostReportDeps, args: PostReportArgs): Promise<PostReportResult> {
  const { store } = deps;
  const id = args.report.investigationId;
  await store.saveReport(args.report, args.revision, {
    ...(args.alertClass ? { alertClass: args.alertClass } : {}),
    ...(args.threadTs ? { threadTs: args.threadTs } : {}),
  });
  // Render what the store holds: a late retry of an older revision must not roll the message back.
  const current = (await store.getReport(id)) ?? { report: args.report, revision: args.revision };
  const message = renderReport(current.report, await loadReportView(store, current, { publicUrl: deps.publicUrl }));
  return upsertMessage(deps, { investigationId: id, revision: current.revision, channel: args.channel, threadTs: args.threadTs, message });
}

export interface PostProgressArgs {
  view: ProgressView;
  /** Same sequence as the report's revisions: a progress update never overwrites a posted report. */
  channel: string;
  threadTs?: string;
}

/**
 * Posts or updates the progress line. It is the same Slack message the report later replaces
 * (postReport finds it through the store), so the thread shows one message per investigation.
 * Does nothing once a report has been saved for the investigation.
 */
export async function postProgress(deps: PostReportDeps, args: PostProgressArgs): Promise<PostReportResult | undefined> {
  const id = args.view.investigationId;
  if (await deps.store.getReport(id)) return undefined;
  return upsertMessage(deps, { investigationId: id, revision: 0, channel: args.channel, threadTs: args.threadTs, message: renderProgress(args.view) });
}

export interface PostSearchFurtherArgs {
  parentInvestigationId: string;
  rank: number;
  /** The child investigation's report; stored under `searchFurtherInvestigationId(parent, rank)`. */
  report: Report;
  revision: number;
  channel: string;
  /** The thread the parent report lives in (the parent's own ts will do: its thread root is looked up). */
  threadTs: string;
}

/**
 * Posts a "search further" result as a reply in the parent's thread (once; a retry updates it),
 * then refreshes the parent message so its "searching…" note becomes "searched further".
 */
export async function postSearchFurtherResult(deps: PostReportDeps, args: PostSearchFurtherArgs): Promise<PostReportResult> {
  const parent = await deps.store.getReport(args.parentInvestigationId);
  if (!parent) throw new Error(`cannot post a search-further result: parent investigation ${args.parentInvestigationId} is not in the store`);
  const childId = searchFurtherInvestigationId(args.parentInvestigationId, args.rank);
  // Slack threads hang off their root: when the parent report is itself a reply in the alert's
  // thread, the reply goes to that root, not to the parent's own ts.
  const threadTs = (await deps.store.getInvestigation(args.parentInvestigationId))?.threadTs ?? args.threadTs;
  // The store keys the child by the derived id, whatever id its workflow gave it: that is how the
  // parent message knows the search has finished.
  const child = { ...args.report, investigationId: childId };
  await deps.store.saveReport(child, args.revision, { threadTs });
  const message = renderSearchFurther({ parent: parent.report, rank: args.rank, report: child });
  const posted = await upsertMessage(deps, { investigationId: childId, revision: args.revision, channel: args.channel, threadTs, message });
  const parentMessage = await deps.store.getSlackMessage(args.parentInvestigationId);
  if (parentMessage) await refreshReportMessage(deps, parent, parentMessage);
  return posted;
}

interface UpsertArgs {
  investigationId: string;
  revision: number;
  channel: string;
  threadTs?: string | undefined;
  message: RenderedMessage;
}

async function upsertMessage(deps: PostReportDeps, args: UpsertArgs): Promise<PostReportResult> {
  const { client, store } = deps;
  const id = args.investigationId;
  const rendered = { ...args.message, metadata: investigationMetadata(id, args.revision) };

  const known = await store.getSlackMessage(id);
  if (known && (await updateIfPresent(client, known, rendered))) {
    return { ...known, action: 'updated' };
  }

  const channelId = await resolveChannelId(client, args.channel);
  const earlier = await findEarlierPost(client, channelId, id, args.threadTs);
  if (earlier && (await updateIfPresent(client, earlier, rendered))) {
    await store.setSlackMessage(id, earlier);
    return { ...earlier, action: 'updated' };
  }

  const posted = await client.chat.postMessage({
    channel: channelId,
    text: rendered.text,
    blocks: rendered.blocks,
    metadata: rendered.metadata,
    ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  if (!posted.channel || !posted.ts) throw new Error(`chat.postMessage for ${id} returned no channel or ts`);
  const ref = { channel: posted.channel, ts: posted.ts };
  await store.setSlackMessage(id, ref);
  return { ...ref, action: 'posted' };
}

type Rendered = RenderedMessage & { metadata: InvestigationMetadata };

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
