// The two block shapes every renderer uses; kept in one place so they stay mrkdwn everywhere.
import type { types } from '@slack/bolt';

export function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

export function plainText(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}
