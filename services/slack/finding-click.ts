// What every button on a finding does before its own work: parse the value, find the stored report
// and finding, check that the clicker is a member of the channel, and make the click count once.
// A double click (two requests within a second from the same user on the same button) or a Slack
// retry (same action_ts) acts once: an in-process guard catches both at once, and the store's
// idempotency key (action_ts) catches a retry that reaches another process.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Finding } from '../agent/types.ts';
import type { InteractionKind, InvestigationStore, StoredReport } from '../store/index.ts';
import type { ChannelMembership } from './channel-membership.ts';
import { parseFindingButtonValue } from './ids.ts';

export type FindingButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export interface FindingClickDeps {
  store: InvestigationStore;
  logger: Logger;
  membership: ChannelMembership;
  /** Interaction timestamps; injected so tests can pin them. */
  now?: () => Date;
}

export interface FindingClick {
  investigationId: string;
  rank: number;
  stored: StoredReport;
  finding: Finding;
  channel: string;
  channelName: string | undefined;
  messageTs: string;
  /** The thread the report lives in (the alert's message), or the report message itself. */
  threadTs: string;
  userId: string;
  actionTs: string;
  triggerId: string;
  log: Logger;
}

/** Two clicks on the same button by the same user closer than this are one click. */
export const DOUBLE_CLICK_MS = 1500;

export interface ClickGuard {
  /** False when this click repeats one seen within DOUBLE_CLICK_MS (or is the same action_ts). */
  first(key: string, actionTs: string): boolean;
}

export function clickGuard(): ClickGuard {
  const seen = new Map<string, number>();
  return {
    first(key, actionTs) {
      const at = Number.parseFloat(actionTs) * 1000;
      const last = seen.get(key);
      // Check and set in one synchronous step: concurrent requests cannot both pass.
      if (last !== undefined && Math.abs(at - last) < DOUBLE_CLICK_MS) return false;
      seen.set(key, at);
      if (seen.size > 10_000) seen.delete(seen.keys().next().value!);
      return true;
    },
  };
}

/** Resolves a click; undefined when it must go no further (the user has been told why). */
export async function resolveFindingClick(args: FindingButtonArgs, deps: FindingClickDeps, verb: string): Promise<FindingClick | undefined> {
  const { body, action, client } = args;
  const channel = body.container?.channel_id ?? body.channel?.id;
  const messageTs = body.container?.message_ts ?? body.message?.ts;
  const userId = body.user.id;
  const log = deps.logger.child({ action: action.action_id, channel, ts: messageTs, user: userId, retryNum: args.context.retryNum });

  const tellUser = async (text: string): Promise<void> => {
    if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
  };

  const value = parseFindingButtonValue(action.value);
  if (!value.success) {
    log.warn({ value: action.value, issues: value.error.issues }, 'finding button value does not parse; ignoring the click');
    await tellUser('Sorry, that button is out of date and cannot be used any more.');
    return undefined;
  }
  const { investigationId, rank } = value.data;
  const stored = await deps.store.getReport(investigationId);
  const finding = stored?.report.findings.find((f) => f.rank === rank);
  if (!stored || !finding) {
    log.warn({ investigationId, rank, reportFound: Boolean(stored) }, 'finding not in the store; ignoring the click');
    await tellUser(`Sorry, I no longer have finding #${rank} of this investigation.`);
    return undefined;
  }
  if (!channel || !messageTs) {
    log.warn({ investigationId }, 'click without a message container; nothing to update');
    return undefined;
  }
  const channelName = body.channel?.name;
  if (!(await deps.membership.isMember(client, channel, userId))) {
    log.info({ investigationId, rank }, 'click by a non-member of the channel; not recorded');
    await tellUser(`Only members of ${channelName ? `#${channelName}` : 'this channel'} can ${verb}.`);
    return undefined;
  }
  const container = body.container as { thread_ts?: unknown } | undefined;
  const threadTs = typeof container?.thread_ts === 'string' ? container.thread_ts : messageTs;
  return {
    investigationId,
    rank,
    stored,
    finding,
    channel,
    channelName,
    messageTs,
    threadTs,
    userId,
    actionTs: action.action_ts,
    triggerId: body.trigger_id,
    log: log.child({ investigationId, rank }),
  };
}

/** Records the click once; false for a double click or a retry (then the caller does nothing). */
export async function recordClick(deps: FindingClickDeps, guard: ClickGuard, click: FindingClick, kind: InteractionKind, actionId: string): Promise<boolean> {
  if (!guard.first(`${click.investigationId}|${click.rank}|${click.userId}|${actionId}`, click.actionTs)) {
    click.log.info({ kind, actionTs: click.actionTs }, 'repeated click (double click or retry); acting once');
    return false;
  }
  const { recorded } = await deps.store.recordInteraction({
    investigationId: click.investigationId,
    kind,
    findingRank: click.rank,
    userId: click.userId,
    at: (deps.now?.() ?? new Date()).toISOString(),
    idempotencyKey: `slack-action|${click.actionTs}|${click.userId}|${actionId}|${click.rank}`,
  });
  if (!recorded) click.log.info({ kind, actionTs: click.actionTs }, 'click already recorded (Slack retry); acting once');
  return recorded;
}
