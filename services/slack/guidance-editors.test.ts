// Guidance editors by user id and by user group, against a tiny local stand-in for Slack's
// usergroups.list that can also refuse (missing scope), which the simulator's fake never does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGuidanceEditor } from './guidance-editors.ts';

let server: Server;
let client: WebClient;
let calls = 0;
let scopeMissing = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    calls += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (!req.url?.startsWith('/api/usergroups.list')) return res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    if (scopeMissing) return res.end(JSON.stringify({ ok: false, error: 'missing_scope', needed: 'usergroups:read' }));
    res.end(JSON.stringify({ ok: true, usergroups: [{ id: 'S0PLATFORM1', handle: 'platform-team', name: 'Platform', users: ['U0PLAT0001', 'U0PLAT0002'] }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
  client = new WebClient('xoxb-test', { slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const logger = pino({ level: 'silent' });

describe('isGuidanceEditor', () => {
  it('accepts a listed user id without asking Slack', async () => {
    const before = calls;
    expect(await isGuidanceEditor(client, ['U05QJ8R2M7K'], 'U05QJ8R2M7K', logger)).toBe(true);
    expect(await isGuidanceEditor(client, ['U05QJ8R2M7K'], 'U0OTHER001', logger)).toBe(false);
    expect(calls).toBe(before);
  });

  it('accepts members of a listed user group, by handle or id', async () => {
    expect(await isGuidanceEditor(client, ['@platform-team'], 'U0PLAT0002', logger)).toBe(true);
    expect(await isGuidanceEditor(client, ['S0PLATFORM1'], 'U0PLAT0001', logger)).toBe(true);
    expect(await isGuidanceEditor(client, ['platform-team'], 'U0OTHER001', logger)).toBe(false);
  });

  it('refuses when Slack will not list user groups', async () => {
    scopeMissing = true;
    try {
      expect(await isGuidanceEditor(client, ['@platform-team'], 'U0PLAT0002', logger)).toBe(false);
    } finally {
      scopeMissing = false;
    }
  });
});
