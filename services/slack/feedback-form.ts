// Reads a submitted feedback modal. Slack hands back `view.state.values` keyed by block and action
// id; this parses it with zod and applies the form's rules, answering with Slack's per-block errors
// (shown under the field) rather than a generic failure.
import { z } from 'zod';
import { FEEDBACK_VIEW } from './ids.ts';
import { FAULT_TYPES } from './render/fault-type-words.ts';
import { MAX_FEEDBACK_CHARS } from './render/render-feedback-modal.ts';

const TextStateSchema = z.object({ type: z.literal('plain_text_input'), value: z.string().nullish() });
const SelectStateSchema = z.object({ type: z.literal('static_select'), selected_option: z.object({ value: z.string() }).nullish() });

/** Only our four inputs are read; other blocks (if a future modal adds some) are ignored. */
export const FeedbackStateSchema = z.object({
  [FEEDBACK_VIEW.text.blockId]: z.object({ [FEEDBACK_VIEW.text.actionId]: TextStateSchema }).optional(),
  [FEEDBACK_VIEW.serviceSelect.blockId]: z.object({ [FEEDBACK_VIEW.serviceSelect.actionId]: SelectStateSchema }).optional(),
  [FEEDBACK_VIEW.serviceText.blockId]: z.object({ [FEEDBACK_VIEW.serviceText.actionId]: TextStateSchema }).optional(),
  [FEEDBACK_VIEW.faultType.blockId]: z.object({ [FEEDBACK_VIEW.faultType.actionId]: SelectStateSchema }).optional(),
});

export interface FeedbackAnswer {
  text?: string;
  correctedService?: string;
  correctedFaultType?: string;
}

export type FeedbackFormResult = { ok: true; answer: FeedbackAnswer } | { ok: false; errors: Record<string, string> };

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

export function readFeedbackForm(values: unknown): FeedbackFormResult {
  const parsed = FeedbackStateSchema.safeParse(values);
  if (!parsed.success) {
    // A shape we do not know means an old or foreign modal: say so on the text field.
    return { ok: false, errors: { [FEEDBACK_VIEW.text.blockId]: 'This form is out of date; close it and click Feedback again.' } };
  }
  const state = parsed.data;
  const text = state[FEEDBACK_VIEW.text.blockId]?.[FEEDBACK_VIEW.text.actionId]?.value?.trim() || undefined;
  const picked = state[FEEDBACK_VIEW.serviceSelect.blockId]?.[FEEDBACK_VIEW.serviceSelect.actionId]?.selected_option?.value || undefined;
  const typed = state[FEEDBACK_VIEW.serviceText.blockId]?.[FEEDBACK_VIEW.serviceText.actionId]?.value?.trim() || undefined;
  const faultType = state[FEEDBACK_VIEW.faultType.blockId]?.[FEEDBACK_VIEW.faultType.actionId]?.selected_option?.value || undefined;

  const errors: Record<string, string> = {};
  if (picked && typed && picked !== typed) {
    errors[FEEDBACK_VIEW.serviceText.blockId] = `Pick a service or type one, not both (you picked ${picked}).`;
  }
  if (typed && (!SERVICE_NAME.test(typed) || typed.length > 100)) {
    errors[FEEDBACK_VIEW.serviceText.blockId] = 'A service name is letters, digits, dots, dashes or underscores, without spaces.';
  }
  if (faultType && !FAULT_TYPES.includes(faultType)) {
    errors[FEEDBACK_VIEW.faultType.blockId] = 'Pick a fault type from the list.';
  }
  const service = picked ?? typed;
  if (faultType && !service) {
    errors[FEEDBACK_VIEW.faultType.blockId] = 'A corrected fault type needs the service it happened in: pick or type one above.';
  }
  if (text && text.length > MAX_FEEDBACK_CHARS) {
    errors[FEEDBACK_VIEW.text.blockId] = `Keep it under ${MAX_FEEDBACK_CHARS} characters.`;
  }
  if (!text && !service && !faultType) {
    errors[FEEDBACK_VIEW.text.blockId] = 'Write what was right or wrong, or correct the root cause below.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    answer: { ...(text ? { text } : {}), ...(service ? { correctedService: service } : {}), ...(faultType ? { correctedFaultType: faultType } : {}) },
  };
}
