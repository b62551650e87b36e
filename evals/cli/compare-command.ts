// `ariadne eval compare A B`: what changed between two runs.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { diffHeatmap, flips, type Flip } from '../compare/compare-runs.ts';
import { heatmapHtml, pageHtml } from '../report/heatmap.ts';
import { heatmapPng } from '../report/heatmap-png.ts';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { scenarioInfo, type ScenarioInfo } from '../runner/select-scenarios.ts';

export function loadRuns(path: string): { file: string; runs: ScenarioRun[] } {
  const full = resolve(path);
  const file = existsSync(full) && statSync(full).isDirectory() ? join(full, 'results.json') : full;
  if (!existsSync(file)) throw new Error(`${path}: no results.json there (give a run directory or a results.json file)`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { runs?: ScenarioRun[] };
  if (!Array.isArray(parsed.runs)) throw new Error(`${file}: runs: expected an array of scenario runs`);
  return { file, runs: parsed.runs };
}

export function compareRuns(a: string, b: string, out?: string): string {
  const before = loadRuns(a);
  const after = loadRuns(b);
  const ids = new Set([...before.runs, ...after.runs].map((r) => r.scenarioId));
  const info = new Map<string, ScenarioInfo>();
  for (const id of ids) {
    try {
      info.set(id, scenarioInfo(id));
    } catch {
      // A scenario no longer in the library: classified by its ground truth alone.
      const run = [...before.runs, ...after.runs].find((r) => r.scenarioId === id);
      info.set(id, { id, topology: '?', faultType: run?.groundTruth?.faultType ?? 'unsolvable', tags: [], source: 'recorded' });
    }
  }
  const flipped = flips(before.runs, after.runs);
  const dir = resolve(out ?? dirname(after.file));
  const diffs = [diffHeatmap(before.runs, after.runs, info, 'faultType'), diffHeatmap(before.runs, after.runs, info, 'topology')];
  writeFileSync(join(dir, 'compare-fault-types.png'), heatmapPng(diffs[0]!));
  writeFileSync(
    join(dir, 'compare.html'),
    pageHtml(`Ariadne eval: ${before.file} → ${after.file}`, [flipTable(flipped), ...diffs.map(heatmapHtml), ...flipped.slice(0, 5).map((f) => tracesSideBySide(f, before.runs, after.runs))]),
  );
  process.stdout.write(
    flipped.length === 0
      ? 'no scenario flipped\n'
      : `${flipped.map((f) => `${f.change.padEnd(6)} ${f.scenarioId}: ${f.before} -> ${f.after}`).join('\n')}\n`,
  );
  return dir;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function flipTable(flipped: Flip[]): string {
  if (flipped.length === 0) return '<section><h2>Flipped scenarios</h2><p>None.</p></section>';
  const rows = flipped.map((f) => `<tr><td>${f.change}</td><td>${escape(f.scenarioId)}</td><td>${escape(f.before)}</td><td>${escape(f.after)}</td></tr>`).join('');
  return `<section><h2>Flipped scenarios</h2><table class="heatmap"><thead><tr><th>change</th><th>scenario</th><th>top-1 before</th><th>top-1 after</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function tracesSideBySide(flip: Flip, before: ScenarioRun[], after: ScenarioRun[]): string {
  const pick = (runs: ScenarioRun[]) => runs.find((r) => r.scenarioId === flip.scenarioId && r.variant === 0 && r.run === 0);
  const column = (run: ScenarioRun | undefined) =>
    run
      ? `<ol>${run.trace.map((s) => `<li>[${s.step}] ${escape(s.name)} ${escape(s.service ?? '')} <em>${s.status}</em><br><small>${escape(s.summary)}</small></li>`).join('')}</ol><p>ranked: ${run.ranked.map((c) => `${escape(c.service)} (${escape(c.faultType)}, ${c.confidence})`).join(', ') || '(none)'}</p>`
      : '<p>not in this run</p>';
  return `<section><h2>${escape(flip.scenarioId)} (${flip.change})</h2><div style="display:grid;grid-template-columns:1fr 1fr;gap:1rem"><div><h3>A</h3>${column(pick(before))}</div><div><h3>B</h3>${column(pick(after))}</div></div></section>`;
}
