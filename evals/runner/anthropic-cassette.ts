// Recorded Messages API exchanges ("cassettes") for the Claude planner: a recorder that sits in the
// Anthropic SDK as its `fetch` and writes every exchange to a JSON file, and a local fake Messages API
// that serves a cassette turn by turn and refuses a request that differs from the recorded one, so a
// changed prompt, tool list or tool output fails the run instead of silently replaying stale answers.
//
// One cassette is one investigation (one scenario, run and variant). Nothing secret is written:
// request and response headers (the API key, request ids, cookies) are never read into the cassette,
// and the key's value is scrubbed from the text as a second line of defence.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

export const CASSETTE_FORMAT = 'ariadne/anthropic-messages-cassette';
export const CASSETTE_VERSION = 1;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = Record<string, any>;
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RecordedRequest {
  /** sha256 of the whole request body after normalisation (canonical JSON): equal digests, equal requests. */
  digest: string;
  model: string;
  /** Names of the tools offered, in order (a summary for readers; `body.tools` or an earlier turn has them in full). */
  toolNames: string[];
  /** tool_use ids this request answers with tool results (its last user message). */
  answers: string[];
  /** Body fields left out of `body` because they equal the previous turn's (`system`, `tools`). */
  sameAsPreviousTurn: string[];
  /** `body.messages` holds only the messages after this many, which equal the previous turn's first ones. */
  messagesFromPreviousTurn: number;
  body: Body;
}

export interface Exchange {
  turn: number;
  request: RecordedRequest;
  response: { status: number; body: Json };
}

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  version: typeof CASSETTE_VERSION;
  /** The investigation it belongs to (the eval runner's investigation id). */
  name: string;
  model: string;
  recordedAt: string;
  exchanges: Exchange[];
}

// ---------------------------------------------------------------------------------------------------
// Normalisation and comparison

/** Keys whose values are wall-clock measurements, not data: they may differ between record and replay. */
const TIMING_KEYS = new Set(['took', 'tookMs', 'elapsedMs', 'retryAfterSeconds']);
const TIMING_TEXT = /\b(retry after|took) \d+(\.\d+)? ?(ms|s)\b/g;

function normaliseTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseTimings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, TIMING_KEYS.has(k) && typeof v === 'number' ? '<timing>' : normaliseTimings(v)]));
  }
  if (typeof value === 'string') return value.replace(TIMING_TEXT, '$1 <timing>');
  return value;
}

function parseJsonObject(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The request with measured timings in tool results masked; tool results that are JSON are compared as JSON. */
export function normaliseRequest(body: Body): Body {
  const messages = (body.messages ?? []).map((m: Body) =>
    typeof m.content === 'string'
      ? m
      : {
          ...m,
          content: m.content.map((block: Body) => {
            if (block.type !== 'tool_result') return block;
            const content = typeof block.content === 'string' ? normaliseResultText(block.content) : normaliseTimings(block.content);
            return { ...block, content };
          }),
        },
  );
  return { ...body, messages };
}

function normaliseResultText(text: string): string {
  const parsed = parseJsonObject(text);
  return parsed === undefined ? (normaliseTimings(text) as string) : canonicalJson(normaliseTimings(parsed));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestDigest(body: Body): string {
  return `sha256:${createHash('sha256').update(canonicalJson(normaliseRequest(body))).digest('hex')}`;
}

const toolNames = (body: Body): string[] => (body.tools ?? []).map((t: Body) => String(t.name));
function answers(body: Body): string[] {
  const last = (body.messages ?? []).at(-1) as Body | undefined;
  if (!last || last.role !== 'user' || typeof last.content === 'string') return [];
  return last.content.filter((b: Body) => b.type === 'tool_result').map((b: Body) => String(b.tool_use_id));
}

const show = (value: unknown): string => {
  const text = value === undefined ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/** The first place two JSON values differ, as `path: recorded X, got Y`; strings holding JSON are compared as JSON. */
export function firstDifference(recorded: unknown, incoming: unknown, path = ''): string | undefined {
  if (typeof recorded === 'string' && typeof incoming === 'string' && recorded !== incoming) {
    const a = parseJsonObject(recorded);
    const b = parseJsonObject(incoming);
    if (a !== undefined && b !== undefined) return firstDifference(a, b, `${path} (JSON)`);
    if (Math.max(recorded.length, incoming.length) <= 80) return `${path || '(body)'}: recorded ${show(recorded)}, got ${show(incoming)}`;
    let i = 0;
    while (i < recorded.length && recorded[i] === incoming[i]) i++;
    const from = Math.max(0, i - 40);
    return `${path || '(body)'}: differs at character ${i}: recorded ${show(recorded.slice(from, i + 80))}, got ${show(incoming.slice(from, i + 80))}`;
  }
  if (Array.isArray(recorded) && Array.isArray(incoming)) {
    for (let i = 0; i < Math.min(recorded.length, incoming.length); i++) {
      const d = firstDifference(recorded[i], incoming[i], `${path}[${i}]`);
      if (d) return d;
    }
    if (recorded.length !== incoming.length) return `${path || '(body)'}: recorded ${recorded.length} items, got ${incoming.length}`;
    return undefined;
  }
  if (recorded && incoming && typeof recorded === 'object' && typeof incoming === 'object' && !Array.isArray(recorded) && !Array.isArray(incoming)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(incoming)])];
    for (const key of keys) {
      const d = firstDifference((recorded as Body)[key], (incoming as Body)[key], path ? `${path}.${key}` : key);
      if (d) return d;
    }
    return undefined;
  }
  return canonicalJson(recorded) === canonicalJson(incoming) ? undefined : `${path || '(body)'}: recorded ${show(recorded)}, got ${show(incoming)}`;
}

/** Why an incoming request does not match the recorded one, or undefined when it does. */
export function requestMismatch(recorded: Body, incoming: Body): string | undefined {
  if (requestDigest(recorded) === requestDigest(incoming)) return undefined;
  if (recorded.model !== incoming.model) return `model: recorded ${show(recorded.model)}, got ${show(incoming.model)}`;
  const [was, now] = [toolNames(recorded), toolNames(incoming)];
  if (was.join() !== now.join()) {
    const missing = was.filter((n) => !now.includes(n));
    const added = now.filter((n) => !was.includes(n));
    return `tool names: ${missing.length || added.length ? `missing [${missing.join(', ')}], new [${added.join(', ')}]` : `recorded order ${was.join(', ')}, got ${now.join(', ')}`}`;
  }
  const [answered, answering] = [answers(recorded), answers(incoming)];
  if (answered.join() !== answering.join()) return `tool results answer [${answering.join(', ')}], the recording answered [${answered.join(', ')}]`;
  return firstDifference(normaliseRequest(recorded), normaliseRequest(incoming)) ?? 'the request digest differs';
}

// ---------------------------------------------------------------------------------------------------
// The file format: each turn stores only what changed since the previous turn

export function encodeExchange(turn: number, body: Body, previous: Body | undefined, response: Exchange['response']): Exchange {
  const same = previous ? (['system', 'tools'] as const).filter((k) => k in body && canonicalJson(body[k]) === canonicalJson(previous[k])) : [];
  const kept = previous ? commonPrefix(previous.messages ?? [], body.messages ?? []) : 0;
  const stored: Body = {};
  for (const [key, value] of Object.entries(body)) {
    if ((same as string[]).includes(key)) continue;
    stored[key] = key === 'messages' ? (value as unknown[]).slice(kept) : value;
  }
  return {
    turn,
    request: { digest: requestDigest(body), model: String(body.model), toolNames: toolNames(body), answers: answers(body), sameAsPreviousTurn: [...same], messagesFromPreviousTurn: kept, body: stored },
    response,
  };
}

function commonPrefix(a: unknown[], b: unknown[]): number {
  let n = 0;
  while (n < a.length && n < b.length && canonicalJson(a[n]) === canonicalJson(b[n])) n++;
  return n;
}

/** The full request bodies, turn by turn, rebuilt from the stored deltas. */
export function requestBodies(cassette: Cassette): Body[] {
  const bodies: Body[] = [];
  for (const exchange of cassette.exchanges) {
    const previous = bodies.at(-1);
    const { body, sameAsPreviousTurn, messagesFromPreviousTurn } = exchange.request;
    const full: Body = { ...body };
    for (const key of sameAsPreviousTurn) full[key] = previous?.[key];
    full.messages = [...((previous?.messages ?? []) as unknown[]).slice(0, messagesFromPreviousTurn), ...(body.messages ?? [])];
    bodies.push(full);
  }
  return bodies;
}

export function readCassette(file: string): Cassette {
  const cassette = JSON.parse(readFileSync(file, 'utf8')) as Cassette;
  if (cassette.format !== CASSETTE_FORMAT) throw new Error(`${file} is not an Anthropic cassette (format ${JSON.stringify(cassette.format)})`);
  if (cassette.version !== CASSETTE_VERSION) throw new Error(`${file} is cassette version ${cassette.version}; this code reads version ${CASSETTE_VERSION}: re-record it`);
  return cassette;
}

export function cassetteFile(dir: string, name: string): string {
  return join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

// ---------------------------------------------------------------------------------------------------
// Record: a fetch for the SDK that passes every call through and writes the exchange

export interface RecorderOptions {
  /** Where the cassette is written; it is rewritten after every exchange, so a crashed run keeps what it had. */
  file: string;
  name: string;
  /** Values that must never reach the file (the API key); scrubbed if they ever appear in a body. */
  secrets?: string[];
  /** The fetch that really talks to the API; the global fetch when absent. */
  fetch?: Fetch;
}

export interface Recorder {
  fetch: Fetch;
  cassette(): Cassette;
}

/** Statuses the SDK retries: the retry, not the failure, is what the planner sees, so they are not recorded. */
const retried = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

export function createRecorder(options: RecorderOptions): Recorder {
  const upstream = options.fetch ?? globalThis.fetch;
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const exchanges: Exchange[] = [];
  const bodies: Body[] = [];
  const cassette = (): Cassette => ({
    format: CASSETTE_FORMAT,
    version: CASSETTE_VERSION,
    name: options.name,
    model: String(bodies[0]?.model ?? ''),
    recordedAt: new Date().toISOString(),
    exchanges,
  });
  const save = () => {
    let text = `${JSON.stringify(cassette(), null, 2)}\n`;
    for (const secret of secrets) text = text.split(secret).join('[redacted]');
    mkdirSync(dirname(options.file), { recursive: true });
    writeFileSync(options.file, text);
  };
  const fetch: Fetch = async (input, init) => {
    const response = await upstream(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'POST' || !url.pathname.endsWith('/v1/messages') || retried(response.status)) return response;
    const requestText = typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.clone().text() : undefined;
    if (requestText === undefined) throw new Error('the cassette recorder expects a JSON string request body (a streaming call?)');
    const body = JSON.parse(requestText) as Body;
    const responseBody = (await response.clone().json()) as Json;
    exchanges.push(encodeExchange(exchanges.length + 1, body, bodies.at(-1), { status: response.status, body: responseBody }));
    bodies.push(body);
    save();
    return response;
  };
  return { fetch, cassette };
}

// ---------------------------------------------------------------------------------------------------
// Replay: a local fake Messages API serving cassettes

export interface ReplayState {
  name: string;
  turns: number;
  served: number;
  /** Set once a request did not match: every later request fails with the same message. */
  failure?: string;
}

export interface CassetteServer {
  /** Base URL for one cassette: give it to the SDK as `baseURL`. */
  urlFor(name: string): string;
  state(name: string): ReplayState | undefined;
  close(): Promise<void>;
}

/**
 * Serves cassettes from `dir` (`<dir>/<name>.json`, loaded on first use) at `/<name>/v1/messages`.
 * Each request must match the next recorded one (see requestMismatch); a mismatch or an unrecorded
 * turn answers 400 naming the cassette, the turn and the first difference.
 */
export async function startCassetteServer(dir: string): Promise<CassetteServer> {
  const open = new Map<string, { cassette: Cassette; bodies: Body[]; state: ReplayState }>();
  const load = (name: string) => {
    let entry = open.get(name);
    if (!entry) {
      const cassette = readCassette(cassetteFile(dir, name));
      entry = { cassette, bodies: requestBodies(cassette), state: { name, turns: cassette.exchanges.length, served: 0 } };
      open.set(name, entry);
    }
    return entry;
  };
  const server = createServer(async (req, res) => {
    const text = await read(req);
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const refuse = (status: number, message: string) => reply(status, { type: 'error', error: { type: status === 404 ? 'not_found_error' : 'invalid_request_error', message } });
    const match = /^\/([^/]+)\/v1\/messages(\?.*)?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return refuse(404, `the cassette server has no ${req.method} ${req.url}`);
    const name = decodeURIComponent(match[1]!);
    let entry: ReturnType<typeof load>;
    try {
      entry = load(name);
    } catch (error) {
      return refuse(404, `cassette ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { state } = entry;
    if (state.failure) return refuse(400, state.failure);
    const turn = state.served + 1;
    const fail = (why: string) => {
      state.failure = `cassette ${name}, turn ${turn}: ${why}`;
      refuse(400, state.failure);
    };
    if (turn > state.turns) return fail(`the recording has ${state.turns} turns and the planner asked for another`);
    let incoming: Body;
    try {
      incoming = JSON.parse(text) as Body;
    } catch {
      return fail('the request body is not JSON');
    }
    const why = requestMismatch(entry.bodies[turn - 1]!, incoming);
    if (why) return fail(`the request differs from the recording: ${why}`);
    state.served = turn;
    const { status, body } = entry.cassette.exchanges[turn - 1]!.response;
    reply(status, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    state: (name) => open.get(name)?.state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
