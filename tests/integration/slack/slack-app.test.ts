// The Bolt app receiving signed block_actions from the Slack fake, as it would from Slack: Expand and
// Collapse, signature checks, channel membership, and clicks that must count once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createSlackApp } from '../../../services/slack/app.ts';
import { ACTION_IDS, findingBlockId } from '../../../services/slack/ids.ts';
import { openSqliteStore } from '../../../services/store/index.ts';
import { blockActionsPayload } from '../../../simulator/fakes/slack/block-actions.ts';
import { MEMBERS, OUTSIDER, startHarness, type Harness } from './slack-app-harness.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './start-slack-fake.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const blocksOf = (ts: string) => JSON.stringify(h.slack.fake.messages().find((m) => m.ts === ts)?.blocks);
const updatesOf = (ts: string) => h.slack.fake.messages().find((m) => m.ts === ts)?.updates ?? 0;
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('Slack app', () => {
  it('listens on 127.0.0.1 at /slack/events', () => {
    expect(h.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
  });

  it('expands a finding into its evidence on click, and collapses it again', async () => {
    const { report, ts } = await h.postSample('investigate-EXPAND1');
    expect(blocksOf(ts)).not.toContain('service:inventory-service status:error');

    const click = await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl: h.appUrl, userId: MEMBERS[0] });
    expect(click.status).toBe(200);
    const expanded = await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    const text = JSON.stringify(expanded.blocks);
    expect(text).toContain('service:inventory-service status:error');
    expect(text).toContain("KeyError: 'warehouse_id'");
    expect(text).toContain(ACTION_IDS.collapseFinding);
    expect(expanded.metadata?.event_payload.investigation_id).toBe(report.investigationId);
    expect(await h.store.listInteractions(report.investigationId)).toMatchObject([{ kind: 'expand', findingRank: 1, userId: MEMBERS[0] }]);

    await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.collapseFinding, appUrl: h.appUrl });
    const collapsed = await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 2, 5000);
    expect(JSON.stringify(collapsed.blocks)).not.toContain('service:inventory-service status:error');
    expect((await h.store.listInteractions(report.investigationId)).map((i) => i.kind)).toEqual(['expand', 'collapse']);
  });

  it('keeps one engineer\'s expansion when another opens a second finding', async () => {
    const { ts } = await h.postSample('investigate-EXPAND2');
    await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl: h.appUrl, userId: MEMBERS[1] });
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(2), appUrl: h.appUrl, userId: MEMBERS[2] });
    const both = await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 2, 5000);
    const text = JSON.stringify(both.blocks);
    expect(text).toContain('service:inventory-service status:error');
    expect(text).toContain('Deployment payments-service rolled out 3.2.1 at 12:14');
    expect(text).not.toContain(ACTION_IDS.expandFinding);
  });

  it('refuses a click by someone outside the channel with an ephemeral note, recording nothing', async () => {
    const { report, ts } = await h.postSample('investigate-OUTSIDER');
    const click = await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl: h.appUrl, userId: OUTSIDER });
    expect(click.status).toBe(200);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === OUTSIDER)).toHaveLength(1);
    expect(h.slack.fake.ephemeralMessages('C0ALERTS01').find((m) => m.user === OUTSIDER)?.text).toBe('Only members of #alerts-shop can expand findings.');
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
    expect(updatesOf(ts)).toBe(0);
  });

  it('records a double click once and updates the message once', async () => {
    const { report, ts } = await h.postSample('investigate-DOUBLE');
    const click = () => h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl: h.appUrl, userId: MEMBERS[3] });
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await settle();
    expect(await h.store.listInteractions(report.investigationId)).toHaveLength(1);
    expect(updatesOf(ts)).toBe(1);
    expect(h.logLines.some((l) => String(l.msg).startsWith('repeated click'))).toBe(true);
  });

  it('acts once on a Slack retry of the same interaction (same action_ts, X-Slack-Retry-Num)', async () => {
    const { report, channel, ts } = await h.postSample('investigate-RETRY');
    const message = h.slack.fake.messages().find((m) => m.ts === ts)!;
    const row = message.blocks.find((b) => b.block_id === 'ariadne_finding_actions_1') as unknown as { elements: (Record<string, unknown> & { action_id: string })[] };
    const button = row.elements.find((e) => e.action_id === ACTION_IDS.voteUp);
    expect(button).toBeDefined();
    const payload = blockActionsPayload({
      message: { type: 'message', ts, text: message.text, blocks: message.blocks },
      channel: { id: channel, name: 'alerts-shop' },
      button: button!,
      blockId: 'ariadne_finding_actions_1',
      user: { id: MEMBERS[0]!, name: 'jordan.lee' },
      sequence: 1,
      actionTs: '1795181700.123456',
    });
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    expect((await h.sendSigned(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    // Slack retries after 3 s without an ack; long after any double-click window.
    await new Promise((r) => setTimeout(r, 1600));
    expect((await h.sendSigned(body, 'application/x-www-form-urlencoded', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await settle();
    expect((await h.store.listInteractions(report.investigationId)).map((i) => i.kind)).toEqual(['vote_up']);
    expect(updatesOf(ts)).toBe(1);
  });

  it('rejects a request signed with the wrong secret with 401 and changes nothing', async () => {
    const { report, ts } = await h.postSample('investigate-FORGED');
    const click = await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl: h.appUrl, signature: { secret: 'not-the-signing-secret' } });
    expect(click.status).toBe(401);
    await settle();
    expect(updatesOf(ts)).toBe(0);
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
  });

  it('rejects a stale signature (6 minutes old) with 401', async () => {
    const { report, ts } = await h.postSample('investigate-STALE');
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const click = await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl: h.appUrl, signature: { timestampSec: sixMinutesAgo } });
    expect(click.status).toBe(401);
    await settle();
    expect(updatesOf(ts)).toBe(0);
    expect(await h.store.listInteractions(report.investigationId)).toEqual([]);
  });

  it('answers a button with a malformed value with a warning log and an ephemeral note, and keeps serving', async () => {
    const odd = await h.slack.client.chat.postMessage({
      channel: 'C0ALERTS01',
      text: 'an old message',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'old finding' },
          accessory: { type: 'button', action_id: ACTION_IDS.expandFinding, text: { type: 'plain_text', text: 'Expand' }, value: 'rank-1' },
        },
      ],
    });
    const click = await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts: odd.ts!, actionId: ACTION_IDS.expandFinding, appUrl: h.appUrl, userId: MEMBERS[2] });
    expect(click.status).toBe(200);
    await expect.poll(() => h.slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === MEMBERS[2])).toHaveLength(1);
    expect(h.slack.fake.ephemeralMessages('C0ALERTS01').find((m) => m.user === MEMBERS[2])?.text).toMatch(/out of date/);
    expect(h.logLines.some((l) => l.level === 40 && String(l.msg).includes('finding button value does not parse'))).toBe(true);
    expect(updatesOf(odd.ts!)).toBe(0);

    const { ts } = await h.postSample('investigate-AFTERBAD');
    await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl: h.appUrl });
    await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
  });

  it('fails to start with a token Slack does not accept', async () => {
    const store = openSqliteStore(':memory:');
    const bad = createSlackApp({ signingSecret: SIGNING_SECRET, botToken: 'xoxb-revoked', slackApiUrl: h.slack.apiUrl, store, logger: pino({ level: 'silent' }), retryConfig: { retries: 0 } });
    await expect(bad.start(0)).rejects.toThrow(/invalid_auth/);
    await bad.stop();
    await store.close();
  });
});
