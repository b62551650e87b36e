import { describe, expect, it } from 'vitest';
import { formatElapsed, renderProgress } from './render-progress.ts';

const alert = { title: 'High error rate on storefront-web <prod>', service: 'storefront-web' };

describe('renderProgress', () => {
  it('is one compact section and a context line saying what it checks, the step and the time spent', () => {
    const { text, blocks } = renderProgress({ investigationId: 'investigate-Q1', alert, step: 3, checking: ['metrics of checkout-api', 'logs of inventory-service'], elapsedMs: 83_000 });
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    const section = blocks[0]!.type === 'section' ? blocks[0]!.text?.text ?? '' : '';
    expect(section).toContain('checking metrics of checkout-api, logs of inventory-service');
    expect(section).toContain('&lt;prod&gt;');
    const context = blocks[1]!.type === 'context' ? JSON.stringify(blocks[1]!.elements) : '';
    expect(context).toContain('Step 3');
    expect(context).toContain('1 min 23 s elapsed');
    expect(text).not.toContain('\n');
    expect(text).toContain('step 3');
  });

  it('caps the list of current checks and says how many more there are', () => {
    const checking = Array.from({ length: 7 }, (_, i) => `check ${i}`);
    const { blocks } = renderProgress({ investigationId: 'investigate-Q1', alert, step: 1, checking, elapsedMs: 0 });
    const section = blocks[0]!.type === 'section' ? blocks[0]!.text?.text ?? '' : '';
    expect(section).toContain('check 2 and 4 more');
    expect(section).not.toContain('check 3');
  });

  it('says it is planning when nothing is being checked yet', () => {
    const { blocks } = renderProgress({ investigationId: 'investigate-Q1', alert, step: 0, checking: [], elapsedMs: 500 });
    expect(JSON.stringify(blocks)).toContain('planning the next checks');
    expect(JSON.stringify(blocks)).toContain('Step 1');
  });

  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min 00 s'],
    [3_600_000 + 3 * 60_000, '1 h 03 min'],
  ])('formats %i ms as %s', (ms, shown) => {
    expect(formatElapsed(ms)).toBe(shown);
  });
});
