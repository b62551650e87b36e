// The feedback modal a finding's "Feedback" button opens: free text, and an optional corrected root
// cause (a service picked from the report's evidence or typed, and a fault type from the taxonomy).
// The corrected root cause is what turns a miss into a new eval scenario, so it is structured.
import type { types } from '@slack/bolt';
import type { Finding } from '../../agent/types.ts';
import { FEEDBACK_VIEW, type FeedbackModalMetadata } from '../ids.ts';
import { plainText, section } from './blocks.ts';
import { FAULT_TYPES, faultTypeWords } from './fault-type-words.ts';
import { escapeMrkdwn, oneLine, percent, truncate } from './mrkdwn.ts';

export interface FeedbackModalView {
  metadata: FeedbackModalMetadata;
  finding: Pick<Finding, 'rank' | 'service' | 'faultType' | 'confidence' | 'summary'>;
  /** Services seen in the report's evidence, offered in the select. */
  services: readonly string[];
}

// Block Kit caps a static_select at 100 options; option text at 75 characters, value at 150.
const MAX_OPTIONS = 100;
export const MAX_FEEDBACK_CHARS = 3000;

export function renderFeedbackModal(view: FeedbackModalView): types.ModalView {
  const { finding } = view;
  const services = [...new Set(view.services)].filter((s) => s.length > 0 && s.length <= 150).sort().slice(0, MAX_OPTIONS);
  const blocks: types.KnownBlock[] = [
    section(
      `*Finding #${finding.rank}:* ${escapeMrkdwn(finding.service)} · ${faultTypeWords(finding.faultType)} · ${percent(finding.confidence)}\n${escapeMrkdwn(truncate(oneLine(finding.summary), 500))}`,
    ),
    {
      type: 'input',
      block_id: FEEDBACK_VIEW.text.blockId,
      optional: true,
      label: plainText('What was right or wrong?'),
      element: { type: 'plain_text_input', action_id: FEEDBACK_VIEW.text.actionId, multiline: true, max_length: MAX_FEEDBACK_CHARS, placeholder: plainText('e.g. the deploy was innocent; the database ran out of connections') },
    },
  ];
  if (services.length > 0) {
    blocks.push({
      type: 'input',
      block_id: FEEDBACK_VIEW.serviceSelect.blockId,
      optional: true,
      label: plainText('Actual root cause service'),
      element: {
        type: 'static_select',
        action_id: FEEDBACK_VIEW.serviceSelect.actionId,
        placeholder: plainText('Pick a service from the evidence'),
        options: services.map((s) => ({ text: plainText(truncate(s, 75)), value: s })),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: FEEDBACK_VIEW.serviceText.blockId,
      optional: true,
      label: plainText(services.length > 0 ? '…or another service' : 'Actual root cause service'),
      element: { type: 'plain_text_input', action_id: FEEDBACK_VIEW.serviceText.actionId, max_length: 100, placeholder: plainText('service name as in the catalog') },
    },
    {
      type: 'input',
      block_id: FEEDBACK_VIEW.faultType.blockId,
      optional: true,
      label: plainText('Actual fault type'),
      element: {
        type: 'static_select',
        action_id: FEEDBACK_VIEW.faultType.actionId,
        placeholder: plainText('Pick a fault type'),
        options: FAULT_TYPES.map((t) => ({ text: plainText(truncate(faultTypeWords(t), 75)), value: t })),
      },
    },
  );
  return {
    type: 'modal',
    callback_id: FEEDBACK_VIEW.callbackId,
    private_metadata: JSON.stringify(view.metadata),
    title: plainText('Feedback on a finding'),
    submit: plainText('Send'),
    close: plainText('Cancel'),
    blocks,
  };
}
