// The fake's raw responses validate against the official Slack Web API spec (vendor-specs/slack,
// Swagger 2.0, frozen 2021-09). Where the spec is older than the API, the gap is patched here, each
// patch with its reason, rather than loosening the whole check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readSpec, vendorSpecsAvailable } from '../../support/vendor-specs.ts';
import { blockActionsPayload } from '../../../simulator/fakes/slack/block-actions.ts';
import { BOT_TOKEN, startSlackFake, type RunningSlackFake } from './start-slack-fake.ts';

type Json = Record<string, unknown>;
interface SwaggerSpec {
  definitions: Record<string, Json>;
  paths: Record<string, Record<string, { responses: Record<string, { schema?: Json }> }>>;
}

const WEB_API_SPEC = 'slack/web-api/slack_web_openapi_v2.json';
const BLOCK_ACTION_SAMPLE = 'slack/samples-java-slack-sdk/app-backend/interactive-components/BlockActionPayload.json';

/** A private copy: readSpec caches the parsed document for every caller, and the patches mutate it. */
const loadWebApiSpec = () => structuredClone(readSpec(WEB_API_SPEC)) as SwaggerSpec;

// Each patch: where, what, and why the spec is wrong or old there.
const SPEC_GAPS: { why: string; apply(spec: SwaggerSpec): void }[] = [
  {
    why: 'message metadata (chat.postMessage metadata, include_all_metadata) shipped in 2022, after the spec was frozen',
    apply(spec) {
      const message = spec.definitions.objs_message as { properties: Json };
      message.properties.metadata = {
        type: 'object',
        additionalProperties: false,
        required: ['event_type', 'event_payload'],
        properties: { event_type: { type: 'string' }, event_payload: { type: 'object' } },
      };
    },
  },
  {
    why: "chat.update types message.blocks as an object; Slack returns the blocks array, as the spec's own objs_message.blocks says",
    apply(spec) {
      const schema = spec.paths['/chat.update']!.post!.responses['200']!.schema as { properties: { message: { properties: Json } } };
      schema.properties.message.properties.blocks = { $ref: '#/definitions/blocks' };
    },
  },
  {
    why: "conversations.history and .replies omit response_metadata (the next_cursor of a page) from their schema, though the spec's own history example carries it",
    apply(spec) {
      for (const path of ['/conversations.history', '/conversations.replies']) {
        const schema = spec.paths[path]!.get!.responses['200']!.schema as { properties: Json };
        schema.properties.response_metadata = {
          type: 'object',
          additionalProperties: false,
          required: ['next_cursor'],
          properties: { next_cursor: { type: 'string' } },
        };
      }
    },
  },
];

let validators: (method: string, outcome: 'ok' | 'error') => ValidateFunction;
let slack: RunningSlackFake;

beforeAll(async () => {
  slack = await startSlackFake();
  if (!vendorSpecsAvailable()) return;
  const spec = loadWebApiSpec();
  for (const gap of SPEC_GAPS) gap.apply(spec);
  // Swagger 2.0 schemas are draft-4 JSON Schema with `#/definitions/...` refs into the spec root.
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  const cache = new Map<string, ValidateFunction>();
  validators = (method, outcome) => {
    const key = `${method}:${outcome}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const operation = Object.values(spec.paths[`/${method}`] ?? {})[0];
    const schema = operation?.responses[outcome === 'ok' ? '200' : 'default']?.schema;
    if (!schema) throw new Error(`the Slack spec has no ${outcome} schema for ${method}`);
    const validate = ajv.compile({ ...schema, definitions: spec.definitions });
    cache.set(key, validate);
    return validate;
  };
});
afterAll(async () => {
  await slack.close();
});

/** A raw call, form-encoded as the WebClient sends it, returning the body exactly as served. */
async function call(method: string, args: Record<string, unknown>, token = BOT_TOKEN): Promise<Json> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const res = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

function expectValid(method: string, body: Json): void {
  const validate = validators(method, body.ok === true ? 'ok' : 'error');
  const valid = validate(body);
  expect(valid ? [] : validate.errors, `${method} response against the Slack spec`).toEqual([]);
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const metadata = { event_type: 'ariadne_investigation', event_payload: { investigation_id: 'investigate-Q1', revision: 1 } };

describe('Slack fake responses against the official Web API spec', () => {
  it('auth.test', async () => {
    if (!vendorSpecsAvailable()) return;
    expectValid('auth.test', await call('auth.test', {}));
    const denied = await call('auth.test', {}, 'xoxb-wrong');
    expect(denied.error).toBe('invalid_auth');
    expectValid('auth.test', denied);
  });

  it('chat.postMessage, at top level and in a thread', async () => {
    if (!vendorSpecsAvailable()) return;
    const posted = await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'alert', blocks: [section('hello')], metadata });
    expectValid('chat.postMessage', posted);
    expectValid('chat.postMessage', await call('chat.postMessage', { channel: '#alerts-shop', text: 'reply', thread_ts: posted.ts }));
    const missing = await call('chat.postMessage', { channel: 'C0NOWHERE1', text: 'x' });
    expect(missing.error).toBe('channel_not_found');
    expectValid('chat.postMessage', missing);
  });

  it('chat.update', async () => {
    if (!vendorSpecsAvailable()) return;
    const posted = await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'v1' });
    expectValid('chat.update', await call('chat.update', { channel: 'C0ALERTS01', ts: posted.ts, text: 'v2', blocks: [section('v2')], metadata }));
    const missing = await call('chat.update', { channel: 'C0ALERTS01', ts: '1700000000.000100', text: 'x' });
    expect(missing.error).toBe('message_not_found');
    expectValid('chat.update', missing);
  });

  it('chat.postEphemeral', async () => {
    if (!vendorSpecsAvailable()) return;
    expectValid('chat.postEphemeral', await call('chat.postEphemeral', { channel: 'C0ALERTS01', user: 'U05QJ8R2M7K', text: 'only you' }));
  });

  it('conversations.history, with metadata and a next page', async () => {
    if (!vendorSpecsAvailable()) return;
    for (const text of ['one', 'two', 'three']) await call('chat.postMessage', { channel: 'C0INVENT02', text, blocks: [section(text)], metadata });
    const page = await call('conversations.history', { channel: 'C0INVENT02', limit: 2, include_all_metadata: true });
    expect(page.has_more).toBe(true);
    expectValid('conversations.history', page);
    const missing = await call('conversations.history', { channel: 'C0NOWHERE1' });
    expect(missing.error).toBe('channel_not_found');
    expectValid('conversations.history', missing);
  });

  it('conversations.replies', async () => {
    if (!vendorSpecsAvailable()) return;
    const parent = await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'parent' });
    await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'child', thread_ts: parent.ts, metadata });
    expectValid('conversations.replies', await call('conversations.replies', { channel: 'C0ALERTS01', ts: parent.ts, include_all_metadata: true }));
  });

  it('conversations.list', async () => {
    if (!vendorSpecsAvailable()) return;
    expectValid('conversations.list', await call('conversations.list', { types: 'public_channel,private_channel' }));
  });

  it('needs each spec patch: without it the fake\'s response would not validate', async () => {
    if (!vendorSpecsAvailable()) return;
    // Guards the patches against rot: if a patch became unnecessary it should be removed.
    const spec = loadWebApiSpec();
    const ajv = new Ajv({ strict: false });
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    const history = ajv.compile({ ...spec.paths['/conversations.history']!.get!.responses['200']!.schema, definitions: spec.definitions });
    expect(history(await call('conversations.history', { channel: 'C0INVENT02', limit: 2, include_all_metadata: true }))).toBe(false);
    const posted = await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'v1' });
    const update = ajv.compile({ ...spec.paths['/chat.update']!.post!.responses['200']!.schema, definitions: spec.definitions });
    expect(update(await call('chat.update', { channel: 'C0ALERTS01', ts: posted.ts, text: 'v2', blocks: [section('v2')] }))).toBe(false);
  });

  it('block_actions payloads use only fields of the SDK\'s BlockActionPayload sample, with the same nesting', async () => {
    if (!vendorSpecsAvailable()) return;
    const sample = readSpec(BLOCK_ACTION_SAMPLE) as Json;
    const posted = await call('chat.postMessage', { channel: 'C0ALERTS01', text: 'x', blocks: [section('y')] });
    const payload = blockActionsPayload({
      message: posted.message as Json,
      channel: { id: 'C0ALERTS01', name: 'alerts-shop' },
      button: { type: 'button', action_id: 'expand_finding', text: { type: 'plain_text', text: 'Expand' }, value: '{}' },
      blockId: 'b1',
      user: { id: 'U05QJ8R2M7K', name: 'jordan.lee' },
      sequence: 1,
      actionTs: '1795181700.000001',
    });
    // message.blocks is free-form Block Kit; state.values is a map keyed by block id (blank in the sample).
    const unknown = keyPaths(payload, ['message.blocks', 'state.values']).filter((path) => !hasPath(sample, path));
    expect(unknown).toEqual([]);
  });
});

describe('Slack fake with a populated workspace, against the official Web API spec', () => {
  const users = [
    { id: 'U0DDBOT0001', name: 'datadog', realName: 'Datadog', title: '', isBot: true },
    { id: 'U0PRIYA0002', name: 'priya.raman', realName: 'Priya Raman', title: 'SRE', isBot: false },
  ];
  let populated: RunningSlackFake;
  beforeAll(async () => {
    populated = await startSlackFake({
      users,
      history: [
        { channel: '#alerts-shop', at: Date.parse('2026-11-20T13:30:20Z'), userId: 'U0DDBOT0001', text: 'Triggered: [P1] storefront-web 5xx rate above 5%' },
        { channel: '#alerts-shop', at: Date.parse('2026-11-20T13:31:40Z'), userId: 'U0PRIYA0002', text: 'anyone else seeing 500s on checkout?', threadOfIndex: 0 },
      ],
    });
  });
  afterAll(async () => populated?.close());

  const callOn = async (method: string, args: Record<string, unknown>): Promise<Json> => {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const res = await fetch(`${populated.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    return (await res.json()) as Json;
  };

  it('conversations.history and .replies with people\'s messages', async () => {
    if (!vendorSpecsAvailable()) return;
    const history = await callOn('conversations.history', { channel: 'C0ALERTS01' });
    expect((history.messages as Json[]).map((m) => m.user)).toEqual(['U0DDBOT0001']);
    expectValid('conversations.history', history);
    const parent = (history.messages as Json[])[0]!;
    expect(parent.reply_count).toBe(1);
    expectValid('conversations.replies', await callOn('conversations.replies', { channel: 'C0ALERTS01', ts: parent.ts }));
  });

  it('users.info, conversations.info and views.open', async () => {
    if (!vendorSpecsAvailable()) return;
    for (const user of users) expectValid('users.info', await callOn('users.info', { user: user.id }));
    const missing = await callOn('users.info', { user: 'U0NOBODY00' });
    expect(missing.error).toBe('user_not_found');
    expectValid('users.info', missing);
    expectValid('conversations.info', await callOn('conversations.info', { channel: 'C0ALERTS01' }));
    const opened = await callOn('views.open', {
      trigger_id: '12345.98765.abcd2358fdea',
      view: { type: 'modal', callback_id: 'feedback', title: { type: 'plain_text', text: 'Feedback' }, submit: { type: 'plain_text', text: 'Send' }, blocks: [section('How did we do?')] },
    });
    expect(opened.ok).toBe(true);
    expectValid('views.open', opened);
  });

  it('conversations.members, paged, and usergroups.list', async () => {
    if (!vendorSpecsAvailable()) return;
    const first = await callOn('conversations.members', { channel: 'C0ALERTS01', limit: 2 });
    expectValid('conversations.members', first);
    const cursor = (first.response_metadata as Json).next_cursor as string;
    expect(cursor).not.toBe('');
    const rest = await callOn('conversations.members', { channel: 'C0ALERTS01', cursor });
    expectValid('conversations.members', rest);
    // Everyone in the workspace, the on-call engineer and the app's bot user, each once.
    const members = [...(first.members as string[]), ...(rest.members as string[])];
    expect(members.sort()).toEqual([...users.map((u) => u.id), 'U05QJ8R2M7K', 'U07B3K9ZQ4M'].sort());
    const missing = await callOn('conversations.members', { channel: 'C0NOWHERE1' });
    expect(missing.error).toBe('channel_not_found');
    expectValid('conversations.members', missing);
    const groups = await callOn('usergroups.list', { include_users: true });
    expectValid('usergroups.list', groups);
    expect(groups.usergroups).toMatchObject([{ handle: 'oncall', users: ['U05QJ8R2M7K'] }]);
  });
});

function keyPaths(value: unknown, skip: string[], prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], skip, `${prefix}[]`) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return skip.includes(path) ? [] : [path, ...keyPaths(v, skip, path)];
  });
}

function hasPath(sample: unknown, path: string): boolean {
  let node: unknown = sample;
  for (const part of path.split('.')) {
    const key = part.replace(/\[\]$/g, '');
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Json)[key];
    if (part.endsWith('[]')) node = Array.isArray(node) ? node[0] : undefined;
  }
  return true;
}
