import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { BLOCK_KIT_LIMITS, fitBlockKit } from './fit-block-kit.ts';
import { TRUNCATION_MARK } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;
const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value: string): types.Button => ({ type: 'button', action_id: 'a', text: { type: 'plain_text', text }, value });

describe('fitBlockKit', () => {
  it('leaves blocks within the limits unchanged', () => {
    const blocks: KnownBlock[] = [section('hello'), { type: 'divider' }, { type: 'actions', elements: [button('Go', '{"x":1}')] }];
    expect(fitBlockKit(blocks)).toEqual(blocks);
  });

  it('keeps at most 50 blocks and says that the rest were cut', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`block ${i}`));
    const fitted = fitBlockKit(blocks);
    expect(fitted).toHaveLength(BLOCK_KIT_LIMITS.blocks);
    expect(fitted[48]).toEqual(section('block 48'));
    const last = fitted[49] as types.ContextBlock;
    expect(last.type).toBe('context');
    expect(JSON.stringify(last.elements)).toContain(`${TRUNCATION_MARK}: 11 more blocks not shown`);
  });

  it('cuts a long section text to 3,000 characters with a visible mark', () => {
    const [fitted] = fitBlockKit([section('a'.repeat(3001))]) as [types.SectionBlock];
    expect(fitted.text?.text).toHaveLength(BLOCK_KIT_LIMITS.sectionText);
    expect(fitted.text?.text.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('closes a code block the cut left open', () => {
    const [fitted] = fitBlockKit([section('intro\n```\n' + 'line\n'.repeat(1000) + '```')]) as [types.SectionBlock];
    const text = fitted.text?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    expect(text.match(/```/g)).toHaveLength(2);
    expect(text.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('cuts section fields to 2,000 characters', () => {
    const block: types.SectionBlock = { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2500) }] };
    const [fitted] = fitBlockKit([block]) as [types.SectionBlock];
    expect(fitted.fields?.[0]?.text).toHaveLength(BLOCK_KIT_LIMITS.sectionField);
  });

  it('cuts header and button texts to their limits', () => {
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(400) } },
      { type: 'actions', elements: [button('b'.repeat(200), '{}')] },
    ];
    const [header, actions] = fitBlockKit(blocks) as [types.HeaderBlock, types.ActionsBlock];
    expect(header.text.text).toHaveLength(BLOCK_KIT_LIMITS.headerText);
    expect(header.text.text.endsWith(TRUNCATION_MARK)).toBe(true);
    expect((actions.elements[0] as types.Button).text.text).toHaveLength(BLOCK_KIT_LIMITS.buttonText);
  });

  it('drops a button whose value is too long rather than send a value that no longer parses', () => {
    const long = JSON.stringify({ v: 'x'.repeat(2100) });
    const blocks: KnownBlock[] = [
      { ...section('finding'), accessory: button('Expand', long) },
      { type: 'actions', elements: [button('Keep', '{}'), button('Drop', long)] },
    ];
    const [withAccessory, actions] = fitBlockKit(blocks) as [types.SectionBlock, types.ActionsBlock];
    expect(withAccessory.accessory).toBeUndefined();
    expect(withAccessory.text?.text).toBe('finding');
    expect(actions.elements.map((e) => (e as types.Button).text.text)).toEqual(['Keep']);
  });

  it('does not modify its input', () => {
    const blocks: KnownBlock[] = [section('a'.repeat(5000))];
    const copy = structuredClone(blocks);
    fitBlockKit(blocks);
    expect(blocks).toEqual(copy);
  });
});
