import type { App } from '@slack/bolt';
import { FEEDBACK_VIEW } from '../../ids.ts';
import { submitFeedbackHandler, type SubmitFeedbackDeps } from './submit-feedback.ts';

export type ViewDeps = SubmitFeedbackDeps;

export function register(app: App, deps: ViewDeps): void {
  app.view({ type: 'view_submission', callback_id: FEEDBACK_VIEW.callbackId }, submitFeedbackHandler(deps));
}
