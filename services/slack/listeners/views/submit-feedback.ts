// The feedback modal's submit: bad input is answered with per-field errors (the modal stays open);
// good input is stored as feedback, with the corrected root cause when one was given, once per
// submission (a Slack retry of the same view state records nothing more).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { InvestigationStore } from '../../../store/index.ts';
import { readFeedbackForm } from '../../feedback-form.ts';
import { FEEDBACK_VIEW, parseFeedbackModalMetadata } from '../../ids.ts';

export interface SubmitFeedbackDeps {
  store: InvestigationStore;
  logger: Logger;
  now?: () => Date;
}

export type SubmitFeedbackArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

export function submitFeedbackHandler(deps: SubmitFeedbackDeps) {
  return async ({ ack, body, view, client, context }: SubmitFeedbackArgs): Promise<void> => {
    const userId = body.user.id;
    const log = deps.logger.child({ view: view.id, user: userId, retryNum: context.retryNum });
    const metadata = parseFeedbackModalMetadata(view.private_metadata);
    if (!metadata.success) {
      log.warn({ issues: metadata.error.issues }, 'feedback modal metadata does not parse');
      await ack({ response_action: 'errors', errors: { [FEEDBACK_VIEW.text.blockId]: 'This form is out of date; close it and click Feedback again.' } });
      return;
    }
    const form = readFeedbackForm(view.state.values);
    if (!form.ok) {
      log.info({ errors: form.errors }, 'feedback rejected with field errors');
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack();

    const { investigationId, rank, channel } = metadata.data;
    if (!(await deps.store.getReport(investigationId))) {
      log.warn({ investigationId }, 'feedback for an investigation the store no longer has; dropped');
      await client.chat.postEphemeral({ channel, user: userId, text: `Sorry, I no longer have investigation ${investigationId}; your feedback was not saved.` });
      return;
    }
    const at = (deps.now?.() ?? new Date()).toISOString();
    // view.hash changes with every update of the view, so it names this very submission.
    const { recorded } = await deps.store.recordInteraction({
      investigationId,
      kind: 'feedback_submitted',
      findingRank: rank,
      userId,
      at,
      idempotencyKey: `slack-view|${view.id}|${view.hash}`,
    });
    if (!recorded) {
      log.info({ investigationId, rank }, 'feedback submission already recorded (Slack retry)');
      return;
    }
    await deps.store.saveFeedback({ investigationId, userId, at, findingRank: rank, ...form.answer });
    const corrected = form.answer.correctedService ? ` with the corrected root cause ${form.answer.correctedService}${form.answer.correctedFaultType ? ` (${form.answer.correctedFaultType})` : ''}` : '';
    await client.chat.postEphemeral({ channel, user: userId, text: `Thanks, your feedback on finding #${rank} is saved${corrected}.` });
    log.info({ investigationId, rank, corrected: Boolean(form.answer.correctedService) }, 'feedback saved');
  };
}
