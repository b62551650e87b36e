// The behaviour every InvestigationStore backend must share. Each backend's test file calls this
// with a factory that opens a fresh, empty store on the clock it is given.
import { afterEach, describe, expect, it } from 'vitest';
import type { Report, ToolResult } from '../../../services/agent/types.ts';
import type { InvestigationStore, StoreClockOptions } from '../../../services/store/index.ts';
import { sampleReport } from '../slack/sample-report.ts';

export type StoreFactory = (options: StoreClockOptions) => Promise<InvestigationStore> | InvestigationStore;

/** A second investigation, on another alert class, with one finding. */
function otherReport(id: string, overrides: Partial<Report> = {}): Report {
  const base = sampleReport();
  return {
    ...base,
    investigationId: `investigate-${id}`,
    alert: { ...base.alert, incidentId: id, title: 'p99 latency above 800 ms on checkout-api', service: 'checkout-api' },
    findings: [{ ...base.findings[0]!, service: 'orders-db', faultType: 'slow_query', confidence: 0.7, summary: 'slow queries on orders-db' }],
    ...overrides,
  };
}

function toolResult(callId: string, overrides: Partial<ToolResult> = {}): ToolResult {
  return {
    callId,
    server: 'datadog',
    tool: 'query_service_metrics',
    arguments: { service: 'inventory-service', window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' } },
    status: 'ok',
    structured: { service: 'inventory-service', signals: [{ signal: 'errors', points: [{ at: '2026-11-20T13:20:00Z', value: 35 }] }] },
    summary: 'query_service_metrics inventory-service errors 13:00-13:35Z',
    durationMs: 12,
    ...overrides,
  };
}

export function investigationStoreContract(backend: string, open: StoreFactory): void {
  describe(`InvestigationStore contract: ${backend}`, () => {
    const opened: InvestigationStore[] = [];
    let clock = new Date('2026-11-20T13:31:00.000Z');
    const advance = (minutes: number) => {
      clock = new Date(clock.getTime() + minutes * 60_000);
    };
    async function fresh(): Promise<InvestigationStore> {
      clock = new Date('2026-11-20T13:31:00.000Z');
      const store = await open({ now: () => clock });
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    describe('reports', () => {
      it('returns undefined for an unknown investigation', async () => {
        const store = await fresh();
        expect(await store.getReport('investigate-NOPE')).toBeUndefined();
        expect(await store.getInvestigation('investigate-NOPE')).toBeUndefined();
        expect(await store.getSlackMessage('investigate-NOPE')).toBeUndefined();
        expect(await store.listInteractions('investigate-NOPE')).toEqual([]);
        expect(await store.listFeedback('investigate-NOPE')).toEqual([]);
        expect(await store.listObservations('investigate-NOPE')).toEqual([]);
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

      it('summarises an investigation: alert, class, outcome, top finding, thread, created and updated times', async () => {
        const store = await fresh();
        const report = sampleReport();
        await store.saveReport(report, 1, { alertClass: 'error-rate', channel: 'C0ALERTS01', threadTs: '1795181400.000100' });
        advance(5);
        await store.saveReport({ ...report, outcome: 'inconclusive' }, 2);
        expect(await store.getInvestigation(report.investigationId)).toEqual({
          investigationId: report.investigationId,
          alert: report.alert,
          alertClass: 'error-rate',
          outcome: 'inconclusive',
          revision: 2,
          topFinding: { service: 'inventory-service', faultType: 'bad_deploy', confidence: 0.86, summary: report.findings[0]!.summary },
          channel: 'C0ALERTS01',
          threadTs: '1795181400.000100',
          createdAt: '2026-11-20T13:31:00.000Z',
          updatedAt: '2026-11-20T13:36:00.000Z',
        });
      });

      it('replaces the stored findings with each accepted revision, never with a stale one', async () => {
        const store = await fresh();
        const report = sampleReport();
        await store.saveReport(report, 2);
        const reranked = { ...report, findings: [{ ...report.findings[1]!, rank: 1 }] };
        await store.saveReport(reranked, 1);
        expect((await store.getInvestigation(report.investigationId))?.topFinding?.service).toBe('inventory-service');
        await store.saveReport(reranked, 3);
        expect((await store.getInvestigation(report.investigationId))?.topFinding?.service).toBe('payments-service');
        const untouched = await store.listFindingsWithoutInteraction({ olderThan: '2026-11-21T00:00:00Z' });
        expect(untouched.map((f) => [f.rank, f.service])).toEqual([[1, 'payments-service']]);
      });

      it('ends on the highest revision with its findings when revisions are saved concurrently', async () => {
        const store = await fresh();
        const base = sampleReport();
        const revisions = [3, 1, 5, 2, 4];
        await Promise.all(
          revisions.map((revision) =>
            store.saveReport({ ...base, summary: `revision ${revision}`, findings: [{ ...base.findings[0]!, summary: `finding of revision ${revision}` }] }, revision),
          ),
        );
        const summary = await store.getInvestigation(base.investigationId);
        expect(summary?.revision).toBe(5);
        expect(summary?.topFinding?.summary).toBe('finding of revision 5');
        expect((await store.getReport(base.investigationId))?.report.summary).toBe('revision 5');
        const untouched = await store.listFindingsWithoutInteraction({ olderThan: '2026-11-21T00:00:00Z' });
        expect(untouched).toHaveLength(1);
      });

      it('lists investigations newest first, filtered by time and alert class, up to the limit', async () => {
        const store = await fresh();
        await store.saveReport(sampleReport(), 1, { alertClass: 'error-rate' });
        advance(10);
        await store.saveReport(otherReport('P2'), 1, { alertClass: 'high-latency' });
        advance(10);
        await store.saveReport(otherReport('P3'), 1, { alertClass: 'high-latency' });
        advance(10);
        await store.saveReport(otherReport('P4', { outcome: 'inconclusive', findings: [] }), 1);

        const all = await store.listInvestigations({ limit: 10 });
        expect(all.map((i) => i.investigationId)).toEqual(['investigate-P4', 'investigate-P3', 'investigate-P2', 'investigate-Q1QKZKKZ7ZTJ1V']);
        expect(all[0]).toMatchObject({ outcome: 'inconclusive', alertClass: undefined, topFinding: undefined });
        expect(all[1]?.topFinding).toEqual({ service: 'orders-db', faultType: 'slow_query', confidence: 0.7, summary: 'slow queries on orders-db' });

        const latency = await store.listInvestigations({ alertClass: 'high-latency', limit: 10 });
        expect(latency.map((i) => i.investigationId)).toEqual(['investigate-P3', 'investigate-P2']);
        const recent = await store.listInvestigations({ since: '2026-11-20T14:51:00+01:00', limit: 10 });
        expect(recent.map((i) => i.investigationId)).toEqual(['investigate-P4', 'investigate-P3']);
        expect((await store.listInvestigations({ limit: 1 })).map((i) => i.investigationId)).toEqual(['investigate-P4']);
      });

      it('rejects a listing without a positive limit', async () => {
        const store = await fresh();
        await expect(store.listInvestigations({ limit: 0 })).rejects.toThrow(/limit/);
      });
    });

    describe('observations', () => {
      it('stores the tool results the agent saw, in order, once per call id', async () => {
        const store = await fresh();
        const first = toolResult('c1');
        const failed = toolResult('c2', { status: 'error', structured: undefined, error: 'Datadog answered 429', retryable: true, tool: 'search_service_logs' });
        await store.saveObservations('investigate-A', [first, failed]);
        await store.saveObservations('investigate-A', [toolResult('c1', { summary: 'a retry of the same call' }), toolResult('c3')]);
        await store.saveObservations('investigate-B', [toolResult('c1')]);
        const seen = await store.listObservations('investigate-A');
        expect(seen.map((r) => r.callId)).toEqual(['c1', 'c2', 'c3']);
        expect(seen[0]).toEqual(first);
        expect(seen[1]).toEqual(failed);
        expect(await store.listObservations('investigate-B')).toHaveLength(1);
      });

      it('rejects a tool result without a status', async () => {
        const store = await fresh();
        const bad = { ...toolResult('c1'), status: undefined } as unknown as ToolResult;
        await expect(store.saveObservations('investigate-A', [bad])).rejects.toThrow(/status/);
      });
    });

    describe('Slack messages', () => {
      it('records and replaces the Slack message of an investigation', async () => {
        const store = await fresh();
        await store.setSlackMessage('investigate-A', { channel: 'C0ALERTS01', ts: '1795181400.000100' });
        await store.setSlackMessage('investigate-B', { channel: 'C0ALERTS01', ts: '1795181400.000200' });
        expect(await store.getSlackMessage('investigate-A')).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000100' });
        await store.setSlackMessage('investigate-A', { channel: 'C0ALERTS01', ts: '1795181460.000100' });
        expect(await store.getSlackMessage('investigate-A')).toEqual({ channel: 'C0ALERTS01', ts: '1795181460.000100' });
        expect(await store.getSlackMessage('investigate-B')).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000200' });
      });
    });

    describe('interactions', () => {
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

      it('records an interaction once per idempotency key (double click, Slack retry)', async () => {
        const store = await fresh();
        const click = { investigationId: 'investigate-A', kind: 'vote_down' as const, findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00Z' };
        expect(await store.recordInteraction({ ...click, idempotencyKey: 'trigger-1' })).toEqual({ recorded: true });
        expect(await store.recordInteraction({ ...click, at: '2026-11-20T14:00:01Z', idempotencyKey: 'trigger-1' })).toEqual({ recorded: false });
        expect(await store.recordInteraction({ ...click, idempotencyKey: 'trigger-2' })).toEqual({ recorded: true });
        expect(await store.listInteractions('investigate-A')).toHaveLength(2);
      });

      it('records a burst of identical clicks once, even when they arrive together', async () => {
        const store = await fresh();
        const click = { investigationId: 'investigate-A', kind: 'expand' as const, findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00Z', idempotencyKey: 'trigger-9' };
        const results = await Promise.all(Array.from({ length: 8 }, () => store.recordInteraction(click)));
        expect(results.filter((r) => r.recorded)).toHaveLength(1);
        expect(await store.listInteractions('investigate-A')).toHaveLength(1);
      });

      it('derives the key from the fields when none is given', async () => {
        const store = await fresh();
        const click = { investigationId: 'investigate-A', kind: 'search_further' as const, findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00Z' };
        expect(await store.recordInteraction(click)).toEqual({ recorded: true });
        expect(await store.recordInteraction({ ...click, at: '2026-11-20T15:00:00+01:00' })).toEqual({ recorded: false });
        expect(await store.recordInteraction({ ...click, userId: 'U2' })).toEqual({ recorded: true });
        expect(await store.listInteractions('investigate-A')).toHaveLength(2);
      });

      it('accepts every interaction kind the Slack app records', async () => {
        const store = await fresh();
        const kinds = ['expand', 'collapse', 'search_further', 'vote_up', 'vote_down', 'feedback_opened', 'feedback_submitted', 'ignored'] as const;
        for (const kind of kinds) {
          await store.recordInteraction({ investigationId: 'investigate-A', kind, findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00Z' });
        }
        expect((await store.listInteractions('investigate-A')).map((i) => i.kind)).toEqual([...kinds]);
      });

      it('finds the findings nobody touched, of investigations older than the cut-off', async () => {
        const store = await fresh();
        const report = sampleReport();
        await store.saveReport(report, 1);
        advance(60);
        await store.saveReport(otherReport('P2'), 1);
        await store.recordInteraction({ investigationId: report.investigationId, kind: 'expand', findingRank: 1, userId: 'U1', at: '2026-11-20T13:40:00Z' });
        const cutOff = '2026-11-20T14:00:00Z';
        expect(await store.listFindingsWithoutInteraction({ olderThan: cutOff })).toEqual([
          { investigationId: report.investigationId, rank: 2, service: 'payments-service', faultType: 'bad_deploy', createdAt: '2026-11-20T13:31:00.000Z' },
        ]);
        // The sweep marks it ignored, so the next sweep does not find it again.
        await store.recordInteraction({ investigationId: report.investigationId, kind: 'ignored', findingRank: 2, userId: 'ariadne', at: cutOff });
        expect(await store.listFindingsWithoutInteraction({ olderThan: cutOff })).toEqual([]);
        expect((await store.listFindingsWithoutInteraction({ olderThan: '2026-11-20T15:00:00Z' })).map((f) => f.investigationId)).toEqual(['investigate-P2']);
        expect(await store.listFindingsWithoutInteraction({ olderThan: '2026-11-20T15:00:00Z', newerThan: '2026-11-20T14:31:00.001Z' })).toEqual([]);
        expect((await store.listFindingsWithoutInteraction({ olderThan: '2026-11-20T15:00:00Z', newerThan: '2026-11-20T15:31:00+01:00' })).map((f) => f.investigationId)).toEqual(['investigate-P2']);
      });

      it('rejects a sweep query without a valid time, naming the field', async () => {
        const store = await fresh();
        await expect(store.listFindingsWithoutInteraction({ olderThan: 'an hour ago' })).rejects.toThrow(/olderThan/);
      });
    });

    describe('feedback', () => {
      it('round-trips feedback in the order it was given', async () => {
        const store = await fresh();
        const id = sampleReport().investigationId;
        await store.saveFeedback({ investigationId: id, userId: 'U1', at: '2026-11-20T14:00:00Z', text: 'it was the database' });
        await store.saveFeedback({ investigationId: id, userId: 'U2', at: '2026-11-20T14:05:00Z', correctedService: 'orders-db', correctedFaultType: 'slow_query', findingRank: 1 });
        expect(await store.listFeedback(id)).toEqual([
          { investigationId: id, userId: 'U1', at: '2026-11-20T14:00:00.000Z', text: 'it was the database' },
          { investigationId: id, userId: 'U2', at: '2026-11-20T14:05:00.000Z', correctedService: 'orders-db', correctedFaultType: 'slow_query', findingRank: 1 },
        ]);
      });

      it('saves feedback once per idempotency key (a resubmitted modal, a Slack retry)', async () => {
        const store = await fresh();
        const feedback = { investigationId: 'investigate-A', userId: 'U1', at: '2026-11-20T14:00:00Z', text: 'wrong service' };
        expect(await store.saveFeedback({ ...feedback, idempotencyKey: 'view-1' })).toEqual({ recorded: true });
        expect(await store.saveFeedback({ ...feedback, at: '2026-11-20T14:00:03Z', idempotencyKey: 'view-1' })).toEqual({ recorded: false });
        expect(await store.saveFeedback(feedback)).toEqual({ recorded: true });
        expect(await store.saveFeedback(feedback)).toEqual({ recorded: false });
        expect(await store.listFeedback('investigate-A')).toHaveLength(2);
      });

      it('rejects feedback without a user, naming the field', async () => {
        const store = await fresh();
        await expect(store.saveFeedback({ investigationId: 'investigate-A', userId: '', at: '2026-11-20T14:00:00Z' })).rejects.toThrow(/userId/);
      });

      it('lists investigations with a thumbs-down or a corrected root cause as negative', async () => {
        const store = await fresh();
        const voted = sampleReport();
        await store.saveReport(voted, 1, { alertClass: 'error-rate' });
        advance(1);
        await store.saveReport(otherReport('CORRECTED'), 1);
        advance(1);
        await store.saveReport(otherReport('CHANGED-MIND'), 1);
        advance(1);
        await store.saveReport(otherReport('PRAISED'), 1);
        const vote = (id: string, kind: 'vote_up' | 'vote_down', userId: string, at: string) =>
          store.recordInteraction({ investigationId: id, kind, findingRank: 1, userId, at });
        await vote(voted.investigationId, 'vote_down', 'U1', '2026-11-20T14:00:00Z');
        await vote(voted.investigationId, 'vote_down', 'U2', '2026-11-20T14:01:00Z');
        await vote('investigate-CHANGED-MIND', 'vote_down', 'U1', '2026-11-20T14:00:00Z');
        await vote('investigate-CHANGED-MIND', 'vote_up', 'U1', '2026-11-20T14:02:00Z');
        await vote('investigate-PRAISED', 'vote_up', 'U3', '2026-11-20T14:00:00Z');
        await vote('investigate-NEVER-SAVED', 'vote_down', 'U3', '2026-11-20T14:00:00Z');
        await store.saveFeedback({ investigationId: 'investigate-CORRECTED', userId: 'U4', at: '2026-11-20T14:00:00Z', text: 'no' });
        await store.saveFeedback({ investigationId: 'investigate-CORRECTED', userId: 'U4', at: '2026-11-20T14:03:00Z', correctedService: 'payments-service' });
        await store.saveFeedback({ investigationId: 'investigate-PRAISED', userId: 'U3', at: '2026-11-20T14:03:00Z', text: 'spot on' });

        const negative = await store.listNegativeInvestigations();
        expect(negative.map((n) => [n.investigationId, n.votesDown, n.corrected])).toEqual([
          ['investigate-CORRECTED', 0, { service: 'payments-service' }],
          [voted.investigationId, 2, undefined],
        ]);
        expect(negative[1]).toMatchObject({ alertClass: 'error-rate', topFinding: { service: 'inventory-service' } });
      });
    });

    describe('guidance', () => {
      const rule = {
        id: 'checkout-payments',
        alertClass: 'slo-burn-rate' as const,
        service: 'checkout-api',
        text: 'Always check the payments dependency and the last deploy.',
        alsoCheck: ['payments-service'],
        createdBy: 'U0PLATFORM',
        createdAt: '2026-11-20T10:00:00Z',
      };

      it('adds, lists and removes guidance, keeping an audit trail of who did what when', async () => {
        const store = await fresh();
        expect(await store.addGuidance(rule)).toEqual({ added: true });
        expect(await store.addGuidance({ id: 'global-deploys', text: 'Look at deploys first.', createdBy: 'U0OTHER', createdAt: '2026-11-20T11:00:00Z' })).toEqual({ added: true });
        expect(await store.listGuidance()).toEqual([
          { ...rule, createdAt: '2026-11-20T10:00:00.000Z' },
          { id: 'global-deploys', alertClass: '*', text: 'Look at deploys first.', alsoCheck: [], createdBy: 'U0OTHER', createdAt: '2026-11-20T11:00:00.000Z' },
        ]);
        expect(await store.removeGuidance('checkout-payments', { by: 'U0LEAD', at: '2026-11-20T12:00:00Z' })).toEqual({ removed: true });
        expect((await store.listGuidance()).map((r) => r.id)).toEqual(['global-deploys']);
        expect(await store.listGuidanceAudit()).toEqual([
          { action: 'add', ruleId: 'checkout-payments', text: rule.text, alertClass: 'slo-burn-rate', by: 'U0PLATFORM', at: '2026-11-20T10:00:00.000Z' },
          { action: 'add', ruleId: 'global-deploys', text: 'Look at deploys first.', alertClass: '*', by: 'U0OTHER', at: '2026-11-20T11:00:00.000Z' },
          { action: 'remove', ruleId: 'checkout-payments', text: rule.text, alertClass: 'slo-burn-rate', by: 'U0LEAD', at: '2026-11-20T12:00:00.000Z' },
        ]);
      });

      it('adds nothing for an id in use and removes nothing for an unknown id', async () => {
        const store = await fresh();
        await store.addGuidance(rule);
        expect(await store.addGuidance({ ...rule, text: 'something else', createdBy: 'U0OTHER' })).toEqual({ added: false });
        expect(await store.removeGuidance('no-such-rule', { by: 'U0LEAD', at: '2026-11-20T12:00:00Z' })).toEqual({ removed: false });
        expect((await store.listGuidance()).map((r) => r.text)).toEqual([rule.text]);
        expect(await store.listGuidanceAudit()).toHaveLength(1);
      });

      it('lets a removed id be added again', async () => {
        const store = await fresh();
        await store.addGuidance(rule);
        await store.removeGuidance(rule.id, { by: 'U0LEAD', at: '2026-11-20T12:00:00Z' });
        expect(await store.addGuidance({ ...rule, text: 'Check payments first.', createdAt: '2026-11-20T13:00:00Z' })).toEqual({ added: true });
        expect((await store.listGuidance()).map((r) => r.text)).toEqual(['Check payments first.']);
        expect((await store.listGuidanceAudit()).map((e) => e.action)).toEqual(['add', 'remove', 'add']);
      });

      it('rejects a rule with a bad id, naming the field', async () => {
        const store = await fresh();
        await expect(store.addGuidance({ ...rule, id: 'Bad Id' })).rejects.toThrow(/id/);
        expect(await store.listGuidance()).toEqual([]);
      });
    });
  });
}
