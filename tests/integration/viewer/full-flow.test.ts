// Issue 5's "Done when", end to end in headless Chromium: a PagerDuty alert into the real product
// (Temporal dev server, worker, MCP tools, Bolt app, SQLite store) against the simulator, watched and
// clicked through the fake-Slack viewer: progress line replaced by the report, Expand with its chart,
// Search further answering in the thread, a 👎 and a corrected root cause stored, and the
// investigation exported as a bundle that the simulator serves. Screenshots of each step go to
// artefacts/full-flow/ (git-ignored): `npx vitest run tests/integration/viewer/full-flow.test.ts`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Report } from '../../../services/agent/types.ts';
import { startAriadne, type RunningAriadne } from '../../../services/ariadne.ts';
import { loadConfig } from '../../../services/config.ts';
import { waitForReport } from '../../../services/investigations.ts';
import { ACTION_IDS, FEEDBACK_VIEW, findingActionsBlockId, findingBlockId, searchFurtherInvestigationId } from '../../../services/slack/ids.ts';
import { CatalogSchema, exportInvestigationBundle, openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import type { SlackMessage } from '../../../simulator/fakes/slack/slack-fake.ts';
import { productEnvFor } from '../../../simulator/product-env.ts';
import { startViewer, type RunningViewer } from '../../../simulator/viewer/start-viewer.ts';
import { bundleWorkflows, startTemporal } from '../../support/temporal.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = fileURLToPath(new URL('../../../artefacts/full-flow/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WEBHOOK_SECRET = 'full-flow-webhook-secret';
const SIGNING_SECRET = '7d2e9a41c0b84f6e93a5d1c8b2f07e64';
const BOT_TOKEN = 'xoxb-2206410455873-7381257812420-Ff9Lw2Qx7Rk3Tz8Np5Hv1Cj6';
const USER_ID = 'U05QJ8R2M7K';

/** A port nobody listens on right now, for the Slack app whose public URL must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let workdir: string;
let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let ariadne: RunningAriadne;
let viewer: RunningViewer;
let context: BrowserContext;
let page: Page;
let store: InvestigationStore | undefined;
let replayed: RunningSimulator | undefined;
const pageErrors: string[] = [];

// Filled in by the steps, in order.
let investigationId: string;
let report: Report;
let posted: SlackMessage;

const shot = async (name: string): Promise<void> => {
  const path = join(ARTEFACTS, name);
  await page.screenshot({ path, fullPage: true });
  console.log(`full-flow screenshot: ${path}`);
};
const reportInPage = (): Locator => page.locator(`#thread-messages .message[data-ts="${posted.ts}"]`);

beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), 'ariadne-full-flow-'));
  await mkdir(ARTEFACTS, { recursive: true });
  const [temporal, workflowBundle] = await Promise.all([startTemporal(), bundleWorkflows()]);
  env = temporal;
  sim = await startSimulator({ pagerdutyWebhookSecret: WEBHOOK_SECRET, slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } });
  await writeFile(join(workdir, 'catalog.yaml'), sim.topologyYaml);
  const slackPort = await freePort();
  const config = loadConfig({
    ...productEnvFor(sim, { botToken: BOT_TOKEN }),
    TEMPORAL_ADDRESS: env.address,
    PAGERDUTY_WEBHOOK_SECRETS: WEBHOOK_SECRET,
    INTAKE_PORT: '0',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_PORT: String(slackPort),
    SLACK_PUBLIC_URL: `http://127.0.0.1:${slackPort}`,
    ARIADNE_CATALOG: join(workdir, 'catalog.yaml'),
    ARIADNE_DB: join(workdir, 'ariadne.db'),
    LOG_LEVEL: 'silent',
  });
  ariadne = await startAriadne(config, { logger: pino({ level: 'silent' }), workflowBundle });
  viewer = await startViewer({ slack: sim.slack, slackApi: { url: `${sim.urls.slack}/api/`, botToken: BOT_TOKEN }, appUrl: ariadne.slackEventsUrl, userId: USER_ID });
  const profile = join(workdir, 'chromium');
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await viewer?.close();
  await replayed?.close();
  await store?.close();
  await ariadne?.close();
  await sim?.close();
  await env?.teardown();
  if (workdir) await rm(workdir, { recursive: true, force: true });
}, 60_000);

describe('an alert investigated and worked on through the fake-Slack viewer in Chromium', () => {
  it('shows the progress line, then replaces it in place with the report in the alert thread', async () => {
    const fired = await sim.fireAlert(ariadne.intakeUrl);
    expect(fired.status).toBe(202);
    investigationId = (JSON.parse(fired.body) as { investigationId: string }).investigationId;

    const ours = (m: SlackMessage) => m.metadata?.event_payload?.investigation_id === investigationId;
    const first = await sim.slack.waitForMessage(ours, 30_000);
    expect(first.threadTs).toBeDefined();
    await page.goto(viewer.url);
    await page.locator(`.channels li[data-channel="${first.channel}"]`).click();
    await page.locator(`.replies[data-thread="${first.threadTs}"]`).click();
    const progressInPage = page.locator(`#thread-messages .message[data-ts="${first.ts}"]`);
    await progressInPage.waitFor();
    await shot('1-progress.png');
    // The progress line may already be gone by now (the history below proves it was there).
    console.log(`full-flow: the progress screenshot shows ${(await progressInPage.innerText()).includes('Investigating') ? 'the progress line' : 'the report (the progress line was replaced first)'}`);

    report = await waitForReport(ariadne.temporalClient, investigationId);
    posted = await sim.slack.waitForMessage((m) => ours(m) && !JSON.stringify(m.blocks).includes('Investigating'), 10_000);
    expect(posted.ts).toBe(first.ts);
    expect(posted.history.length).toBeGreaterThan(0);
    expect(JSON.stringify(posted.history[0]?.blocks)).toContain('Investigating');
    // Never a stream of messages: one message for this investigation, updated in place.
    expect(sim.slack.messages().filter(ours)).toHaveLength(1);
    expect(report.findings[0]?.service).toBe(sim.groundTruth!.rootCauseService);

    await expect.poll(() => reportInPage().innerText(), { timeout: 10_000 }).not.toContain('Investigating');
    expect(await reportInPage().innerText()).toContain(sim.groundTruth!.rootCauseService);
    expect(await reportInPage().locator(`button[data-action-id="${ACTION_IDS.expandFinding}"]`).count()).toBeGreaterThan(0);
    await shot('2-report.png');
  }, 60_000);

  it('expands a finding into its evidence with a chart the Slack app serves as a PNG', async () => {
    const updates = sim.slack.messages().find((m) => m.ts === posted.ts)!.updates;
    await reportInPage().locator(`button[data-action-id="${ACTION_IDS.expandFinding}"][data-block-id="${findingBlockId(1)}"]`).click();
    const expanded = await sim.slack.waitForMessage((m) => m.ts === posted.ts && m.updates > updates, 10_000);
    const images = expanded.blocks.filter((b) => b.type === 'image') as { image_url?: string }[];
    expect(images.length).toBeGreaterThan(0);
    const chartUrl = images[0]!.image_url!;
    expect(chartUrl.startsWith(`http://127.0.0.1:${new URL(ariadne.slackEventsUrl).port}/`)).toBe(true);
    const chart = await fetch(chartUrl);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toContain('image/png');
    expect([...new Uint8Array(await chart.arrayBuffer()).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const chartInPage = reportInPage().locator('.bk-image img').first();
    await chartInPage.waitFor({ timeout: 10_000 });
    await expect.poll(() => chartInPage.evaluate((img) => {
      // No DOM lib in tsconfig: the two fields read, typed by hand.
      const loaded = img as unknown as { complete: boolean; naturalWidth: number };
      return loaded.complete ? loaded.naturalWidth : 0;
    }), { timeout: 10_000 }).toBeGreaterThan(0);
    const metric = report.findings[0]!.evidence.find((e) => e.kind === 'metric');
    if (metric?.query) expect(await reportInPage().innerText()).toContain(metric.query.slice(0, 30));
    await shot('3-expanded.png');
  }, 30_000);

  it('searches further from the page and posts a second result in the same thread', async () => {
    await reportInPage().locator(`button[data-action-id="${ACTION_IDS.searchFurther}"][data-block-id="${findingActionsBlockId(1)}"]`).click();
    const childId = searchFurtherInvestigationId(investigationId, 1);
    const reply = await sim.slack.waitForMessage((m) => m.metadata?.event_payload?.investigation_id === childId && !JSON.stringify(m.blocks).includes('Investigating'), 40_000);
    expect(reply.threadTs).toBe(posted.threadTs);
    expect(reply.ts).not.toBe(posted.ts);
    const replyInPage = page.locator(`#thread-messages .message[data-ts="${reply.ts}"]`);
    await expect.poll(() => replyInPage.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => replyInPage.innerText(), { timeout: 10_000 }).toContain(sim.groundTruth!.rootCauseService);
    // In the page, in one go: the viewer redraws the thread on every update, so a held element can go stale.
    await page.evaluate(`document.querySelector('#thread-messages .message[data-ts="${reply.ts}"]')?.scrollIntoView()`);
    await shot('4-search-further.png');
  }, 60_000);

  it('records a 👎 and a corrected root cause submitted in the feedback modal', async () => {
    await reportInPage().locator(`button[data-action-id="${ACTION_IDS.voteDown}"][data-block-id="${findingActionsBlockId(1)}"]`).click();
    await reportInPage().locator(`button[data-action-id="${ACTION_IDS.openFeedback}"][data-block-id="${findingActionsBlockId(1)}"]`).click();
    const modal = page.locator('.overlay .modal');
    await modal.waitFor({ timeout: 10_000 });
    await modal.locator(`textarea[data-action-id="${FEEDBACK_VIEW.text.actionId}"]`).fill('the deploy was innocent; the database ran out of connections');
    // Correct the root cause to another service the evidence mentions, picked from the modal's select.
    const select = modal.locator(`select[data-action-id="${FEEDBACK_VIEW.serviceSelect.actionId}"]`);
    const offered = await select.locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    const corrected = offered.find((value) => value !== '' && value !== sim.groundTruth!.rootCauseService);
    expect(corrected).toBeDefined();
    await select.selectOption(corrected!);
    await shot('5-feedback-modal.png');
    await modal.locator('.modal-submit').click();
    await page.locator('.overlay').waitFor({ state: 'hidden', timeout: 10_000 });

    store = openSqliteStore(join(workdir, 'ariadne.db'));
    const opened = store;
    await expect.poll(async () => (await opened.listInteractions(investigationId)).some((i) => i.kind === 'vote_down' && i.findingRank === 1 && i.userId === USER_ID), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await opened.listFeedback(investigationId)).map((f) => f.correctedService), { timeout: 10_000 }).toContain(corrected);
    const feedback = (await opened.listFeedback(investigationId)).find((f) => f.correctedService === corrected);
    expect(feedback?.text).toContain('ran out of connections');
    await shot('6-feedback-stored.png');
  }, 30_000);

  it('exports the investigation as a bundle that the simulator loads and serves', async () => {
    const dir = join(workdir, 'bundle');
    const catalog = CatalogSchema.parse(parseYaml(sim.topologyYaml)).services;
    const exported = await exportInvestigationBundle(store!, investigationId, dir, { catalog });
    expect(exported.negative).toBe(true);
    expect(exported.files['metrics.csv'] ?? 0).toBeGreaterThan(0);

    replayed = await startSimulator({ bundle: dir, pagerdutyWebhookSecret: WEBHOOK_SECRET, slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } });
    const metric = report.findings[0]!.evidence.find((e) => e.kind === 'metric' && e.query && e.points && e.points.length > 0);
    expect(metric).toBeDefined();
    expect(metric!.service).toBe(sim.groundTruth!.rootCauseService);
    // The evidence's query may be a formula (errors / hits); the fake answers its plain terms.
    const term = /[a-z]+:[\w.]+\{[^}]*\}(?:\.as_count\(\))?/.exec(metric!.query!)?.[0];
    expect(term).toBeDefined();
    const times = metric!.points!.map((p) => Date.parse(p.at) / 1000);
    const query = new URLSearchParams({ from: String(Math.min(...times) - 3600), to: String(Math.max(...times) + 60), query: term! });
    const response = await fetch(`${replayed.urls.datadog}/api/v1/query?${query}`, { headers: { 'DD-API-KEY': DEFAULT_CREDENTIALS.datadogApiKey, 'DD-APPLICATION-KEY': DEFAULT_CREDENTIALS.datadogAppKey } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { series: { pointlist: unknown[]; scope?: string; tag_set?: string[] }[] };
    expect(body.series.length).toBeGreaterThan(0);
    expect(body.series.some((s) => s.pointlist.length > 0)).toBe(true);
    expect(JSON.stringify(body.series.map((s) => [s.scope, s.tag_set]))).toContain(metric!.service);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
