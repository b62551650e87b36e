// A heatmap as data (rows x columns of numbers, each column with its direction) and as a
// self-contained HTML table: colour from worst (red) to best (green) per column, values printed.
export interface Heatmap {
  title: string;
  rowLabel: string;
  rows: string[];
  columns: { key: string; label: string; higherIsBetter: boolean; format: 'pct' | 'num' | 'ms' }[];
  /** values[row][column]; null where the metric does not apply. */
  values: (number | null)[][];
  /** Values are changes between two runs: 0 is neutral, colour by sign and size. */
  diverging?: boolean;
}

export function formatValue(value: number | null, format: 'pct' | 'num' | 'ms', signed = false): string {
  if (value === null || Number.isNaN(value)) return '–';
  const sign = signed && value > 0 ? '+' : '';
  if (format === 'pct') return `${sign}${(value * 100).toFixed(0)}%`;
  if (format === 'ms') return `${sign}${value.toFixed(0)}`;
  return `${sign}${value.toFixed(1)}`;
}

/** 0 = worst in its column, 1 = best; rates keep their absolute scale so 95% is green anywhere. */
export function goodness(heatmap: Heatmap, column: number, value: number | null): number | null {
  if (value === null || Number.isNaN(value)) return null;
  const spec = heatmap.columns[column]!;
  if (heatmap.diverging) {
    const values = heatmap.values.map((r) => r[column]).filter((v): v is number => v !== null && !Number.isNaN(v));
    const scale = spec.format === 'pct' ? 0.5 : Math.max(1e-9, ...values.map(Math.abs));
    const signed = Math.max(-1, Math.min(1, value / scale));
    return 0.5 + (spec.higherIsBetter ? signed : -signed) / 2;
  }
  let unit: number;
  if (spec.format === 'pct') unit = value;
  else {
    const values = heatmap.values.map((r) => r[column]).filter((v): v is number => v !== null && !Number.isNaN(v));
    const min = Math.min(...values);
    const max = Math.max(...values);
    unit = max === min ? 0.5 : (value - min) / (max - min);
  }
  return spec.higherIsBetter ? unit : 1 - unit;
}

export function colour(g: number | null): string {
  if (g === null) return '#f3f4f6';
  // Red (0) through amber (0.5) to green (1), light enough to read dark text on.
  const hue = Math.round(g * 120);
  return `hsl(${hue} 70% 78%)`;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function heatmapHtml(heatmap: Heatmap): string {
  const head = heatmap.columns.map((c) => `<th title="${c.higherIsBetter ? 'higher is better' : 'lower is better'}">${escape(c.label)} ${c.higherIsBetter ? '↑' : '↓'}</th>`).join('');
  const body = heatmap.rows
    .map((row, r) => {
      const cells = heatmap.columns
        .map((c, k) => {
          const v = heatmap.values[r]![k] ?? null;
          return `<td style="background:${colour(goodness(heatmap, k, v))}">${formatValue(v, c.format, heatmap.diverging)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escape(row)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<section><h2>${escape(heatmap.title)}</h2><table class="heatmap"><thead><tr><th>${escape(heatmap.rowLabel)}</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

export function pageHtml(title: string, sections: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#111827}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
table.heatmap{border-collapse:collapse} .heatmap th,.heatmap td{border:1px solid #e5e7eb;padding:.35rem .6rem;text-align:right}
.heatmap th[scope=row]{text-align:left;font-weight:500;white-space:nowrap} .heatmap thead th{background:#f9fafb}
pre{background:#f9fafb;padding:1rem;overflow:auto}
</style></head><body><h1>${escape(title)}</h1>
${sections.join('\n')}
</body></html>
`;
}
