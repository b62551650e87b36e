// postReport through the official WebClient against the Slack fake: one message per investigation,
// whatever retries and crashes happen around it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchFurtherInvestigationId } from '../../../services/slack/ids.ts';
import { postProgress, postReport, postSearchFurtherResult } from '../../../services/slack/post-report.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { sampleReport } from './sample-report.ts';
import { startSlackFake, type RunningSlackFake } from './start-slack-fake.ts';

let slack: RunningSlackFake;
let store: InvestigationStore;
beforeEach(async () => {
  slack = await startSlackFake();
  store = openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
  await slack.close();
});

const ours = (id: string) => slack.fake.messages().filter((m) => m.metadata?.event_payload.investigation_id === id);

describe('postReport', () => {
  it('posts a new message with the investigation metadata and records it', async () => {
    const report = sampleReport();
    const result = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01' });
    expect(result).toMatchObject({ channel: 'C0ALERTS01', action: 'posted' });
    const [message] = ours(report.investigationId);
    expect(message?.ts).toBe(result.ts);
    expect(message?.metadata).toEqual({ event_type: 'ariadne_investigation', event_payload: { investigation_id: report.investigationId, revision: 1 } });
    expect(message?.text).toContain('inventory-service');
    expect(await store.getSlackMessage(report.investigationId)).toEqual({ channel: 'C0ALERTS01', ts: result.ts });
    expect((await store.getReport(report.investigationId))?.revision).toBe(1);
  });

  it('posts once when called twice, updating the message the second time', async () => {
    const report = sampleReport();
    const first = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01' });
    const second = await postReport({ client: slack.client, store }, { report: { ...report, summary: 'second revision' }, revision: 2, channel: 'C0ALERTS01' });
    expect(second).toEqual({ channel: 'C0ALERTS01', ts: first.ts, action: 'updated' });
    const messages = ours(report.investigationId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.updates).toBe(1);
    expect(JSON.stringify(messages[0]?.blocks)).toContain('second revision');
    expect(messages[0]?.metadata?.event_payload.revision).toBe(2);
  });

  it('still posts once when the store lost the message record between calls (crash after posting)', async () => {
    const report = sampleReport();
    const first = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01' });
    // Another investigation posts in between, so ours is not simply the newest message.
    await postReport({ client: slack.client, store }, { report: sampleReport({ investigationId: 'investigate-OTHER' }), revision: 1, channel: 'C0ALERTS01' });
    const amnesiac = openSqliteStore(':memory:');
    try {
      const retry = await postReport({ client: slack.client, store: amnesiac }, { report, revision: 1, channel: 'C0ALERTS01' });
      expect(retry).toEqual({ channel: 'C0ALERTS01', ts: first.ts, action: 'updated' });
      expect(ours(report.investigationId)).toHaveLength(1);
      expect(await amnesiac.getSlackMessage(report.investigationId)).toEqual({ channel: 'C0ALERTS01', ts: first.ts });
    } finally {
      await amnesiac.close();
    }
  });

  it('resolves a channel name to its id', async () => {
    const result = await postReport({ client: slack.client, store }, { report: sampleReport(), revision: 1, channel: '#team-inventory' });
    expect(result.channel).toBe('C0INVENT02');
    expect(slack.fake.messages('C0INVENT02')).toHaveLength(1);
  });

  it('fails clearly for a channel the app cannot see, posting nothing', async () => {
    await expect(postReport({ client: slack.client, store }, { report: sampleReport(), revision: 1, channel: '#nowhere' })).rejects.toThrow(
      /Slack channel #nowhere not found/,
    );
    expect(slack.fake.messages()).toEqual([]);
  });

  it('never rolls the message back when an older revision arrives late', async () => {
    const report = sampleReport();
    await postReport({ client: slack.client, store }, { report: { ...report, summary: 'the newer summary' }, revision: 2, channel: 'C0ALERTS01' });
    await postReport({ client: slack.client, store }, { report: { ...report, summary: 'the older summary' }, revision: 1, channel: 'C0ALERTS01' });
    const [message] = ours(report.investigationId);
    expect(JSON.stringify(message?.blocks)).toContain('the newer summary');
    expect(JSON.stringify(message?.blocks)).not.toContain('the older summary');
    expect(message?.metadata?.event_payload.revision).toBe(2);
  });

  it('keeps findings an engineer opened when a new revision is posted', async () => {
    const report = sampleReport();
    await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01' });
    await store.recordInteraction({ investigationId: report.investigationId, kind: 'expand', findingRank: 1, userId: 'U05QJ8R2M7K', at: '2026-11-20T13:40:00Z' });
    await postReport({ client: slack.client, store }, { report, revision: 2, channel: 'C0ALERTS01' });
    expect(JSON.stringify(ours(report.investigationId)[0]?.blocks)).toContain('service:inventory-service status:error');
  });

  it('replies in a thread, and finds that reply again after losing the record', async () => {
    const alert = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'High error rate on storefront-web' });
    const report = sampleReport();
    const first = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01', threadTs: alert.ts! });
    expect(ours(report.investigationId)[0]?.threadTs).toBe(alert.ts);
    const amnesiac = openSqliteStore(':memory:');
    try {
      const retry = await postReport({ client: slack.client, store: amnesiac }, { report, revision: 1, channel: 'C0ALERTS01', threadTs: alert.ts! });
      expect(retry).toEqual({ channel: 'C0ALERTS01', ts: first.ts, action: 'updated' });
    } finally {
      await amnesiac.close();
    }
    expect(ours(report.investigationId)).toHaveLength(1);
  });

  it('shows a progress line updated in place, then replaced by the report: one message in the thread', async () => {
    const alert = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'High error rate on storefront-web' });
    const report = sampleReport();
    const view = (step: number, checking: string[], elapsedMs: number) => ({ investigationId: report.investigationId, alert: report.alert, step, checking, elapsedMs });
    const first = await postProgress({ client: slack.client, store }, { view: view(1, ['metrics of storefront-web'], 2_000), channel: 'C0ALERTS01', threadTs: alert.ts! });
    expect(first?.action).toBe('posted');
    const second = await postProgress({ client: slack.client, store }, { view: view(3, ['logs of inventory-service'], 41_000), channel: 'C0ALERTS01', threadTs: alert.ts! });
    expect(second).toEqual({ channel: 'C0ALERTS01', ts: first!.ts, action: 'updated' });
    expect(JSON.stringify(ours(report.investigationId)[0]?.blocks)).toContain('checking logs of inventory-service');

    const final = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01', threadTs: alert.ts!, alertClass: 'error-rate' });
    expect(final).toEqual({ channel: 'C0ALERTS01', ts: first!.ts, action: 'updated' });
    const [message] = ours(report.investigationId);
    expect(message?.threadTs).toBe(alert.ts);
    expect(message?.text).toContain('Likely root cause');
    expect(JSON.stringify(message?.blocks)).not.toContain('Investigating');
    expect((await store.getInvestigation(report.investigationId))?.alertClass).toBe('error-rate');

    // A late progress update never overwrites the report.
    expect(await postProgress({ client: slack.client, store }, { view: view(4, ['x'], 50_000), channel: 'C0ALERTS01', threadTs: alert.ts! })).toBeUndefined();
    expect(ours(report.investigationId)[0]?.text).toContain('Likely root cause');
    expect(ours(report.investigationId)).toHaveLength(1);
  });
});

describe('postSearchFurtherResult', () => {
  it('replies in the alert\'s thread when the parent report is itself a reply there', async () => {
    const alert = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'High error rate on storefront-web' });
    const report = sampleReport();
    const parent = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01', threadTs: alert.ts! });
    const child = sampleReport({ investigationId: 'whatever-the-child-workflow-called-it', outcome: 'inconclusive', findings: [] });
    const reply = await postSearchFurtherResult({ client: slack.client, store }, { parentInvestigationId: report.investigationId, rank: 1, report: child, revision: 1, channel: 'C0ALERTS01', threadTs: parent.ts });
    const posted = slack.fake.messages().find((m) => m.ts === reply.ts);
    expect(posted?.threadTs).toBe(alert.ts);
    expect(posted?.text).toBe('Searched further on finding #1: nothing more found');
    expect((await store.getReport(searchFurtherInvestigationId(report.investigationId, 1)))?.report.outcome).toBe('inconclusive');
    expect(JSON.stringify(slack.fake.messages().find((m) => m.ts === parent.ts)?.blocks)).toContain('Searched further: the result is in this thread');
  });

  it('fails clearly when the parent is unknown', async () => {
    await expect(
      postSearchFurtherResult({ client: slack.client, store }, { parentInvestigationId: 'investigate-NOPE', rank: 1, report: sampleReport(), revision: 1, channel: 'C0ALERTS01', threadTs: '1795181700.000100' }),
    ).rejects.toThrow(/parent investigation investigate-NOPE is not in the store/);
  });
});
