// 👍 / 👎 on a finding: record the vote (each user's latest vote counts) and show the new tally.
import { ACTION_IDS } from '../../ids.ts';
import { recordClick, resolveFindingClick, type FindingButtonArgs } from '../../finding-click.ts';
import { refreshReportMessage } from '../../refresh-report-message.ts';
import type { ExpandFindingDeps } from './expand-finding.ts';

export function voteFindingHandler(deps: ExpandFindingDeps) {
  return async (args: FindingButtonArgs): Promise<void> => {
    await args.ack();
    const kind = args.action.action_id === ACTION_IDS.voteDown ? 'vote_down' : 'vote_up';
    const click = await resolveFindingClick(args, deps, 'vote on findings');
    if (!click) return;
    if (!(await recordClick(deps, deps.guard, click, kind, args.action.action_id))) return;
    const view = await refreshReportMessage({ client: args.client, store: deps.store, publicUrl: deps.publicUrl }, click.stored, { channel: click.channel, ts: click.messageTs });
    click.log.info({ kind, votes: view.votes?.find((v) => v.rank === click.rank) }, 'vote recorded');
  };
}
