// The ignored-findings sweep against a real store: a shown finding nobody touched is recorded once
// as ignored; touched, unshown and too-recent findings are left alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SWEEP_USER, startIgnoredSweep, sweepIgnoredFindings } from '../../../services/slack/sweep-ignored-findings.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { sampleReport } from './sample-report.ts';

const HOUR = 3_600_000;
let store: InvestigationStore;
let clock: Date;
beforeEach(() => {
  clock = new Date('2026-11-20T14:00:00Z');
  store = openSqliteStore(':memory:', { now: () => clock });
});
afterEach(async () => {
  await store.close();
});

async function posted(id: string, overrides = {}): Promise<void> {
  await store.saveReport(sampleReport({ investigationId: id, ...overrides }), 1);
  await store.setSlackMessage(id, { channel: 'C0ALERTS01', ts: '1795181700.000100' });
}

describe('sweepIgnoredFindings', () => {
  it('records untouched shown findings as ignored once, after the configured time only', async () => {
    await posted('investigate-IGNORED');
    await posted('investigate-TOUCHED');
    await store.recordInteraction({ investigationId: 'investigate-TOUCHED', kind: 'expand', findingRank: 1, userId: 'U05QJ8R2M7K', at: '2026-11-20T14:10:00Z' });
    await store.saveReport(sampleReport({ investigationId: 'investigate-QUIET', outcome: 'inconclusive' }), 1);
    // kept quiet (never posted), so never seen by anyone
    await store.saveReport(sampleReport({ investigationId: 'investigate-NEVERPOSTED' }), 1);

    const now = () => new Date(clock.getTime() + 30 * 60_000);
    expect(await sweepIgnoredFindings(store, { olderThanMs: HOUR, now })).toEqual({ recorded: 0 });

    const later = () => new Date(clock.getTime() + 2 * HOUR);
    const first = await sweepIgnoredFindings(store, { olderThanMs: HOUR, now: later });
    expect(await store.listInteractions('investigate-IGNORED')).toEqual([
      expect.objectContaining({ kind: 'ignored', findingRank: 1, userId: SWEEP_USER }),
      expect.objectContaining({ kind: 'ignored', findingRank: 2, userId: SWEEP_USER }),
    ]);
    // finding 2 of the touched investigation was not touched, so it counts as ignored too
    expect((await store.listInteractions('investigate-TOUCHED')).map((i) => `${i.kind}#${i.findingRank}`)).toEqual(['expand#1', 'ignored#2']);
    expect(await store.listInteractions('investigate-QUIET')).toEqual([]);
    expect(await store.listInteractions('investigate-NEVERPOSTED')).toEqual([]);
    expect(first.recorded).toBe(3);

    expect(await sweepIgnoredFindings(store, { olderThanMs: HOUR, now: later })).toEqual({ recorded: 0 });
  });

  it('runs on a timer until stopped', async () => {
    await posted('investigate-TIMER');
    const stop = startIgnoredSweep(store, { everyMs: 20, olderThanMs: 0, now: () => new Date(clock.getTime() + 1000) });
    try {
      await expect.poll(async () => (await store.listInteractions('investigate-TIMER')).length, { timeout: 2000 }).toBe(2);
    } finally {
      stop();
    }
  });
});
