import { describe, expect, it } from 'vitest';
import { goodness, heatmapHtml, type Heatmap } from './heatmap.ts';
import { heatmapPng } from './heatmap-png.ts';

const heatmap: Heatmap = {
  title: 'Tasks × metrics',
  rowLabel: 'task',
  rows: ['query metrics', 'search <logs>'],
  columns: [
    { key: 'ok', label: 'API success', higherIsBetter: true, format: 'pct' },
    { key: 'ms', label: 'latency', higherIsBetter: false, format: 'ms' },
  ],
  values: [
    [0.95, 100],
    [0.4, null],
  ],
};

describe('heatmap', () => {
  it('scores rates absolutely and other metrics within their column, in the direction that is better', () => {
    expect(goodness(heatmap, 0, 0.95)).toBeCloseTo(0.95);
    expect(goodness({ ...heatmap, values: [[1, 100], [1, 300]] }, 1, 300)).toBe(0);
    expect(goodness({ ...heatmap, values: [[1, 100], [1, 300]] }, 1, 100)).toBe(1);
    expect(goodness(heatmap, 1, null)).toBeNull();
  });

  it('prints every value and escapes labels in the HTML', () => {
    const html = heatmapHtml(heatmap);
    expect(html).toContain('95%');
    expect(html).toContain('search &lt;logs&gt;');
    expect(html).toContain('–');
  });

  it('renders a PNG', () => {
    const png = heatmapPng(heatmap);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5_000);
  });
});
