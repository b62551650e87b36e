// Expand / Collapse on a finding: record the click (implicit feedback), then re-render the message
// from the stored report with the findings that are now open.
import { ACTION_IDS } from '../../ids.ts';
import { recordClick, resolveFindingClick, type ClickGuard, type FindingButtonArgs, type FindingClickDeps } from '../../finding-click.ts';
import { refreshReportMessage } from '../../refresh-report-message.ts';

export interface ExpandFindingDeps extends FindingClickDeps {
  guard: ClickGuard;
  publicUrl?: string | undefined;
}

export function expandFindingHandler(deps: ExpandFindingDeps) {
  return async (args: FindingButtonArgs): Promise<void> => {
    await args.ack();
    const kind = args.action.action_id === ACTION_IDS.collapseFinding ? 'collapse' : 'expand';
    const click = await resolveFindingClick(args, deps, kind === 'expand' ? 'expand findings' : 'collapse findings');
    if (!click) return;
    if (!(await recordClick(deps, deps.guard, click, kind, args.action.action_id))) return;
    const view = await refreshReportMessage({ client: args.client, store: deps.store, publicUrl: deps.publicUrl }, click.stored, { channel: click.channel, ts: click.messageTs });
    click.log.info({ kind, expanded: view.expandedRanks }, 'finding toggled');
  };
}
