// Ignored findings are a signal too (DESIGN.md: findings carry implicit feedback): a finding shown in
// Slack that nobody expanded, voted on or searched further within a configured time is recorded
// once as `ignored`. Findings never shown (inconclusive reports, ranks past the few shown, reports
// kept quiet) are not ignored, only unseen, and are left alone.
import type { Logger } from 'pino';
import type { InvestigationStore } from '../store/index.ts';
import { MAX_FINDINGS_SHOWN } from './render/render-report.ts';

export const SWEEP_USER = 'ariadne-sweep';

export interface SweepOptions {
  olderThanMs: number;
  now?: () => Date;
}

export async function sweepIgnoredFindings(store: InvestigationStore, options: SweepOptions): Promise<{ recorded: number }> {
  const now = options.now?.() ?? new Date();
  const olderThan = new Date(now.getTime() - options.olderThanMs).toISOString();
  const untouched = await store.listFindingsWithoutInteraction({ olderThan });
  const shown = new Map<string, boolean>();
  let recorded = 0;
  for (const f of untouched) {
    if (f.rank > MAX_FINDINGS_SHOWN) continue;
    let wasShown = shown.get(f.investigationId);
    if (wasShown === undefined) {
      const [stored, message] = await Promise.all([store.getReport(f.investigationId), store.getSlackMessage(f.investigationId)]);
      wasShown = stored?.report.outcome === 'found' && message !== undefined;
      shown.set(f.investigationId, wasShown);
    }
    if (!wasShown) continue;
    const result = await store.recordInteraction({
      investigationId: f.investigationId,
      kind: 'ignored',
      findingRank: f.rank,
      userId: SWEEP_USER,
      at: now.toISOString(),
      idempotencyKey: `ignored|${f.investigationId}|${f.rank}`,
    });
    if (result.recorded) recorded += 1;
  }
  return { recorded };
}

export interface IgnoredSweepOptions extends SweepOptions {
  everyMs: number;
  logger?: Logger;
}

/** Runs the sweep every `everyMs` (not overlapping itself); returns a function that stops it. */
export function startIgnoredSweep(store: InvestigationStore, options: IgnoredSweepOptions): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepIgnoredFindings(store, options)
      .then(({ recorded }) => {
        if (recorded > 0) options.logger?.info({ recorded }, 'findings recorded as ignored');
      })
      .catch((error: unknown) => options.logger?.error({ err: error }, 'ignored-findings sweep failed'))
      .finally(() => {
        running = false;
      });
  }, options.everyMs);
  // The sweep must never keep a process alive that is otherwise done.
  timer.unref();
  return () => clearInterval(timer);
}
