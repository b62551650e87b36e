// The fake-Slack web viewer: a small page that shows the Slack fake's channels, messages and threads
// rendered the way Slack renders Block Kit, live (server-sent events), with working buttons: a click
// makes the Slack fake send the signed block_actions interaction to the app, exactly as Slack would.
// Static files are plain HTML/CSS/JS served from ./static; there is no build step.
import { readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { SLACK_WORKSPACE } from '../fakes/slack/block-actions.ts';
import type { SlackFake } from '../fakes/slack/slack-fake.ts';

export interface ViewerOptions {
  slack: SlackFake;
  /** Bolt's request URL (e.g. http://127.0.0.1:3000/slack/events); without it buttons answer 409. */
  appUrl?: string;
  /** 0 or absent: any free port. Always binds 127.0.0.1. */
  port?: number;
  /**
   * The Slack fake's Web API (e.g. http://127.0.0.1:PORT/api/) and a token it accepts: channel names
   * come from conversations.list and message authors from users.info, as a Slack client gets them.
   */
  slackApi?: { url: string; botToken: string };
  /** Channel ids and names to list (instead of, or before, conversations.list's). */
  channels?: { id: string; name: string }[];
  /** Slack user id the clicks come from. */
  userId?: string;
  logger?: Logger;
}

export interface RunningViewer {
  url: string;
  close(): Promise<void>;
}

const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/block-kit.js': 'block-kit.js',
  '/viewer.css': 'viewer.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const CHANGE_POLL_MS = 150;
const HEARTBEAT_MS = 15_000;

export const ViewCloseSchema = z.object({ viewId: z.string().min(1) });
export const ViewSubmitSchema = z.object({
  viewId: z.string().min(1),
  /** block_id -> action_id -> element state, as Slack puts it in view.state.values. */
  values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
});

export const ClickSchema = z.object({
  channel: z.string().min(1),
  ts: z.string().regex(/^\d+\.\d+$/, 'a Slack message ts such as 1763645700.000100'),
  actionId: z.string().min(1),
  blockId: z.string().min(1).optional(),
});

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** One Web API call without keep-alive, so a stopping process is not held up by an idle socket. */
function callSlack(api: { url: string; botToken: string }, method: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(method, api.url.endsWith('/') ? api.url : `${api.url}/`), { method: 'POST', agent: false, headers: { authorization: `Bearer ${api.botToken}`, 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(new URLSearchParams(params).toString());
  });
}

function parseBody<S extends z.ZodType>(schema: S, raw: unknown): { data: z.output<S> } | { error: string } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64_000) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const { slack } = options;
  const logger = options.logger ?? pino({ level: 'silent' });
  const files = new Map(Object.entries(STATIC).map(([path, file]) => [path, readFileSync(new URL(`./static/${file}`, import.meta.url))]));
  const streams = new Set<ServerResponse>();

  const apiChannels: { id: string; name: string }[] = [];
  const authors = new Map<string, { name: string; isBot: boolean }>([[SLACK_WORKSPACE.botUserId, { name: SLACK_WORKSPACE.botUserName, isBot: true }]]);
  const closedViews = new Set<string>();
  /** Channels a fresh conversations.list was already fetched for, so an unlisted one costs one call. */
  const refreshedFor = new Set<string>();

  async function loadChannels(): Promise<void> {
    if (!options.slackApi) return;
    const body = await callSlack(options.slackApi, 'conversations.list', { limit: '999', types: 'public_channel,private_channel' });
    const list = Array.isArray(body.channels) ? (body.channels as { id?: unknown; name?: unknown }[]) : [];
    apiChannels.splice(0, apiChannels.length, ...list.filter((c) => typeof c.id === 'string' && typeof c.name === 'string').map((c) => ({ id: c.id as string, name: c.name as string })));
  }

  async function authorOf(userId: string | undefined): Promise<{ name: string; isBot: boolean }> {
    const id = userId ?? SLACK_WORKSPACE.botUserId;
    const known = authors.get(id);
    if (known) return known;
    let author = { name: id, isBot: false };
    if (options.slackApi) {
      try {
        const body = await callSlack(options.slackApi, 'users.info', { user: id });
        const user = body.user as { name?: string; real_name?: string; is_bot?: boolean } | undefined;
        if (body.ok && user) author = { name: user.real_name || user.name || id, isBot: user.is_bot === true };
      } catch (error) {
        logger.warn({ err: error, user: id }, 'users.info failed; showing the user id');
      }
    }
    authors.set(id, author);
    return author;
  }

  function channels(): { id: string; name: string }[] {
    const listed: { id: string; name: string }[] = [];
    const known = new Set<string>();
    for (const channel of [...(options.channels ?? []), ...apiChannels]) {
      if (known.has(channel.id)) continue;
      known.add(channel.id);
      listed.push({ id: channel.id, name: channel.name.replace(/^#/, '') });
    }
    for (const message of slack.messages()) {
      if (!known.has(message.channel)) {
        known.add(message.channel);
        listed.push({ id: message.channel, name: message.channel });
      }
    }
    return listed;
  }

  function openViews() {
    return slack.views().filter((view) => !closedViews.has(view.id));
  }

  /** Changes whenever a message is posted or updated, or a modal opens or closes. */
  function signature(): string {
    const messages = slack.messages();
    return `${messages.length}:${messages.reduce((sum, message) => sum + message.updates, 0)}:${slack.views().length}:${closedViews.size}`;
  }

  async function state() {
    const messages = slack.messages();
    // A channel created after start (or first seen in a message) gets its name from a fresh list.
    const listed = new Set([...(options.channels ?? []), ...apiChannels].map((channel) => channel.id));
    const unknown = messages.map((message) => message.channel).filter((channel) => !listed.has(channel) && !refreshedFor.has(channel));
    if (unknown.length > 0) {
      for (const channel of unknown) refreshedFor.add(channel);
      await loadChannels();
    }
    return {
      channels: channels(),
      buttons: options.appUrl !== undefined,
      messages: await Promise.all(
        messages.map(async (message) => {
          const author = await authorOf(message.user);
          return {
            channel: message.channel,
            ts: message.ts,
            ...(message.threadTs !== undefined ? { threadTs: message.threadTs } : {}),
            author: author.name,
            bot: author.isBot,
            text: message.text,
            blocks: message.blocks,
            updates: message.updates,
          };
        }),
      ),
      views: openViews().map((view) => ({ id: view.id, title: view.title, blocks: view.blocks, submit: view.submit, close: view.close })),
    };
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    let last = signature();
    res.write(`data: ${last}\n\n`);
    streams.add(res);
    const poll = setInterval(() => {
      const now = signature();
      if (now !== last) {
        last = now;
        res.write(`data: ${now}\n\n`);
      }
    }, CHANGE_POLL_MS);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(poll);
      clearInterval(heartbeat);
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  async function body(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    try {
      return await readJson(req);
    } catch {
      sendJson(res, 400, { error: 'body: expected a JSON object' });
      return undefined;
    }
  }

  async function click(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await body(req, res);
    if (raw === undefined) return;
    const parsed = parseBody(ClickSchema, raw);
    if ('error' in parsed) return sendJson(res, 400, { error: parsed.error });
    if (options.appUrl === undefined) return sendJson(res, 409, { error: 'buttons are off: the viewer was started without the app URL to send interactions to' });
    const { channel, ts, actionId, blockId } = parsed.data;
    if (!slack.messages(channel).some((message) => message.ts === ts)) return sendJson(res, 404, { error: `ts: no message ${ts} in channel ${channel}` });
    const result = await slack.clickButton({ channel, ts, actionId, appUrl: options.appUrl, ...(blockId ? { blockId } : {}), ...(options.userId ? { userId: options.userId } : {}) });
    logger.info({ channel, ts, actionId, blockId, status: result.status }, 'button clicked in the viewer');
    sendJson(res, 200, result);
  }

  async function submitView(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await body(req, res);
    if (raw === undefined) return;
    const parsed = parseBody(ViewSubmitSchema, raw);
    if ('error' in parsed) return sendJson(res, 400, { error: parsed.error });
    if (options.appUrl === undefined) return sendJson(res, 409, { error: 'modals are off: the viewer was started without the app URL to send submissions to' });
    const { viewId, values } = parsed.data;
    if (!openViews().some((view) => view.id === viewId)) return sendJson(res, 404, { error: `viewId: no open view ${viewId}` });
    const result = await slack.submitView({ viewId, values, appUrl: options.appUrl, ...(options.userId ? { userId: options.userId } : {}) });
    // An app rejects input with {response_action: 'errors', errors: {block_id: message}}; the modal stays open.
    let errors: Record<string, string> | undefined;
    try {
      const answer = JSON.parse(result.body) as { response_action?: string; errors?: Record<string, string> };
      if (answer.response_action === 'errors') errors = answer.errors ?? {};
    } catch {
      // An empty body is Bolt's plain ack: the modal closes.
    }
    if (!errors && result.status < 300) closedViews.add(viewId);
    logger.info({ viewId, status: result.status, errors }, 'modal submitted in the viewer');
    sendJson(res, 200, { status: result.status, ...(errors ? { errors } : {}) });
  }

  async function closeView(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await body(req, res);
    if (raw === undefined) return;
    const parsed = parseBody(ViewCloseSchema, raw);
    if ('error' in parsed) return sendJson(res, 400, { error: parsed.error });
    closedViews.add(parsed.data.viewId);
    sendJson(res, 200, { closed: parsed.data.viewId });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (req.method === 'GET' && url.pathname === '/api/state') return sendJson(res, 200, await state());
      if (req.method === 'GET' && url.pathname === '/api/events') return events(req, res);
      const post = { '/api/click': click, '/api/views/submit': submitView, '/api/views/close': closeView }[url.pathname];
      if (post) {
        if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
        return post(req, res);
      }
      const body = req.method === 'GET' ? files.get(url.pathname) : undefined;
      if (!body) return sendJson(res, 404, { error: `not found: ${url.pathname}` });
      const file = STATIC[url.pathname] as string;
      res.writeHead(200, { 'content-type': TYPES[file.split('.').pop() as string] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
    };
    handle().catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'viewer request failed');
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await loadChannels();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      if (closed) return;
      closed = true;
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
