// A Slack Web API fake for the official @slack/web-api WebClient (slackApiUrl = `<base>/api/`), plus
// a user who clicks buttons: clickButton() sends Bolt a signed block_actions request, as Slack does.
// Message ts values come from the virtual clock and a sequence, never from wall-clock time, so the
// same run gives the same messages. Shapes follow vendor-specs/slack (web-api spec, java-slack-sdk
// samples); only the methods Ariadne uses are served, everything else is `unknown_method`.
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SLACK_WORKSPACE, blockActionsPayload, type ClickUser } from './block-actions.ts';
import { userJson, viewJson, viewSubmissionPayload, type SlackView, type WorkspaceUser } from './workspace.ts';
import { checkBlocks, type Block } from './check-blocks.ts';

export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SlackMessageVersion {
  text: string;
  blocks: Block[];
  metadata?: SlackMessageMetadata;
}

export interface SlackMessage extends SlackMessageVersion {
  channel: string;
  ts: string;
  /** Who wrote it, for messages people (or other bots) wrote before the app joined; absent for the app's own posts. */
  user?: string;
  threadTs?: string;
  /** How many times chat.update changed it. */
  updates: number;
  /** Previous versions, oldest first. */
  history: SlackMessageVersion[];
}

export interface SlackEphemeralMessage {
  channel: string;
  user: string;
  messageTs: string;
  text: string;
  blocks: Block[];
}

/** A message already in a channel when the fake starts (what people and bots said around the alert). */
export interface SeedMessage {
  /** Channel name (`#alerts-shop` or `alerts-shop`) or id. */
  channel: string;
  at: number;
  userId: string;
  text: string;
  /** Index, in the same list, of the message this one replies to. */
  threadOfIndex?: number;
}

export interface SlackFakeOptions {
  botToken: string;
  signingSecret: string;
  channels: { id: string; name: string }[];
  /** Virtual epoch ms; message ts values derive from it. */
  now: () => number;
  /** Channel history before the app's first post. */
  history?: SeedMessage[];
  /** The workspace's people and bots, for users.info and message authors. */
  users?: WorkspaceUser[];
  /**
   * Members of a channel (by name, with or without '#', or id) for conversations.members. A channel
   * not listed has everyone: the workspace's users, the on-call engineer the viewer clicks as, and
   * the app's bot user, which is always in the channels it posts to.
   */
  members?: Record<string, string[]>;
  /** User groups for usergroups.list; default one, @oncall, holding the on-call engineer. */
  userGroups?: { id: string; handle: string; name: string; users: string[] }[];
}

/** The engineer the viewer and clickButton act as unless told otherwise. */
export const ON_CALL_USER = { id: 'U05QJ8R2M7K', name: 'jordan.lee' } as const;
const DEFAULT_USER_GROUPS = [{ id: 'S0ONCALL01', handle: 'oncall', name: 'On-call', users: [ON_CALL_USER.id] }];

export interface SubmitViewArgs {
  viewId: string;
  /** `state.values` as Slack sends it: block_id -> action_id -> element state (e.g. `{ type: 'plain_text_input', value: '...' }`). */
  values: Record<string, Record<string, Record<string, unknown>>>;
  appUrl: string;
  userId?: string;
  signature?: { secret?: string; timestampSec?: number };
}

export interface ClickButtonArgs {
  channel: string;
  ts: string;
  actionId: string;
  /** Bolt's request URL, e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  userId?: string;
  /** Picks one button when several blocks carry the same action_id (one per finding). */
  blockId?: string;
  /** Test hooks to send a request Bolt must reject: another secret, or an old timestamp. */
  signature?: { secret?: string; timestampSec?: number };
}

export interface SlackFake {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  messages(channel?: string): SlackMessage[];
  ephemeralMessages(channel?: string): SlackEphemeralMessage[];
  waitForMessage(predicate: (m: SlackMessage) => boolean, timeoutMs: number): Promise<SlackMessage>;
  clickButton(args: ClickButtonArgs): Promise<{ status: number; body: string }>;
  /** Views the app opened with views.open, oldest first. */
  views(): SlackView[];
  /** Plays an engineer submitting a modal: sends the app a signed view_submission. */
  submitView(args: SubmitViewArgs): Promise<{ status: number; body: string }>;
}

type Args = Record<string, unknown>;
type SlackResponse = Record<string, unknown> & { ok: boolean };
class SlackError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;
  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

export function createSlackFake(options: SlackFakeOptions): SlackFake {
  const channels = options.channels.map((c) => ({ id: c.id, name: c.name.replace(/^#/, '') }));
  const messages: SlackMessage[] = [];
  const ephemerals: SlackEphemeralMessage[] = [];
  const views: SlackView[] = [];
  const users = options.users ?? [];
  const waiters = new Set<() => void>();
  let lastMicros = 0;
  let clicks = 0;
  const actorOf = (userId: string | undefined): { id: string; name: string } => {
    if (userId === undefined || userId === ON_CALL_USER.id) return ON_CALL_USER;
    return { id: userId, name: users.find((u) => u.id === userId)?.name ?? userId.toLowerCase() };
  };

  // Seed the channels' history; ts values come from the message times, unique by position.
  const seeded: (SlackMessage | undefined)[] = [];
  (options.history ?? []).forEach((seed, index) => {
    const channel = channels.find((c) => c.id === seed.channel || c.name === seed.channel.replace(/^#/, ''));
    if (!channel) {
      seeded.push(undefined);
      return;
    }
    const micros = Math.floor(seed.at) * 1000 + (index % 1000);
    const parent = seed.threadOfIndex !== undefined ? seeded[seed.threadOfIndex] : undefined;
    const message: SlackMessage = {
      channel: channel.id,
      ts: formatTs(micros),
      user: seed.userId,
      ...(parent ? { threadTs: parent.threadTs ?? parent.ts } : {}),
      text: seed.text,
      blocks: [],
      updates: 0,
      history: [],
    };
    seeded.push(message);
    messages.push(message);
    lastMicros = Math.max(lastMicros, micros);
  });
  messages.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));

  function nextTs(): string {
    // Strictly increasing even when the virtual clock stands still.
    const candidate = Math.floor(options.now()) * 1000 + 100;
    lastMicros = candidate > lastMicros ? candidate : lastMicros + 100;
    return formatTs(lastMicros);
  }

  function changed(): void {
    for (const wake of [...waiters]) wake();
  }

  /** Only chat.postMessage and chat.postEphemeral take a channel name; the other methods need the id, as in Slack. */
  function channelOf(ref: unknown, acceptName = false): { id: string; name: string } {
    if (typeof ref !== 'string' || ref === '') throw new SlackError('invalid_arguments', missing('channel'));
    const name = ref.replace(/^#/, '');
    const found = channels.find((c) => c.id === ref || (acceptName && c.name === name));
    if (!found) throw new SlackError('channel_not_found');
    return found;
  }

  function find(channel: string, ts: string): SlackMessage | undefined {
    return messages.find((m) => m.channel === channel && m.ts === ts);
  }

  const methods: Record<string, (args: Args) => SlackResponse> = {
    'auth.test': () => ({
      ok: true,
      url: SLACK_WORKSPACE.url,
      team: SLACK_WORKSPACE.teamName,
      user: SLACK_WORKSPACE.botUserName,
      team_id: SLACK_WORKSPACE.teamId,
      user_id: SLACK_WORKSPACE.botUserId,
      bot_id: SLACK_WORKSPACE.botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = channelOf(args.channel, true);
      const { text, blocks } = content(args);
      if (text === undefined && blocks === undefined) throw new SlackError('no_text');
      let threadTs: string | undefined;
      if (args.thread_ts !== undefined && args.thread_ts !== '') {
        const parent = find(channel.id, String(args.thread_ts));
        if (!parent) throw new SlackError('thread_not_found');
        threadTs = parent.threadTs ?? parent.ts;
      }
      const metadata = metadataOf(args);
      const ts = nextTs();
      const message: SlackMessage = {
        channel: channel.id,
        ts,
        ...(threadTs ? { threadTs } : {}),
        text: text ?? '',
        blocks: withBlockIds(blocks ?? [], ts),
        ...(metadata ? { metadata } : {}),
        updates: 0,
        history: [],
      };
      messages.push(message);
      changed();
      return { ok: true, channel: channel.id, ts, message: slackJson(message, messages, false, users) };
    },

    'chat.update': (args) => {
      const channel = channelOf(args.channel);
      if (typeof args.ts !== 'string' || args.ts === '') throw new SlackError('invalid_arguments', missing('ts'));
      const message = find(channel.id, args.ts);
      if (!message) throw new SlackError('message_not_found');
      if (message.user !== undefined) throw new SlackError('cant_update_message');
      const { text, blocks } = content(args);
      if (text === undefined && blocks === undefined) throw new SlackError('no_text');
      message.history.push(version(message));
      if (text !== undefined) message.text = text;
      if (blocks !== undefined) message.blocks = withBlockIds(blocks, message.ts);
      const metadata = metadataOf(args);
      if (metadata) message.metadata = metadata;
      message.updates += 1;
      changed();
      const json = slackJson(message, messages, false, users);
      return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: json };
    },

    'chat.postEphemeral': (args) => {
      const channel = channelOf(args.channel, true);
      if (typeof args.user !== 'string' || args.user === '') throw new SlackError('invalid_arguments', missing('user'));
      const { text, blocks } = content(args);
      if (text === undefined && blocks === undefined) throw new SlackError('no_text');
      const messageTs = nextTs();
      ephemerals.push({ channel: channel.id, user: args.user, messageTs, text: text ?? '', blocks: blocks ?? [] });
      return { ok: true, message_ts: messageTs };
    },

    'conversations.history': (args) => {
      const channel = channelOf(args.channel);
      const withMetadata = isTrue(args.include_all_metadata);
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest !== undefined ? Number(args.latest) : Infinity;
      const inclusive = isTrue(args.inclusive);
      const topLevel = messages
        .filter((m) => m.channel === channel.id && (m.threadTs === undefined || m.threadTs === m.ts))
        .filter((m) => {
          const t = Number(m.ts);
          return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
        })
        .sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
      const { page, hasMore, nextCursor } = paginate(topLevel, args);
      return {
        ok: true,
        messages: page.map((m) => slackJson(m, messages, withMetadata, users)),
        has_more: hasMore,
        pin_count: 0,
        channel_actions_ts: null,
        channel_actions_count: 0,
        ...(nextCursor ? { response_metadata: { next_cursor: nextCursor } } : {}),
      };
    },

    'conversations.replies': (args) => {
      const channel = channelOf(args.channel);
      if (typeof args.ts !== 'string' || args.ts === '') throw new SlackError('invalid_arguments', missing('ts'));
      const parent = find(channel.id, args.ts);
      if (!parent) throw new SlackError('thread_not_found');
      const root = parent.threadTs ?? parent.ts;
      const thread = messages.filter((m) => m.channel === channel.id && (m.ts === root || m.threadTs === root)).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      const { page, hasMore, nextCursor } = paginate(thread, args);
      return {
        ok: true,
        messages: page.map((m) => slackJson(m, messages, isTrue(args.include_all_metadata), users)),
        has_more: hasMore,
        ...(nextCursor ? { response_metadata: { next_cursor: nextCursor } } : {}),
      };
    },

    'conversations.members': (args) => {
      const channel = channelOf(args.channel);
      const listed = options.members?.[channel.id] ?? options.members?.[channel.name] ?? options.members?.[`#${channel.name}`];
      const members = [...new Set([...(listed ?? [ON_CALL_USER.id, ...users.map((u) => u.id)]), SLACK_WORKSPACE.botUserId])].sort();
      const { page, nextCursor } = paginate(members, args);
      return { ok: true, members: page, response_metadata: { next_cursor: nextCursor ?? '' } };
    },

    'usergroups.list': (args) => {
      const withUsers = isTrue(args.include_users);
      const created = Math.floor(Date.parse('2024-01-15T09:00:00Z') / 1000);
      return {
        ok: true,
        usergroups: (options.userGroups ?? DEFAULT_USER_GROUPS).map((group) => ({
          id: group.id,
          team_id: SLACK_WORKSPACE.teamId,
          is_usergroup: true,
          is_subteam: true,
          name: group.name,
          description: '',
          handle: group.handle,
          is_external: false,
          date_create: created,
          date_update: created,
          date_delete: 0,
          auto_type: null,
          auto_provision: false,
          enterprise_subteam_id: '',
          created_by: ON_CALL_USER.id,
          updated_by: ON_CALL_USER.id,
          deleted_by: null,
          prefs: { channels: [], groups: [] },
          user_count: group.users.length,
          ...(withUsers ? { users: [...group.users] } : {}),
        })),
      };
    },

    'conversations.info': (args) => {
      const channel = channelOf(args.channel);
      return { ok: true, channel: conversationJson(channel) };
    },

    'users.info': (args) => {
      if (typeof args.user !== 'string' || args.user === '') throw new SlackError('invalid_arguments', missing('user'));
      const user = args.user === SLACK_WORKSPACE.botUserId ? botUser() : users.find((u) => u.id === args.user);
      if (!user) throw new SlackError('user_not_found');
      return { ok: true, user: userJson(user) };
    },

    'views.open': (args) => {
      if (typeof args.trigger_id !== 'string' || args.trigger_id === '') throw new SlackError('invalid_arguments', missing('trigger_id'));
      const parsed = typeof args.view === 'string' ? safeJson(args.view) : args.view;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackError('invalid_arguments', missing('view'));
      const view = parsed as Record<string, unknown>;
      if (view.type !== 'modal') throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be a valid enum value [json-pointer:/view/type]'] } });
      if (typeof view.title !== 'object' || view.title === null) throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: title [json-pointer:/view]'] } });
      const problems = checkBlocks(view.blocks ?? []);
      if (problems.length > 0) throw new SlackError('invalid_arguments', { response_metadata: { messages: problems.map((p) => `[ERROR] ${p} [json-pointer:/view/blocks]`) } });
      const opened = viewJson(view, views.length + 1, args.trigger_id);
      views.push(opened);
      return { ok: true, view: opened };
    },

    'conversations.list': (args) => {
      const { page, nextCursor } = paginate(channels, args);
      return {
        ok: true,
        channels: page.map((c) => conversationJson(c)),
        response_metadata: { next_cursor: nextCursor ?? '' },
      };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://slack.local');
    const match = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!match?.[1]) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    const method = match[1];
    const raw = await readBody(req);
    let response: SlackResponse;
    try {
      const args = { ...Object.fromEntries(url.searchParams), ...parseBody(raw, req.headers['content-type']) };
      const token = bearer(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
      const run = methods[method];
      if (!run) response = { ok: false, error: 'unknown_method', req_method: method };
      else if (token !== options.botToken) response = { ok: false, error: 'invalid_auth' };
      else response = run(args);
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      response = { ok: false, error: error.code, ...error.extra };
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(response));
  }

  return {
    handler(req, res) {
      handle(req, res).catch((error: unknown) => {
        // A bug in the fake must be loud: Slack would answer 500 with a body the client reports.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${(error as Error).message}`);
      });
    },

    messages(channel) {
      return messages.filter((m) => channel === undefined || m.channel === channel).map((m) => structuredClone(m));
    },

    ephemeralMessages(channel) {
      return ephemerals.filter((m) => channel === undefined || m.channel === channel).map((m) => structuredClone(m));
    },

    waitForMessage(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = messages.find((m) => predicate(structuredClone(m)));
          if (!hit) return false;
          cleanup();
          resolve(structuredClone(hit));
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = messages.map((m) => `${m.channel}/${m.ts} (updates ${m.updates}): ${m.text.slice(0, 80)}`);
          reject(new Error(`no Slack message matched within ${timeoutMs} ms; messages: ${seen.length ? seen.join('; ') : 'none'}`));
        }, timeoutMs);
        const wake = (): void => void check();
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },

    views() {
      return views.map((v) => structuredClone(v));
    },

    async submitView(args) {
      const view = views.find((v) => v.id === args.viewId);
      if (!view) throw new Error(`submitView: no view ${args.viewId}; opened: ${views.map((v) => v.id).join(', ') || 'none'}`);
      clicks += 1;
      const actor = actorOf(args.userId);
      const payload = viewSubmissionPayload({ view, values: args.values, user: { id: actor.id, name: actor.name }, sequence: clicks });
      return sendSigned(args.appUrl, payload, args.signature);
    },

    async clickButton(args) {
      const channel = channels.find((c) => c.id === args.channel || c.name === args.channel.replace(/^#/, ''));
      if (!channel) throw new Error(`clickButton: unknown channel ${args.channel}`);
      const message = find(channel.id, args.ts);
      if (!message) throw new Error(`clickButton: no message ${args.ts} in ${channel.id}`);
      const button = findButton(message.blocks, args.actionId, args.blockId);
      if (!button) {
        const ids = listButtons(message.blocks).map((b) => `${b.blockId}/${b.button.action_id}`);
        throw new Error(`clickButton: no button ${args.actionId} in message ${args.ts}; buttons: ${ids.join(', ') || 'none'}`);
      }
      clicks += 1;
      const user: ClickUser = actorOf(args.userId);
      const payload = blockActionsPayload({
        message: slackJson(message, messages, false, users),
        channel,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        button: button.button,
        blockId: button.blockId,
        user,
        sequence: clicks,
        // Clicks take their time from the clock too, without using up a message ts.
        actionTs: formatTs(Math.floor(options.now()) * 1000 + clicks),
      });
      return sendSigned(args.appUrl, payload, args.signature);
    },
  };

  /** Posts an interaction payload to the app, form-encoded and signed as Slack does. */
  async function sendSigned(appUrl: string, payload: Record<string, unknown>, hooks?: { secret?: string; timestampSec?: number }): Promise<{ status: number; body: string }> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    // Bolt rejects requests older than five minutes by its own clock, so the signature uses real time.
    const timestamp = hooks?.timestampSec ?? Math.floor(Date.now() / 1000);
    const secret = hooks?.secret ?? options.signingSecret;
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(appUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
    return { status: response.status, body: await response.text() };
  }
}

function botUser(): WorkspaceUser {
  return { id: SLACK_WORKSPACE.botUserId, name: SLACK_WORKSPACE.botUserName, realName: 'Ariadne', title: '', isBot: true };
}

/** Slack ts: epoch seconds, a dot, six digits of microseconds. */
function formatTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function content(args: Args): { text?: string; blocks?: Block[] } {
  const text = typeof args.text === 'string' && args.text !== '' ? args.text : undefined;
  let blocks: Block[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const parsed = typeof args.blocks === 'string' ? safeJson(args.blocks) : args.blocks;
    const problems = checkBlocks(parsed);
    if (problems.length > 0) {
      throw new SlackError('invalid_blocks', {
        errors: problems,
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
      });
    }
    blocks = parsed as Block[];
    if (blocks.length === 0) blocks = undefined;
  }
  return { ...(text !== undefined ? { text } : {}), ...(blocks !== undefined ? { blocks } : {}) };
}

function metadataOf(args: Args): SlackMessageMetadata | undefined {
  if (args.metadata === undefined || args.metadata === '') return undefined;
  const parsed = typeof args.metadata === 'string' ? safeJson(args.metadata) : args.metadata;
  if (
    typeof parsed !== 'object' || parsed === null ||
    typeof (parsed as SlackMessageMetadata).event_type !== 'string' ||
    typeof (parsed as SlackMessageMetadata).event_payload !== 'object' || (parsed as SlackMessageMetadata).event_payload === null
  ) {
    throw new SlackError('invalid_metadata_format');
  }
  const { event_type, event_payload } = parsed as SlackMessageMetadata;
  return { event_type, event_payload };
}

function version(m: SlackMessage): SlackMessageVersion {
  return structuredClone({ text: m.text, blocks: m.blocks, ...(m.metadata ? { metadata: m.metadata } : {}) });
}

/** The message as Slack's API returns it. */
function slackJson(m: SlackMessage, all: readonly SlackMessage[], withMetadata: boolean, users: readonly WorkspaceUser[] = []): Record<string, unknown> {
  if (m.user !== undefined) return authoredJson(m, all, users);
  const json: Record<string, unknown> = {
    user: SLACK_WORKSPACE.botUserId,
    type: 'message',
    ts: m.ts,
    bot_id: SLACK_WORKSPACE.botId,
    text: m.text,
    team: SLACK_WORKSPACE.teamId,
    bot_profile: {
      id: SLACK_WORKSPACE.botId,
      deleted: false,
      name: SLACK_WORKSPACE.botUserName,
      updated: 1730217600,
      app_id: SLACK_WORKSPACE.appId,
      icons: {
        image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
        image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
        image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
      },
      team_id: SLACK_WORKSPACE.teamId,
    },
  };
  if (m.blocks.length > 0) json.blocks = structuredClone(m.blocks);
  if (m.threadTs) json.thread_ts = m.threadTs;
  addThreadSummary(json, m, all);
  if (withMetadata && m.metadata) json.metadata = structuredClone(m.metadata);
  return json;
}

/** A thread's parent carries its replies' count, repliers and latest ts, as Slack returns it. */
function addThreadSummary(json: Record<string, unknown>, m: SlackMessage, all: readonly SlackMessage[]): void {
  const replies = all.filter((r) => r.channel === m.channel && r.threadTs === m.ts && r.ts !== m.ts);
  if (replies.length > 0) {
    const repliers = [...new Set(replies.map((r) => r.user ?? SLACK_WORKSPACE.botUserId))];
    json.thread_ts = m.ts;
    json.reply_count = replies.length;
    json.reply_users_count = repliers.length;
    json.latest_reply = replies.map((r) => r.ts).sort().at(-1);
    json.reply_users = repliers;
  }
}

/** A message a person (or another integration's bot user) wrote. */
function authoredJson(m: SlackMessage, all: readonly SlackMessage[], users: readonly WorkspaceUser[]): Record<string, unknown> {
  const author = users.find((u) => u.id === m.user);
  const json: Record<string, unknown> = { user: m.user, type: 'message', ts: m.ts, text: m.text, team: SLACK_WORKSPACE.teamId };
  if (author?.isBot) json.bot_id = `B0${createHash('sha1').update(author.id).digest('hex').slice(0, 8).toUpperCase()}`;
  if (m.threadTs) {
    json.thread_ts = m.threadTs;
    if (m.threadTs !== m.ts) json.parent_user_id = all.find((p) => p.channel === m.channel && p.ts === m.threadTs)?.user ?? SLACK_WORKSPACE.botUserId;
  }
  addThreadSummary(json, m, all);
  return json;
}

function conversationJson(c: { id: string; name: string }): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    created: 1704103200,
    is_archived: false,
    is_general: false,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: SLACK_WORKSPACE.teamId,
    creator: 'U02H7C4LK9T',
    is_ext_shared: false,
    shared_team_ids: [SLACK_WORKSPACE.teamId],
    is_member: true,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
    num_members: 24,
  };
}

/** Slack cursors are opaque base64 of `next_ts:` or `next_id:`; ours encode an offset. */
function paginate<T>(items: readonly T[], args: Args): { page: T[]; hasMore: boolean; nextCursor?: string } {
  const limit = Math.min(MAX_PAGE, Math.max(1, Number(args.limit ?? DEFAULT_PAGE) || DEFAULT_PAGE));
  let offset = 0;
  if (typeof args.cursor === 'string' && args.cursor !== '') {
    const decoded = /^next_id:(\d+)$/.exec(Buffer.from(args.cursor, 'base64').toString('utf8'));
    if (!decoded?.[1]) throw new SlackError('invalid_cursor');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return hasMore
    ? { page, hasMore, nextCursor: Buffer.from(`next_id:${offset + limit}`).toString('base64') }
    : { page, hasMore };
}

/** Slack assigns a short block_id to blocks sent without one; ours derive from the message ts. */
function withBlockIds(blocks: readonly Block[], ts: string): Block[] {
  return blocks.map((b, i) => {
    if (typeof b.block_id === 'string' && b.block_id !== '') return structuredClone(b);
    const id = createHash('sha1').update(`${ts}:${i}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 5);
    return { ...structuredClone(b), block_id: id };
  });
}

interface FoundButton {
  blockId: string;
  button: Record<string, unknown> & { action_id: string };
}

function listButtons(blocks: readonly Block[]): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of blocks) {
    const blockId = String(block.block_id ?? '');
    const candidates = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const c of candidates) {
      if (c && typeof c === 'object' && (c as { type?: unknown }).type === 'button') {
        found.push({ blockId, button: c as FoundButton['button'] });
      }
    }
  }
  return found;
}

function findButton(blocks: readonly Block[], actionId: string, blockId?: string): FoundButton | undefined {
  return listButtons(blocks).find((b) => b.button.action_id === actionId && (blockId === undefined || b.blockId === blockId));
}

function missing(field: string): Record<string, unknown> {
  return { response_metadata: { messages: [`[ERROR] missing required field: ${field}`] } };
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseBody(raw: string, contentType: string | undefined): Args {
  if (raw === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    const parsed = safeJson(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackError('invalid_json');
    return parsed as Args;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
