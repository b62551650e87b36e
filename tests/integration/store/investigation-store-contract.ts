// The behaviour every InvestigationStore backend must share. Each backend's test file calls this
// with a factory; a Postgres backend joins by adding one more call.
import { afterEach, describe, expect, it } from 'vitest';
import type { InvestigationStore } from '../../../services/store/index.ts';
import { sampleReport } from '../slack/sample-report.ts';

export type StoreFactory = () => Promise<InvestigationStore> | InvestigationStore;

export function investigationStoreContract(backend: string, open: StoreFactory): void {
  describe(`InvestigationStore contract: ${backend}`, () => {
    const opened: InvestigationStore[] = [];
    async function fresh(): Promise<InvestigationStore> {
      const store = await open();
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('returns undefined for an unknown investigation', async () => {
      const store = await fresh();
      expect(await store.getReport('investigate-NOPE')).toBeUndefined();
      expect(await store.getSlackMessage('investigate-NOPE')).toBeUndefined();
      expect(await store.listInteractions('investigate-NOPE')).toEqual([]);
    });

    it('round-trips a report with its revision', async () => {
      const store = await fresh();
      const report = sampleReport();
      await store.saveReport(report, 3);
      expect(await store.getReport(report.investigationId)).toEqual({ report, revision: 3 });
    });

    it('keeps the highest revision when an older one arrives late', async () => {
      const store = await fresh();
      const newer = sampleReport({ summary: 'revision two' });
      const older = sampleReport({ summary: 'revision one' });
      await store.saveReport(newer, 2);
      await store.saveReport(older, 1);
      const stored = await store.getReport(newer.investigationId);
      expect(stored?.revision).toBe(2);
      expect(stored?.report.summary).toBe('revision two');
      await store.saveReport(sampleReport({ summary: 'revision three' }), 3);
      expect((await store.getReport(newer.investigationId))?.report.summary).toBe('revision three');
    });

    it('rejects a report that does not match the schema', async () => {
      const store = await fresh();
      const broken = { ...sampleReport(), outcome: 'maybe' } as unknown as ReturnType<typeof sampleReport>;
      await expect(store.saveReport(broken, 1)).rejects.toThrow(/outcome/);
    });

    it('records and replaces the Slack message of an investigation', async () => {
      const store = await fresh();
      await store.setSlackMessage('investigate-A', { channel: 'C0ALERTS01', ts: '1795181400.000100' });
      await store.setSlackMessage('investigate-B', { channel: 'C0ALERTS01', ts: '1795181400.000200' });
      expect(await store.getSlackMessage('investigate-A')).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000100' });
      await store.setSlackMessage('investigate-A', { channel: 'C0ALERTS01', ts: '1795181460.000100' });
      expect(await store.getSlackMessage('investigate-A')).toEqual({ channel: 'C0ALERTS01', ts: '1795181460.000100' });
      expect(await store.getSlackMessage('investigate-B')).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000200' });
    });

    it('lists interactions per investigation in the order they were recorded', async () => {
      const store = await fresh();
      const at = '2026-11-20T14:02:11.000Z';
      await store.recordInteraction({ investigationId: 'investigate-A', kind: 'expand', findingRank: 2, userId: 'U1', at });
      await store.recordInteraction({ investigationId: 'investigate-B', kind: 'expand', findingRank: 1, userId: 'U2', at });
      await store.recordInteraction({ investigationId: 'investigate-A', kind: 'collapse', findingRank: 2, userId: 'U1', at });
      await store.recordInteraction({ investigationId: 'investigate-A', kind: 'expand', findingRank: 1, userId: 'U3', at });
      const list = await store.listInteractions('investigate-A');
      expect(list.map((i) => [i.kind, i.findingRank, i.userId])).toEqual([
        ['expand', 2, 'U1'],
        ['collapse', 2, 'U1'],
        ['expand', 1, 'U3'],
      ]);
      expect(list[0]).toEqual({ investigationId: 'investigate-A', kind: 'expand', findingRank: 2, userId: 'U1', at });
    });

    it('rejects an interaction with an unknown kind', async () => {
      const store = await fresh();
      const bad = { investigationId: 'investigate-A', kind: 'like', findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00Z' };
      await expect(store.recordInteraction(bad as never)).rejects.toThrow(/kind/);
      expect(await store.listInteractions('investigate-A')).toEqual([]);
    });
  });
}
