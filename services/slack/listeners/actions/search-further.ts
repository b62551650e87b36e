// "Search further" on a finding: start a child investigation focused on it (the worker runs it with
// its own budget and posts the result in this thread), and turn the button into a "searching…"
// note. The child's workflow id is derived from the finding, so a second start is a no-op there too.
import { recordClick, resolveFindingClick, type FindingButtonArgs } from '../../finding-click.ts';
import { refreshReportMessage } from '../../refresh-report-message.ts';
import { loadReportView } from '../../report-view.ts';
import type { ExpandFindingDeps } from './expand-finding.ts';

export interface SearchFurtherRequest {
  investigationId: string;
  rank: number;
  userId: string;
  channel: string;
  threadTs: string;
}

export interface Investigations {
  searchFurther(args: SearchFurtherRequest): Promise<{ workflowId: string; started: boolean }>;
}

export interface SearchFurtherDeps extends ExpandFindingDeps {
  investigations?: Investigations | undefined;
}

export function searchFurtherHandler(deps: SearchFurtherDeps) {
  // Findings whose search is being started right now, whoever clicked: two engineers clicking at
  // the same moment start one search (the workflow id dedupes too; this spares the second request).
  const starting = new Set<string>();
  return async (args: FindingButtonArgs): Promise<void> => {
    await args.ack();
    const click = await resolveFindingClick(args, deps, 'search further');
    if (!click) return;
    const tellUser = (text: string) => args.client.chat.postEphemeral({ channel: click.channel, user: click.userId, text });
    if (!deps.investigations) {
      click.log.warn('search further clicked but no investigations service is configured');
      await tellUser('Search further is not available in this deployment.');
      return;
    }
    if (!deps.guard.first(`${click.investigationId}|${click.rank}|${click.userId}|${args.action.action_id}`, click.actionTs)) {
      click.log.info('repeated search further click (double click or retry); acting once');
      return;
    }
    const finding = `${click.investigationId}|${click.rank}`;
    const view = await loadReportView(deps.store, click.stored);
    if (starting.has(finding) || view.searchingRanks?.includes(click.rank) || view.searchedRanks?.includes(click.rank)) {
      const state = view.searchedRanks?.includes(click.rank) ? 'has already run' : 'is already running';
      await tellUser(`A search further on finding #${click.rank} ${state}; its result goes in this thread.`);
      return;
    }
    // Start first, record after: a search that could not start must not leave the finding "searching".
    // A retry that reaches another process starts nothing new (the child's workflow id is derived
    // from the finding) and records nothing new (the store's key is the action_ts).
    starting.add(finding);
    let started: { workflowId: string; started: boolean };
    try {
      started = await deps.investigations.searchFurther({
        investigationId: click.investigationId,
        rank: click.rank,
        userId: click.userId,
        channel: click.channel,
        threadTs: click.threadTs,
      });
      await recordClick(deps, { first: () => true }, click, 'search_further', args.action.action_id);
    } catch (error) {
      click.log.error({ err: error }, 'search further could not start');
      await tellUser(`Sorry, I could not start a search further on finding #${click.rank}: ${(error as Error).message}`);
      return;
    } finally {
      starting.delete(finding);
    }
    await refreshReportMessage({ client: args.client, store: deps.store, publicUrl: deps.publicUrl }, click.stored, { channel: click.channel, ts: click.messageTs });
    click.log.info({ workflowId: started.workflowId, started: started.started }, 'search further requested');
  };
}
