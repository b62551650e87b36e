// Expand / Collapse on a finding: record the click (implicit feedback), then re-render the message
// from the stored report with the findings that are now open.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { InvestigationStore } from '../../../store/index.ts';
import { expandedRanks } from '../../expanded-ranks.ts';
import { ACTION_IDS, parseFindingButtonValue } from '../../ids.ts';
import { investigationMetadata } from '../../message-metadata.ts';
import { renderReport } from '../../render/render-report.ts';

export interface ExpandFindingDeps {
  store: InvestigationStore;
  logger: Logger;
  /** Interaction timestamps; injected so tests can pin them. */
  now?: () => Date;
}

export type ExpandFindingArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function expandFindingHandler(deps: ExpandFindingDeps) {
  return async ({ ack, body, action, client }: ExpandFindingArgs): Promise<void> => {
    await ack();
    const channel = body.container?.channel_id ?? body.channel?.id;
    const ts = body.container?.message_ts ?? body.message?.ts;
    const kind = action.action_id === ACTION_IDS.collapseFinding ? 'collapse' : 'expand';
    const log = deps.logger.child({ action: action.action_id, channel, ts, user: body.user.id });

    const tellUser = async (text: string): Promise<void> => {
      if (!channel) return;
      await client.chat.postEphemeral({ channel, user: body.user.id, text });
    };

    const value = parseFindingButtonValue(action.value);
    if (!value.success) {
      log.warn({ value: action.value, issues: value.error.issues }, 'finding button value does not parse; ignoring the click');
      await tellUser('Sorry, that button is out of date and cannot be used any more.');
      return;
    }
    const { investigationId, rank } = value.data;
    const stored = await deps.store.getReport(investigationId);
    if (!stored || !stored.report.findings.some((f) => f.rank === rank)) {
      log.warn({ investigationId, rank, reportFound: Boolean(stored) }, 'finding not in the store; ignoring the click');
      await tellUser(`Sorry, I no longer have finding #${rank} of this investigation.`);
      return;
    }
    if (!channel || !ts) {
      log.warn({ investigationId }, 'click without a message container; nothing to update');
      return;
    }

    await deps.store.recordInteraction({
      investigationId,
      kind,
      findingRank: rank,
      userId: body.user.id,
      at: (deps.now?.() ?? new Date()).toISOString(),
    });
    const view = { expandedRanks: expandedRanks(await deps.store.listInteractions(investigationId)) };
    const { text, blocks } = renderReport(stored.report, view);
    await client.chat.update({ channel, ts, text, blocks, metadata: investigationMetadata(investigationId, stored.revision) });
    log.info({ investigationId, rank, kind, expanded: view.expandedRanks }, 'finding toggled');
  };
}
