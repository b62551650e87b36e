// Slack rejects a whole message (invalid_blocks) when one block breaks a limit, so every rendered
// message passes through here last: long text is cut with a visible mark instead of the post failing.
import type { types } from '@slack/bolt';
import { TRUNCATION_MARK, truncate } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionField: 2000,
  contextText: 3000,
  headerText: 150,
  // Slack documents 75 characters for button text (stricter than the 150 of a header).
  buttonText: 75,
  buttonValue: 2000,
} as const;

export function fitBlockKit(blocks: readonly KnownBlock[]): KnownBlock[] {
  const fitted = blocks.map(fitBlock);
  if (fitted.length <= BLOCK_KIT_LIMITS.blocks) return fitted;
  const kept = fitted.slice(0, BLOCK_KIT_LIMITS.blocks - 1);
  const dropped = fitted.length - kept.length;
  kept.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${TRUNCATION_MARK}: ${dropped} more block${dropped === 1 ? '' : 's'} not shown` }],
  });
  return kept;
}

function fitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case 'section': {
      const fitted: types.SectionBlock = { ...block };
      if (block.text) fitted.text = { ...block.text, text: fitMrkdwn(block.text.text, BLOCK_KIT_LIMITS.sectionText) };
      if (block.fields) fitted.fields = block.fields.map((f) => ({ ...f, text: fitMrkdwn(f.text, BLOCK_KIT_LIMITS.sectionField) }));
      if (block.accessory?.type === 'button') {
        const button = fitButton(block.accessory);
        if (button) fitted.accessory = button;
        else delete fitted.accessory;
      }
      return fitted;
    }
    case 'header':
      return { ...block, text: { ...block.text, text: truncate(block.text.text, BLOCK_KIT_LIMITS.headerText) } };
    case 'context':
      return {
        ...block,
        elements: block.elements.map((e) =>
          e.type === 'mrkdwn' || e.type === 'plain_text' ? { ...e, text: fitMrkdwn(e.text, BLOCK_KIT_LIMITS.contextText) } : e,
        ),
      };
    case 'actions': {
      const elements: types.ActionsBlockElement[] = [];
      for (const e of block.elements) {
        const fitted = e.type === 'button' ? fitButton(e) : e;
        if (fitted) elements.push(fitted);
      }
      return { ...block, elements };
    }
    default:
      return block;
  }
}

/**
 * A value cut short would no longer parse when the click comes back, so a button whose value is
 * too long is dropped rather than truncated; our own values are a few dozen characters.
 */
function fitButton(button: Button): Button | undefined {
  if (button.value !== undefined && button.value.length > BLOCK_KIT_LIMITS.buttonValue) return undefined;
  return { ...button, text: { ...button.text, text: truncate(button.text.text, BLOCK_KIT_LIMITS.buttonText) } };
}

/** Truncates mrkdwn and closes a code fence the cut left open, so the rest does not render as code. */
function fitMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - TRUNCATION_MARK.length);
  if ((cut.match(/```/g)?.length ?? 0) % 2 === 0) return cut + TRUNCATION_MARK;
  const closing = '\n```\n';
  return text.slice(0, max - TRUNCATION_MARK.length - closing.length) + closing + TRUNCATION_MARK;
}
