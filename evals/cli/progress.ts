import type { ScenarioRun } from '../runner/run-scenario.ts';

/** A bar with ETA on a terminal; one plain line per finished run elsewhere (CI logs). */
export function createProgress() {
  const tty = process.stderr.isTTY && !process.env.CI;
  const started = performance.now();
  let last = '';
  const update = ({ done, total, last: run }: { done: number; total: number; last: ScenarioRun }) => {
    const elapsed = performance.now() - started;
    const eta = done > 0 ? ((elapsed / done) * (total - done)) / 1000 : 0;
    if (tty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      last = `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}  ETA ${eta.toFixed(0)}s  ${run.scenarioId}`.padEnd(100);
      process.stderr.write(last);
    } else {
      const verdict = run.outcome === 'error' ? `error: ${run.error}` : `${run.outcome}, top ${run.ranked[0]?.service ?? '-'}`;
      process.stderr.write(`eval ${done}/${total} ${run.scenarioId} v${run.variant} r${run.run}: ${verdict}\n`);
    }
  };
  return Object.assign(update, {
    finish() {
      if (tty && last) process.stderr.write('\n');
    },
  });
}
