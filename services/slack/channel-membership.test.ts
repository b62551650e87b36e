// Channel membership against a tiny local stand-in for Slack's conversations.members (paginated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelMembership } from './channel-membership.ts';

let server: Server;
let client: WebClient;
const calls: string[] = [];
let refuse = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const method = new URL(req.url ?? '/', 'http://x').pathname.replace('/api/', '');
      const args = new URLSearchParams(raw);
      calls.push(method);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (refuse) return res.end(JSON.stringify({ ok: false, error: 'missing_scope', needed: 'channels:read' }));
      if (method === 'conversations.members') {
        const second = args.get('cursor') === 'page2';
        return res.end(JSON.stringify({ ok: true, members: second ? ['U0MEMBER03'] : ['U0MEMBER01', 'U0MEMBER02'], response_metadata: { next_cursor: second ? '' : 'page2' } }));
      }
      res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
  client = new WebClient('xoxb-test', { slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls.length = 0;
  refuse = false;
});


describe('channelMembership', () => {
  it('reads every page of conversations.members and caches the list for the TTL', async () => {
    let now = 0;
    const membership = channelMembership({ ttlMs: 60_000, now: () => now });
    expect(await membership.isMember(client, 'C0ALERTS01', 'U0MEMBER03')).toBe(true);
    expect(await membership.isMember(client, 'C0ALERTS01', 'U0OUTSIDE9')).toBe(false);
    expect(calls).toEqual(['conversations.members', 'conversations.members']);
    now = 61_000;
    expect(await membership.isMember(client, 'C0ALERTS01', 'U0MEMBER01')).toBe(true);
    expect(calls).toHaveLength(4);
  });

  it('fails closed when Slack refuses the member list for another reason', async () => {
    refuse = true;
    const membership = channelMembership({});
    await expect(membership.isMember(client, 'C0ALERTS01', 'U0ANYONE01')).rejects.toThrow(/missing_scope/);
    // not cached: once the scope is granted, the next click asks again
    refuse = false;
    expect(await membership.isMember(client, 'C0ALERTS01', 'U0MEMBER01')).toBe(true);
  });
});
