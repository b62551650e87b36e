// The viewer's HTTP side: the state the page draws from, and clicks that reach the app signed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, findingBlockId } from '../../../services/slack/ids.ts';
import { startViewerStack, type ViewerStack } from './viewer-stack.ts';

let stack: ViewerStack;
beforeAll(async () => {
  stack = await startViewerStack();
});
afterAll(async () => {
  await stack?.close();
});

interface State {
  channels: { id: string; name: string }[];
  messages: { channel: string; ts: string; blocks: unknown[]; updates: number }[];
}

async function state(): Promise<State> {
  return (await fetch(`${stack.viewer.url}api/state`)).json() as Promise<State>;
}

const click = (body: unknown) => fetch(`${stack.viewer.url}api/click`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('viewer API', () => {
  it('serves the page and its scripts', async () => {
    const page = await fetch(stack.viewer.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    const script = await fetch(`${stack.viewer.url}block-kit.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${stack.viewer.url}../package.json`)).status).toBe(404);
  });

  it('lists the channels and the posted report', async () => {
    const { channels, messages } = await state();
    expect(channels.map((channel) => channel.name)).toContain('alerts-shop');
    const report = messages.find((message) => message.ts === stack.posted.ts);
    expect(report?.channel).toBe(stack.posted.channel);
    expect(JSON.stringify(report?.blocks)).toContain(ACTION_IDS.expandFinding);
  });

  it('turns a click into a signed interaction the app acts on', async () => {
    const response = await click({ channel: stack.posted.channel, ts: stack.posted.ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 200 });
    const updated = await stack.sim.slack.waitForMessage((message) => message.ts === stack.posted.ts && message.updates >= 1, 5_000);
    expect(JSON.stringify(updated.blocks)).toContain('service:inventory-service status:error');
    expect(await stack.store.listInteractions('investigate-Q1VIEWER7')).toMatchObject([{ kind: 'expand', findingRank: 1, userId: 'U05QJ8R2M7K' }]);
  });

  it('rejects a bad click with 400 naming the field, and an unknown message with 404', async () => {
    const bad = await click({ channel: stack.posted.channel, ts: 'yesterday', actionId: ACTION_IDS.expandFinding });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^ts: /);
    const unknown = await click({ channel: stack.posted.channel, ts: '1763645700.000100', actionId: ACTION_IDS.expandFinding });
    expect(unknown.status).toBe(404);
  });

  it('announces changes on the event stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${stack.viewer.url}api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toMatch(/^data: [\d:]+\n\n/);
    await stack.client.chat.postMessage({ channel: stack.posted.channel, text: 'looking into it', thread_ts: stack.posted.ts });
    const next = decoder.decode((await reader.read()).value);
    expect(next).toMatch(/^data: [\d:]+\n\n/);
    expect(next).not.toBe(first);
    controller.abort();
  });
});

describe('viewer without an app URL', () => {
  it('answers 409 to clicks, saying buttons are off', async () => {
    const quiet = await startViewerStack({ buttons: false });
    try {
      const response = await fetch(`${quiet.viewer.url}api/click`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: quiet.posted.channel, ts: quiet.posted.ts, actionId: ACTION_IDS.expandFinding }) });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: string }).error).toContain('buttons are off');
    } finally {
      await quiet.close();
    }
  });
});
