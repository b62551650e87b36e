import { describe, expect, it } from 'vitest';
import { metricChartSvg, renderMetricChart, type MetricSeries } from './render-metric-chart.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const start = Date.parse('2026-11-20T13:00:00Z');
function series(jumpAt: number, to: number): MetricSeries {
  return {
    label: 'inventory-service: error rate',
    unit: '%',
    points: Array.from({ length: 30 }, (_, i) => ({ at: new Date(start + i * 60_000).toISOString(), value: i < jumpAt ? 0.3 + (i % 3) * 0.1 : to })),
    changeAt: new Date(start + jumpAt * 60_000).toISOString(),
  };
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderMetricChart', () => {
  it('renders a PNG of a sensible size', async () => {
    const png = await renderMetricChart(series(20, 35));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 1440, height: 600 });
    expect(png.length).toBeGreaterThan(10_000);
    expect(png.length).toBeLessThan(400_000);
  });

  it('gives a different image for a different series, and the same image for the same one', async () => {
    const [a, again, b] = await Promise.all([renderMetricChart(series(20, 35)), renderMetricChart(series(20, 35)), renderMetricChart(series(10, 80))]);
    expect(a.equals(again)).toBe(true);
    expect(a.equals(b)).toBe(false);
  });

  it('marks the change point and shades the anomaly window, with text labels', () => {
    const svg = metricChartSvg(series(20, 35));
    expect(svg).toContain('change 13:20');
    expect(svg).toContain('anomaly window');
    expect(svg).toContain('inventory-service: error rate (%)');
    const plain = metricChartSvg({ ...series(20, 35), changeAt: undefined });
    expect(plain).not.toContain('change 13:20');
    expect(plain).not.toContain('anomaly window');
  });

  it('rejects a series without points', async () => {
    await expect(renderMetricChart({ label: 'x', unit: '', points: [] })).rejects.toThrow();
  });
});
