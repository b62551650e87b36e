// What the viewer tests run against: the simulator (its Slack fake), the product's Bolt app with an
// in-memory store, a report posted the way the worker posts it, and the viewer wired to both.
import { LogLevel, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { createSlackApp, type SlackApp } from '../../../services/slack/app.ts';
import { postReport } from '../../../services/slack/post-report.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { startViewer, type RunningViewer } from '../../../simulator/viewer/start-viewer.ts';
import { sampleReport } from '../slack/sample-report.ts';

const BOT_TOKEN = 'xoxb-2206410455873-7381257812420-Vw3Rk8ZpL2sQ5tN9yH1cR4dA';
const SIGNING_SECRET = 'c4f1a9e27b3d48e6a0f5b9d2c7e18a34';

export interface ViewerStack {
  sim: RunningSimulator;
  app: SlackApp;
  appUrl: string;
  store: InvestigationStore;
  client: WebClient;
  viewer: RunningViewer;
  /** Where the report landed. */
  posted: { channel: string; ts: string };
  close(): Promise<void>;
}

export async function startViewerStack(options: { buttons?: boolean } = {}): Promise<ViewerStack> {
  const logger = pino({ level: 'silent' });
  const sim = await startSimulator({ pagerdutyWebhookSecret: 'viewer-webhook-secret', slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } });
  const store = openSqliteStore(':memory:');
  const slackApiUrl = `${sim.urls.slack}/api/`;
  const app = createSlackApp({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, slackApiUrl, store, logger, retryConfig: { retries: 0 } });
  const { url: appUrl } = await app.start(0);
  const client = new WebClient(BOT_TOKEN, { slackApiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  const report = sampleReport({ investigationId: 'investigate-Q1VIEWER7' });
  const posted = await postReport({ client, store }, { report, revision: 1, channel: '#alerts-shop' });
  const viewer = await startViewer({ slack: sim.slack, slackApi: { url: slackApiUrl, botToken: BOT_TOKEN }, ...(options.buttons === false ? {} : { appUrl }), userId: 'U05QJ8R2M7K' });
  return {
    sim,
    app,
    appUrl,
    store,
    client,
    viewer,
    posted: { channel: posted.channel, ts: posted.ts },
    async close() {
      await viewer.close();
      await app.stop();
      await store.close();
      await sim.close();
    },
  };
}
