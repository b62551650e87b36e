// The heatmap as a PNG, for pull requests and chat: drawn by Apache ECharts' server-side SVG
// renderer and rasterised by resvg, so no browser or native canvas is needed.
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { formatValue, goodness, type Heatmap } from './heatmap.ts';

export function heatmapSvg(heatmap: Heatmap): string {
  const width = 260 + heatmap.columns.length * 120;
  const height = 90 + heatmap.rows.length * 30;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const data = heatmap.rows.flatMap((_, r) =>
    heatmap.columns.map((column, c) => {
      const value = heatmap.values[r]![c] ?? null;
      return { value: [c, r, goodness(heatmap, c, value) ?? -1], label: { formatter: formatValue(value, column.format, heatmap.diverging) } };
    }),
  );
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'DejaVu Sans, Liberation Sans, Arial, sans-serif' },
    title: { text: heatmap.title, left: 10, top: 8, textStyle: { fontSize: 15 } },
    grid: { left: 240, right: 20, top: 60, bottom: 20 },
    xAxis: { type: 'category', position: 'top', data: heatmap.columns.map((c) => `${c.label} ${c.higherIsBetter ? '↑' : '↓'}`), axisLabel: { interval: 0 }, splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: heatmap.rows, axisLabel: { interval: 0 }, splitArea: { show: true } },
    visualMap: {
      show: false,
      min: 0,
      max: 1,
      // Cells with no value get -1 and fall outside the range: grey.
      outOfRange: { color: ['#f3f4f6'] },
      inRange: { color: ['#f4a6a6', '#f6d28b', '#a7dca0'] },
    },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 12, color: '#111827' }, itemStyle: { borderColor: '#ffffff', borderWidth: 1 } }],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function heatmapPng(heatmap: Heatmap): Buffer {
  const resvg = new Resvg(heatmapSvg(heatmap), { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } });
  return resvg.render().asPng();
}
