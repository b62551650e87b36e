// Search further, votes and the feedback modal, end to end: the Slack fake sends signed clicks and
// modal submissions to a real Bolt app, which records them in a real (in-memory SQLite) store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchFurtherRequest } from '../../../services/slack/app.ts';
import { ACTION_IDS, FEEDBACK_VIEW, findingActionsBlockId, searchFurtherInvestigationId } from '../../../services/slack/ids.ts';
import { postSearchFurtherResult } from '../../../services/slack/post-report.ts';
import { MEMBERS, OUTSIDER, startHarness, type Harness } from './slack-app-harness.ts';
import { sampleReport } from './sample-report.ts';

const searches: SearchFurtherRequest[] = [];
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // Stands in for the lead's Temporal-backed service: records the request; the test plays the
    // child workflow's end by posting its result with postSearchFurtherResult.
    investigations: {
      async searchFurther(args) {
        if (args.investigationId === 'investigate-CLOSED') throw new Error('the follow-up window of this investigation has closed');
        searches.push(args);
        return { workflowId: `${searchFurtherInvestigationId(args.investigationId, args.rank)}`, started: true };
      },
    },
  });
});
afterAll(async () => {
  await h.close();
});

const message = (ts: string) => h.slack.fake.messages().find((m) => m.ts === ts)!;
const buttonsIn = (ts: string, rank: number) => {
  const row = message(ts).blocks.find((b) => b.block_id === findingActionsBlockId(rank)) as unknown as { elements: { action_id: string; text: { text: string } }[] } | undefined;
  return row?.elements ?? [];
};
const settle = () => new Promise((r) => setTimeout(r, 150));
const clickAs = (ts: string, actionId: string, rank: number, userId: string) =>
  h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId, blockId: findingActionsBlockId(rank), appUrl: h.appUrl, userId });

describe('Search further', () => {
  it('starts one child search on a double click, shows it running, then points to the result in the thread', async () => {
    const { report, ts } = await h.postSample('investigate-SEARCH1');
    expect(buttonsIn(ts, 2).map((b) => b.action_id)).toContain(ACTION_IDS.searchFurther);

    const [a, b] = await Promise.all([clickAs(ts, ACTION_IDS.searchFurther, 2, MEMBERS[0]!), clickAs(ts, ACTION_IDS.searchFurther, 2, MEMBERS[0]!)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const running = await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await settle();
    expect(searches.filter((s) => s.investigationId === report.investigationId)).toEqual([
      { investigationId: report.investigationId, rank: 2, userId: MEMBERS[0], channel: 'C0ALERTS01', threadTs: ts },
    ]);
    expect(JSON.stringify(running.blocks)).toContain('Searching further on this finding');
    expect(buttonsIn(ts, 2).map((x) => x.action_id)).not.toContain(ACTION_IDS.searchFurther);
    expect(buttonsIn(ts, 1).map((x) => x.action_id)).toContain(ACTION_IDS.searchFurther);
    expect((await h.store.listInteractions(report.investigationId)).filter((i) => i.kind === 'search_further')).toHaveLength(1);

    // The child workflow finishes: its result lands in the thread, and the parent stops "searching".
    const child = sampleReport({
      investigationId: 'child-workflow-id',
      summary: 'payments-service 3.2.1 exhausts its connection pool',
      findings: [{ ...sampleReport().findings[1]!, rank: 1, faultType: 'db_connection_exhaustion', confidence: 0.7 }],
    });
    const reply = await postSearchFurtherResult({ client: h.slack.client, store: h.store }, { parentInvestigationId: report.investigationId, rank: 2, report: child, revision: 1, channel: 'C0ALERTS01', threadTs: ts });
    expect(reply.action).toBe('posted');
    const posted = message(reply.ts);
    expect(posted.threadTs).toBe(ts);
    expect(posted.text).toContain('Searched further on finding #2: payments-service');
    const done = await h.slack.fake.waitForMessage((m) => m.ts === ts && JSON.stringify(m.blocks).includes('Searched further: the result is in this thread'), 5000);
    expect(JSON.stringify(done.blocks)).not.toContain('Searching further on this finding');

    // Retrying the worker's post updates the same reply.
    const again = await postSearchFurtherResult({ client: h.slack.client, store: h.store }, { parentInvestigationId: report.investigationId, rank: 2, report: child, revision: 1, channel: 'C0ALERTS01', threadTs: ts });
    expect(again).toEqual({ channel: 'C0ALERTS01', ts: reply.ts, action: 'updated' });
  });

  it('tells whoever clicks a stale Search further button that it is already running, without a second start', async () => {
    const { report, ts } = await h.postSample('investigate-SEARCH2');
    await clickAs(ts, ACTION_IDS.searchFurther, 1, MEMBERS[1]!);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    // Another engineer's client still shows the old message: replay its click from the first version.
    const stale = await h.slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'stale copy', blocks: message(ts).history[0]!.blocks as never });
    await clickAs(stale.ts!, ACTION_IDS.searchFurther, 1, MEMBERS[2]!);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === MEMBERS[2])).toHaveLength(1);
    expect(h.slack.fake.ephemeralMessages('C0ALERTS01').find((m) => m.user === MEMBERS[2])?.text).toMatch(/already running/);
    expect(searches.filter((s) => s.investigationId === report.investigationId)).toHaveLength(1);
  });

  it('starts one search when two engineers click at the same moment', async () => {
    const { report, ts } = await h.postSample('investigate-SEARCH3');
    await Promise.all([clickAs(ts, ACTION_IDS.searchFurther, 1, MEMBERS[0]!), clickAs(ts, ACTION_IDS.searchFurther, 1, MEMBERS[1]!)]);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await settle();
    expect(searches.filter((s) => s.investigationId === report.investigationId)).toHaveLength(1);
    expect((await h.store.listInteractions(report.investigationId)).filter((i) => i.kind === 'search_further')).toHaveLength(1);
  });

  it('tells the user when the search cannot start, and leaves the button in place', async () => {
    const { report, ts } = await h.postSample('investigate-CLOSED');
    await clickAs(ts, ACTION_IDS.searchFurther, 1, MEMBERS[3]!);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === MEMBERS[3] && m.text.includes('could not start'))).toHaveLength(1);
    expect(h.slack.fake.ephemeralMessages('C0ALERTS01').find((m) => m.user === MEMBERS[3] && m.text.includes('could not start'))?.text).toMatch(/follow-up window of this investigation has closed/);
    await settle();
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
    expect(buttonsIn(ts, 1).map((b) => b.action_id)).toContain(ACTION_IDS.searchFurther);
    expect(h.logLines.some((l) => l.level === 50 && l.msg === 'search further could not start')).toBe(true);
  });
});

describe('Votes', () => {
  it('records 👍 and 👎 and shows the tally per finding, each user\'s latest vote counting once', async () => {
    const { report, ts } = await h.postSample('investigate-VOTES');
    await clickAs(ts, ACTION_IDS.voteUp, 1, MEMBERS[0]!);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await clickAs(ts, ACTION_IDS.voteUp, 1, MEMBERS[1]!);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 2, 5000);
    await clickAs(ts, ACTION_IDS.voteDown, 2, MEMBERS[1]!);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 3, 5000);
    expect(buttonsIn(ts, 1).map((b) => b.text.text)).toEqual([':mag_right: Search further', ':+1: 2', ':-1:', 'Feedback']);
    expect(buttonsIn(ts, 2).map((b) => b.text.text)).toEqual([':mag_right: Search further', ':+1:', ':-1: 1', 'Feedback']);

    // Changing one's mind moves the vote rather than adding one.
    await clickAs(ts, ACTION_IDS.voteDown, 1, MEMBERS[0]!);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 4, 5000);
    expect(buttonsIn(ts, 1).map((b) => b.text.text).slice(1, 3)).toEqual([':+1: 1', ':-1: 1']);
    expect((await h.store.listInteractions(report.investigationId)).map((i) => `${i.kind}#${i.findingRank}`)).toEqual(['vote_up#1', 'vote_up#1', 'vote_down#2', 'vote_down#1']);
  });

  it('does not count a vote from outside the channel', async () => {
    const { report, ts } = await h.postSample('investigate-VOTEOUT');
    await clickAs(ts, ACTION_IDS.voteDown, 1, OUTSIDER);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === OUTSIDER && m.text.includes('vote'))).toHaveLength(1);
    expect(h.slack.fake.ephemeralMessages('C0ALERTS01').find((m) => m.user === OUTSIDER && m.text.includes('vote'))?.text).toBe('Only members of #alerts-shop can vote on findings.');
    await settle();
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
  });
});

describe('Feedback modal', () => {
  const values = (input: { text?: string; picked?: string; faultType?: string }) => ({
    [FEEDBACK_VIEW.text.blockId]: { [FEEDBACK_VIEW.text.actionId]: { type: 'plain_text_input', value: input.text ?? null } },
    [FEEDBACK_VIEW.serviceSelect.blockId]: { [FEEDBACK_VIEW.serviceSelect.actionId]: { type: 'static_select', selected_option: input.picked ? { text: { type: 'plain_text', text: input.picked, emoji: true }, value: input.picked } : null } },
    [FEEDBACK_VIEW.serviceText.blockId]: { [FEEDBACK_VIEW.serviceText.actionId]: { type: 'plain_text_input', value: null } },
    [FEEDBACK_VIEW.faultType.blockId]: { [FEEDBACK_VIEW.faultType.actionId]: { type: 'static_select', selected_option: input.faultType ? { text: { type: 'plain_text', text: input.faultType, emoji: true }, value: input.faultType } : null } },
  });

  it('opens on Feedback, answers bad input with field errors, and stores good input with the corrected root cause', async () => {
    const { report, ts } = await h.postSample('investigate-FEEDBACK');
    const viewsBefore = h.slack.fake.views().length;
    await clickAs(ts, ACTION_IDS.openFeedback, 1, MEMBERS[3]!);
    await expect.poll(() => h.slack.fake.views().length).toBe(viewsBefore + 1);
    const view = h.slack.fake.views().at(-1)!;
    expect(view.callback_id).toBe(FEEDBACK_VIEW.callbackId);
    expect(JSON.parse(String(view.private_metadata))).toEqual({ investigationId: report.investigationId, rank: 1, channel: 'C0ALERTS01', messageTs: ts });
    expect(JSON.stringify(view.blocks)).toContain('payments-service');

    const bad = await h.slack.fake.submitView({ viewId: view.id, values: values({ faultType: 'slow_query' }), appUrl: h.appUrl, userId: MEMBERS[3] });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toEqual({ response_action: 'errors', errors: { [FEEDBACK_VIEW.faultType.blockId]: expect.stringMatching(/needs the service/) } });
    expect(await h.store.listFeedback(report.investigationId)).toEqual([]);

    const good = await h.slack.fake.submitView({ viewId: view.id, values: values({ text: 'The deploy was innocent; payments ran out of connections.', picked: 'payments-service', faultType: 'db_connection_exhaustion' }), appUrl: h.appUrl, userId: MEMBERS[3] });
    expect(good.status).toBe(200);
    expect(good.body).toBe('');
    await expect.poll(async () => (await h.store.listFeedback(report.investigationId)).length).toBe(1);
    expect((await h.store.listFeedback(report.investigationId))[0]).toMatchObject({
      investigationId: report.investigationId,
      userId: MEMBERS[3],
      findingRank: 1,
      text: 'The deploy was innocent; payments ran out of connections.',
      correctedService: 'payments-service',
      correctedFaultType: 'db_connection_exhaustion',
    });
    expect((await h.store.listInteractions(report.investigationId)).map((i) => i.kind)).toEqual(['feedback_opened', 'feedback_submitted']);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === MEMBERS[3] && m.text.startsWith('Thanks'))).toHaveLength(1);
    expect((await h.store.listNegativeInvestigations()).map((n) => n.investigationId)).toContain(report.investigationId);
  });

  it('opens no modal for someone outside the channel', async () => {
    const { report, ts } = await h.postSample('investigate-FEEDOUT');
    const viewsBefore = h.slack.fake.views().length;
    await clickAs(ts, ACTION_IDS.openFeedback, 2, OUTSIDER);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === OUTSIDER && m.text.includes('feedback'))).toHaveLength(1);
    await settle();
    expect(h.slack.fake.views()).toHaveLength(viewsBefore);
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
  });
});
