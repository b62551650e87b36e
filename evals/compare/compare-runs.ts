// Two eval runs side by side: which scenarios flipped (fixed or broken), how each scenario class
// moved on every metric, and the traces of a flipped scenario next to each other.
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { passed } from '../graders/metrics.ts';
import { groupBy } from '../graders/summarize.ts';
import { classHeatmap } from '../report/build-heatmaps.ts';
import type { Heatmap } from '../report/heatmap.ts';
import type { ScenarioInfo } from '../runner/select-scenarios.ts';

export interface Flip {
  scenarioId: string;
  change: 'fixed' | 'broken';
  before: string;
  after: string;
}

/** A scenario passes in a run when every canonical (variant 0) run of it passed. */
export function passingScenarios(runs: ScenarioRun[]): Map<string, { pass: boolean; top1: string }> {
  return new Map(
    [...groupBy(runs.filter((r) => r.variant === 0), (r) => r.scenarioId)].map(([id, group]) => [
      id,
      { pass: group.every(passed), top1: group[0]?.outcome === 'found' ? (group[0].ranked[0]?.service ?? '(none)') : '(inconclusive)' },
    ]),
  );
}

export function flips(before: ScenarioRun[], after: ScenarioRun[]): Flip[] {
  const a = passingScenarios(before);
  const b = passingScenarios(after);
  const out: Flip[] = [];
  for (const [id, now] of b) {
    const was = a.get(id);
    if (!was || was.pass === now.pass) continue;
    out.push({ scenarioId: id, change: now.pass ? 'fixed' : 'broken', before: was.top1, after: now.top1 });
  }
  return out.sort((x, y) => x.change.localeCompare(y.change) || x.scenarioId.localeCompare(y.scenarioId));
}

/** B minus A for every cell of the scenario-class heatmap, over the classes both runs have. */
export function diffHeatmap(before: ScenarioRun[], after: ScenarioRun[], info: Map<string, ScenarioInfo>, by: 'faultType' | 'topology'): Heatmap {
  const a = classHeatmap(before, info, by);
  const b = classHeatmap(after, info, by);
  const key = (row: string) => row.replace(/ \(\d+\)$/, '');
  const aRows = new Map(a.rows.map((row, i) => [key(row), a.values[i]!]));
  const rows = b.rows.filter((row) => aRows.has(key(row)));
  return {
    diverging: true,
    title: `Change B − A: ${b.title}`,
    rowLabel: b.rowLabel,
    rows,
    columns: b.columns.map((c) => ({ ...c, format: c.format === 'ms' ? 'ms' : c.format })),
    values: rows.map((row) => {
      const bRow = b.values[b.rows.indexOf(row)]!;
      const aRow = aRows.get(key(row))!;
      return bRow.map((v, i) => (v === null || aRow[i] === null ? null : v - aRow[i]!));
    }),
  };
}
