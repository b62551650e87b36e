// Renders a metric's anomaly window as a PNG for an expanded finding: people would rather look at
// the shift than read about it. Apache ECharts draws the chart server-side as SVG (no DOM, no canvas)
// and resvg rasterises it; both are pure computation, so the same series always gives the same image.
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { z } from 'zod';

export const MetricSeriesSchema = z.object({
  label: z.string().min(1),
  unit: z.string(),
  points: z.array(z.object({ at: z.iso.datetime({ offset: true }), value: z.number() })).min(1),
  /** Where the level shift was detected: drawn as a vertical line. */
  changeAt: z.iso.datetime({ offset: true }).optional(),
  /** Start of the anomaly window (defaults to changeAt): shaded up to the last point. */
  anomalyFrom: z.iso.datetime({ offset: true }).optional(),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const CHART_SIZE = { width: 720, height: 300 } as const;
/** Sans-serif family resvg resolves through the system fonts; DejaVu ships with Debian's base image. */
const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const COLORS = { line: '#1264a3', change: '#e01e5a', window: 'rgba(224, 30, 90, 0.12)', text: '#1d1c1d', grid: '#dddddd' };

export async function renderMetricChart(series: MetricSeries): Promise<Buffer> {
  const valid = MetricSeriesSchema.parse(series);
  return pngFromSvg(metricChartSvg(valid));
}

/** The chart as an SVG string; exported for tests and for clients that can show SVG. */
export function metricChartSvg(series: MetricSeries): string {
  const points = [...series.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const data = points.map((p) => [Date.parse(p.at), p.value] as [number, number]);
  const last = data[data.length - 1]![0];
  const shadeFrom = series.anomalyFrom ?? series.changeAt;
  const markArea =
    shadeFrom && Date.parse(shadeFrom) < last
      ? { silent: true, itemStyle: { color: COLORS.window }, label: { show: true, position: 'insideTop' as const, color: COLORS.change, fontFamily: FONT_FAMILY, fontSize: 11 }, data: [[{ xAxis: Date.parse(shadeFrom), name: 'anomaly window' }, { xAxis: last }]] }
      : undefined;
  const markLine = series.changeAt
    ? {
        silent: true,
        symbol: 'none',
        lineStyle: { color: COLORS.change, type: 'dashed' as const, width: 2 },
        label: { formatter: `change ${hhmm(series.changeAt)}`, color: COLORS.change, fontFamily: FONT_FAMILY, fontSize: 11 },
        data: [{ xAxis: Date.parse(series.changeAt) }],
      }
    : undefined;

  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_SIZE.width, height: CHART_SIZE.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text },
      // The unit goes in the title: an axis name sits where the title does and collides with it.
      title: { text: series.unit ? `${series.label} (${series.unit})` : series.label, left: 12, top: 8, textStyle: { fontFamily: FONT_FAMILY, fontSize: 14, fontWeight: 'bold', color: COLORS.text } },
      grid: { left: 64, right: 24, top: 44, bottom: 36 },
      xAxis: {
        type: 'time',
        axisLabel: { fontFamily: FONT_FAMILY, color: COLORS.text, formatter: (value: number) => hhmm(new Date(value).toISOString()) },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        scale: true,
        // Headroom above the series keeps the "anomaly window" label off a line that rose to the top.
        max: (extent: { min: number; max: number }) => niceCeil(extent.max + Math.max(extent.max - extent.min, Math.abs(extent.max) * 0.1, 1e-9) * 0.25),
        axisLabel: { fontFamily: FONT_FAMILY, color: COLORS.text },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: [
        {
          type: 'line',
          data,
          showSymbol: data.length <= 30,
          symbolSize: 4,
          lineStyle: { color: COLORS.line, width: 2 },
          itemStyle: { color: COLORS.line },
          ...(markArea ? { markArea } : {}),
          ...(markLine ? { markLine } : {}),
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function pngFromSvg(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: CHART_SIZE.width * 2 },
    // Without fonts resvg draws no text at all; system fonts plus a generic default keep labels.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Rounds up to 1, 2 or 5 times a power of ten, so the top axis label is a round number. */
function niceCeil(value: number): number {
  if (value <= 0) return value;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** UTC clock time: incidents are discussed in UTC, and the image must not depend on the server's zone. */
function hhmm(iso: string): string {
  return new Date(iso).toISOString().slice(11, 16);
}
