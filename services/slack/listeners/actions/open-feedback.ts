// "Feedback" on a finding opens the feedback modal (free text, optional corrected root cause).
// views.open must use the click's trigger_id within 3 seconds, so it comes before the bookkeeping.
import { recordClick, resolveFindingClick, type FindingButtonArgs } from '../../finding-click.ts';
import { renderFeedbackModal } from '../../render/render-feedback-modal.ts';
import { servicesInReport } from '../../report-view.ts';
import type { ExpandFindingDeps } from './expand-finding.ts';

export function openFeedbackHandler(deps: ExpandFindingDeps) {
  return async (args: FindingButtonArgs): Promise<void> => {
    await args.ack();
    const click = await resolveFindingClick(args, deps, 'give feedback on findings');
    if (!click) return;
    if (!deps.guard.first(`${click.investigationId}|${click.rank}|${click.userId}|${args.action.action_id}|open`, click.actionTs)) {
      click.log.info('repeated feedback click; the modal is already open');
      return;
    }
    const view = renderFeedbackModal({
      metadata: { investigationId: click.investigationId, rank: click.rank, channel: click.channel, messageTs: click.messageTs },
      finding: click.finding,
      services: servicesInReport(click.stored.report),
    });
    await args.client.views.open({ trigger_id: click.triggerId, view });
    // The guard above already let this click through once; the store key still stops a retry from another process.
    await recordClick(deps, { first: () => true }, click, 'feedback_opened', args.action.action_id);
    click.log.info('feedback modal opened');
  };
}
