// The viewer in a real browser (Debian's Chromium, driven by playwright-core): the posted report is
// drawn as Slack draws its Block Kit, Expand works end to end through the signed interaction and the
// product's Bolt app, and a modal the app opens can be filled in. Screenshots go to artefacts/viewer/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, findingBlockId } from '../../../services/slack/ids.ts';
import { startViewerStack, type ViewerStack } from './viewer-stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = fileURLToPath(new URL('../../../artefacts/viewer/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let stack: ViewerStack;
let profile: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startViewerStack();
  profile = await mkdtemp(join(tmpdir(), 'ariadne-chromium-'));
  await mkdir(ARTEFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('the viewer in Chromium', () => {
  it('shows the report in the alert channel the way Slack renders it', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(stack.viewer.url);
    await page.locator('.channels li', { hasText: 'alerts-shop' }).click();
    const report = page.locator(`.message[data-ts="${stack.posted.ts}"]`);
    await report.waitFor();
    await expect.poll(() => report.locator('.bk-block').count()).toBeGreaterThan(3);
    expect(await report.locator(`button[data-action-id="${ACTION_IDS.expandFinding}"]`).count()).toBeGreaterThan(0);
    expect(await report.innerText()).toContain('inventory-service');
    expect(await page.locator('#connection').innerText()).toBe('live');
    await page.screenshot({ path: join(ARTEFACTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('expands a finding into its evidence when Expand is clicked', async () => {
    const report = page.locator(`.message[data-ts="${stack.posted.ts}"]`);
    expect(await report.innerText()).not.toContain('service:inventory-service status:error');
    await report.locator(`button[data-action-id="${ACTION_IDS.expandFinding}"][data-block-id="${findingBlockId(1)}"]`).click();
    await expect.poll(() => report.innerText(), { timeout: 10_000 }).toContain('service:inventory-service status:error');
    expect(await report.locator('.edited').count()).toBe(1);
    expect(await stack.store.listInteractions('investigate-Q1VIEWER7')).toMatchObject([{ kind: 'expand', findingRank: 1 }]);
    await page.screenshot({ path: join(ARTEFACTS, 'expanded.png'), fullPage: true });
  });

  it('shows a modal the app opens, with live inputs, and closes it on Cancel', async () => {
    await stack.client.views.open({
      trigger_id: '8461234567890.2206410455873.9c0b2e4d6f8a1c3e',
      view: {
        type: 'modal',
        callback_id: 'ariadne_feedback',
        title: { type: 'plain_text', text: 'Feedback' },
        submit: { type: 'plain_text', text: 'Send' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [{ type: 'input', block_id: 'feedback_text', label: { type: 'plain_text', text: 'What was wrong?' }, element: { type: 'plain_text_input', action_id: 'text', multiline: true } }],
      },
    });
    const modal = page.locator('.overlay .modal');
    await modal.waitFor();
    expect(await modal.locator('.modal-title').innerText()).toBe('Feedback');
    await modal.locator('textarea[data-action-id="text"]').fill('the payments deploy was innocent');
    await page.screenshot({ path: join(ARTEFACTS, 'modal.png') });
    await modal.locator('.modal-close').click();
    await page.locator('.overlay').waitFor({ state: 'hidden' });
  });
});
