// The Bolt app receiving signed block_actions from the Slack fake, as it would from Slack.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createSlackApp, type SlackApp } from '../../../services/slack/app.ts';
import { ACTION_IDS, findingBlockId } from '../../../services/slack/ids.ts';
import { postReport } from '../../../services/slack/post-report.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { sampleReport } from './sample-report.ts';
import { BOT_TOKEN, SIGNING_SECRET, startSlackFake, type RunningSlackFake } from './start-slack-fake.ts';

let slack: RunningSlackFake;
let store: InvestigationStore;
let app: SlackApp;
let appUrl: string;
const logLines: { level: number; msg: string }[] = [];

beforeAll(async () => {
  slack = await startSlackFake();
  store = openSqliteStore(':memory:');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  app = createSlackApp({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, slackApiUrl: slack.apiUrl, store, logger: pino({ level: 'info' }, sink), retryConfig: { retries: 0 } });
  ({ url: appUrl } = await app.start(0));
});
afterAll(async () => {
  await app.stop();
  await store.close();
  await slack.close();
});

async function postSample(investigationId: string) {
  const report = sampleReport({ investigationId });
  const posted = await postReport({ client: slack.client, store }, { report, revision: 1, channel: 'C0ALERTS01' });
  return { report, ...posted };
}

const blocksOf = (ts: string) => JSON.stringify(slack.fake.messages().find((m) => m.ts === ts)?.blocks);

describe('Slack app', () => {
  it('listens on 127.0.0.1 at /slack/events', () => {
    expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
  });

  it('expands a finding into its evidence on click, and collapses it again', async () => {
    const { report, ts } = await postSample('investigate-EXPAND1');
    expect(blocksOf(ts)).not.toContain('service:inventory-service status:error');

    const click = await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl, userId: 'U05QJ8R2M7K' });
    expect(click.status).toBe(200);
    const expanded = await slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    const text = JSON.stringify(expanded.blocks);
    expect(text).toContain('service:inventory-service status:error');
    expect(text).toContain("KeyError: 'warehouse_id'");
    expect(text).toContain(ACTION_IDS.collapseFinding);
    expect(expanded.metadata?.event_payload.investigation_id).toBe(report.investigationId);
    expect(await store.listInteractions(report.investigationId)).toMatchObject([{ kind: 'expand', findingRank: 1, userId: 'U05QJ8R2M7K' }]);

    await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.collapseFinding, appUrl });
    const collapsed = await slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 2, 5000);
    expect(JSON.stringify(collapsed.blocks)).not.toContain('service:inventory-service status:error');
    expect((await store.listInteractions(report.investigationId)).map((i) => i.kind)).toEqual(['expand', 'collapse']);
  });

  it('keeps one engineer\'s expansion when another opens a second finding', async () => {
    const { ts } = await postSample('investigate-EXPAND2');
    await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl, userId: 'U0AAAAAAA1' });
    await slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(2), appUrl, userId: 'U0BBBBBBB2' });
    const both = await slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 2, 5000);
    const text = JSON.stringify(both.blocks);
    expect(text).toContain('service:inventory-service status:error');
    expect(text).toContain('Deployment payments-service rolled out 3.2.1 at 12:14');
    expect(text).not.toContain(ACTION_IDS.expandFinding);
  });

  it('rejects a request signed with the wrong secret with 401 and changes nothing', async () => {
    const { report, ts } = await postSample('investigate-FORGED');
    const click = await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl, signature: { secret: 'not-the-signing-secret' } });
    expect(click.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.fake.messages().find((m) => m.ts === ts)?.updates).toBe(0);
    expect(await store.listInteractions(report.investigationId)).toEqual([]);
  });

  it('rejects a stale signature (6 minutes old) with 401', async () => {
    const { report, ts } = await postSample('investigate-STALE');
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const click = await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl, signature: { timestampSec: sixMinutesAgo } });
    expect(click.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.fake.messages().find((m) => m.ts === ts)?.updates).toBe(0);
    expect(await store.listInteractions(report.investigationId)).toEqual([]);
  });

  it('answers a button with a malformed value with a warning log and an ephemeral note, and keeps serving', async () => {
    const odd = await slack.client.chat.postMessage({
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
    const click = await slack.fake.clickButton({ channel: 'C0ALERTS01', ts: odd.ts!, actionId: ACTION_IDS.expandFinding, appUrl, userId: 'U0CCCCCCC3' });
    expect(click.status).toBe(200);
    await expect.poll(() => slack.fake.ephemeralMessages('C0ALERTS01').filter((m) => m.user === 'U0CCCCCCC3')).toHaveLength(1);
    expect(slack.fake.ephemeralMessages('C0ALERTS01')[0]?.text).toMatch(/out of date/);
    expect(logLines.some((l) => l.level === 40 && l.msg.includes('finding button value does not parse'))).toBe(true);
    expect(slack.fake.messages().find((m) => m.ts === odd.ts)?.updates).toBe(0);

    const { ts } = await postSample('investigate-AFTERBAD');
    await slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, appUrl });
    await slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
  });

  it('fails to start with a token Slack does not accept', async () => {
    const bad = createSlackApp({ signingSecret: SIGNING_SECRET, botToken: 'xoxb-revoked', slackApiUrl: slack.apiUrl, store, logger: pino({ level: 'silent' }), retryConfig: { retries: 0 } });
    await expect(bad.start(0)).rejects.toThrow(/invalid_auth/);
    await bad.stop();
  });
});
