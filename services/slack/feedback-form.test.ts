import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { readFeedbackForm } from './feedback-form.ts';
import { FEEDBACK_VIEW, parseFeedbackModalMetadata } from './ids.ts';
import { FAULT_TYPES } from './render/fault-type-words.ts';
import { renderFeedbackModal } from './render/render-feedback-modal.ts';

const F = FEEDBACK_VIEW;
function values(input: { text?: string; picked?: string; typed?: string; faultType?: string }) {
  return {
    [F.text.blockId]: { [F.text.actionId]: { type: 'plain_text_input', value: input.text ?? null } },
    [F.serviceSelect.blockId]: { [F.serviceSelect.actionId]: { type: 'static_select', selected_option: input.picked ? { text: { type: 'plain_text', text: input.picked }, value: input.picked } : null } },
    [F.serviceText.blockId]: { [F.serviceText.actionId]: { type: 'plain_text_input', value: input.typed ?? null } },
    [F.faultType.blockId]: { [F.faultType.actionId]: { type: 'static_select', selected_option: input.faultType ? { value: input.faultType } : null } },
  };
}

describe('renderFeedbackModal', () => {
  const metadata = { investigationId: 'investigate-Q1', rank: 2, channel: 'C0ALERTS01', messageTs: '1795181700.000100' };
  const modal = renderFeedbackModal({
    metadata,
    finding: { rank: 2, service: 'payments-service', faultType: 'bad_deploy', confidence: 0.08, summary: 'deployed at 12:14' },
    services: ['payments-service', 'inventory-service', 'storefront-web', 'inventory-service'],
  });

  it('carries the finding in private_metadata, parsed back by the submission handler', () => {
    const parsed = parseFeedbackModalMetadata(modal.private_metadata);
    expect(parsed.success && parsed.data).toEqual(metadata);
    expect(modal.callback_id).toBe(F.callbackId);
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
  });

  it('offers the report\'s services once each, and all 25 fault types', () => {
    const inputs = modal.blocks.filter((b): b is types.InputBlock => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual([F.text.blockId, F.serviceSelect.blockId, F.serviceText.blockId, F.faultType.blockId]);
    expect(inputs.every((b) => b.optional)).toBe(true);
    const select = (id: string) => (inputs.find((b) => b.block_id === id)!.element as types.StaticSelect).options!.map((o) => o.value);
    expect(select(F.serviceSelect.blockId)).toEqual(['inventory-service', 'payments-service', 'storefront-web']);
    expect(select(F.faultType.blockId)).toHaveLength(25);
    expect(select(F.faultType.blockId)).toEqual([...FAULT_TYPES]);
  });
});

describe('readFeedbackForm', () => {
  it('accepts free text alone', () => {
    expect(readFeedbackForm(values({ text: '  the deploy was innocent ' }))).toEqual({ ok: true, answer: { text: 'the deploy was innocent' } });
  });

  it('accepts a corrected root cause picked from the list, with a fault type', () => {
    expect(readFeedbackForm(values({ picked: 'payments-db', faultType: 'db_connection_exhaustion' }))).toEqual({
      ok: true,
      answer: { correctedService: 'payments-db', correctedFaultType: 'db_connection_exhaustion' },
    });
  });

  it('accepts a typed service', () => {
    expect(readFeedbackForm(values({ typed: 'ledger-api', text: 'it was the ledger' }))).toEqual({ ok: true, answer: { text: 'it was the ledger', correctedService: 'ledger-api' } });
  });

  it('rejects a corrected fault type without a service, on the fault type field', () => {
    const result = readFeedbackForm(values({ faultType: 'slow_query' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({ [F.faultType.blockId]: expect.stringMatching(/needs the service/) });
  });

  it('rejects an empty form, a picked and a different typed service, and a service name with spaces', () => {
    const empty = readFeedbackForm(values({}));
    expect(!empty.ok && Object.keys(empty.errors)).toEqual([F.text.blockId]);
    const both = readFeedbackForm(values({ picked: 'a-service', typed: 'b-service' }));
    expect(!both.ok && both.errors[F.serviceText.blockId]).toMatch(/not both/);
    const spaced = readFeedbackForm(values({ typed: 'the database' }));
    expect(!spaced.ok && spaced.errors[F.serviceText.blockId]).toMatch(/without spaces/);
  });

  it('rejects a fault type outside the taxonomy and a state it does not know', () => {
    const odd = readFeedbackForm(values({ picked: 'a', faultType: 'gremlins' }));
    expect(!odd.ok && odd.errors[F.faultType.blockId]).toMatch(/from the list/);
    expect(readFeedbackForm({ [F.text.blockId]: { [F.text.actionId]: { type: 'datepicker' } } }).ok).toBe(false);
  });
});
