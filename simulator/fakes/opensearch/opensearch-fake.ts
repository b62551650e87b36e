// An OpenSearch cluster fake holding the world's logs: `GET /` (cluster info), `GET|POST
// /_search`, `/{index}/_search` and `/_count`, `/{index}/_count`, `GET /_cat/indices` and
// `GET /{index}/_mapping`, with comma-separated and wildcard index expressions, the query DSL subset
// in query-dsl.ts, `size`/`from`/`search_after` with `sort`, `track_total_hits`, `_source`
// filtering, `?q=` and the aggregations in aggregations.ts. Errors are OpenSearch error objects
// (`parsing_exception` 400, `index_not_found_exception` 404). Basic auth as the security plugin does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { hash32, hexString, uuidFrom } from '../../world/seeded-hash.ts';
import { pageCap } from '../shared/api-faults.ts';
import { BodyTooLargeError, readBody, sendJson } from '../shared/http-kit.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import { runAggregations } from './aggregations.ts';
import { createDocumentStore, logIndices, type LogDocument } from './log-documents.ts';
import { compileQuery, DATE_FIELDS, parseDate, QueryDslError, resolveField, TEXT_FIELDS, type DocPredicate } from './query-dsl.ts';

export interface OpenSearchFakeOptions {
  username: string;
  password: string;
  logger: Logger;
}

export const OPENSEARCH_VERSION = '2.16.0';
const MAX_RESULT_WINDOW = 10_000;

interface SortKey {
  field: string;
  order: 'asc' | 'desc';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorBody(type: string, reason: string, status: number, extra: Record<string, unknown> = {}) {
  return { error: { root_cause: [{ type, reason, ...extra }], type, reason, ...extra }, status };
}

function sendError(res: ServerResponse, status: number, type: string, reason: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, status, errorBody(type, reason, status, extra));
}

function parseSort(raw: unknown): SortKey[] {
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
  const out: SortKey[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const [field, order] = item.trim().split(':');
      if (!field) continue;
      out.push({ field, order: order === 'desc' ? 'desc' : order === 'asc' || order === undefined ? (field === '_score' && order === undefined ? 'desc' : 'asc') : fail(order) });
    } else if (isObject(item)) {
      for (const [field, spec] of Object.entries(item)) {
        const order = typeof spec === 'string' ? spec : isObject(spec) ? spec.order : undefined;
        if (order !== undefined && order !== 'asc' && order !== 'desc') fail(String(order));
        out.push({ field, order: (order as 'asc' | 'desc' | undefined) ?? (field === '_score' ? 'desc' : 'asc') });
      }
    } else {
      throw new QueryDslError('parsing_exception', '[sort] malformed: expected a string, an object or an array');
    }
  }
  for (const key of out) {
    if (TEXT_FIELDS.has(key.field)) {
      throw new QueryDslError('illegal_argument_exception', `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${key.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
    }
  }
  return out;
  function fail(order: string): never {
    throw new QueryDslError('parsing_exception', `[sort] unknown sort order [${order}], use [asc] or [desc]`);
  }
}

/** Time bounds and services a query certainly restricts to, so a search scans fewer minutes. */
function narrowing(query: unknown, now: number): { from: number; to: number; services: string[] | undefined } {
  let from = -Infinity;
  let to = Infinity;
  let services: string[] | undefined;
  const visit = (clause: unknown) => {
    if (!isObject(clause)) return;
    const [type, body] = Object.entries(clause)[0] ?? [];
    if (type === 'bool' && isObject(body)) {
      for (const key of ['must', 'filter']) {
        const list = body[key];
        for (const child of Array.isArray(list) ? list : list === undefined ? [] : [list]) visit(child);
      }
    } else if (type === 'range' && isObject(body) && isObject(body['@timestamp'])) {
      const bounds = body['@timestamp'];
      const format = typeof bounds.format === 'string' ? bounds.format : undefined;
      try {
        const lower = bounds.gte ?? bounds.gt ?? bounds.from;
        const upper = bounds.lte ?? bounds.lt ?? bounds.to;
        if (lower !== undefined && lower !== null) from = Math.max(from, parseDate(lower, now, format));
        if (upper !== undefined && upper !== null) to = Math.min(to, parseDate(upper, now, format) + 1);
      } catch {
        // compileQuery reports the bad date.
      }
    } else if ((type === 'term' || type === 'match' || type === 'match_phrase') && isObject(body)) {
      for (const field of ['service.name', 'service.name.keyword']) {
        const spec = body[field];
        if (spec === undefined) continue;
        const value = isObject(spec) ? (spec.value ?? spec.query) : spec;
        if (typeof value === 'string') services = [value];
      }
    } else if (type === 'terms' && isObject(body)) {
      const values = body['service.name'] ?? body['service.name.keyword'];
      if (Array.isArray(values)) services = values.map(String);
    }
  };
  visit(query);
  return { from, to, services };
}

function compareValues(a: string | number | undefined, b: string | number | undefined, order: 'asc' | 'desc'): number {
  // Documents without the field sort last whatever the order, as OpenSearch's default `missing: _last`.
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const result = a < b ? -1 : a > b ? 1 : 0;
  return order === 'asc' ? result : -result;
}

function pickSource(source: Record<string, unknown>, spec: unknown): Record<string, unknown> | undefined {
  if (spec === false) return undefined;
  if (spec === undefined || spec === true) return source;
  const includes = typeof spec === 'string' ? [spec] : Array.isArray(spec) ? spec.map(String) : isObject(spec) && spec.includes !== undefined ? (Array.isArray(spec.includes) ? spec.includes.map(String) : [String(spec.includes)]) : undefined;
  const excludes = isObject(spec) && spec.excludes !== undefined ? (Array.isArray(spec.excludes) ? spec.excludes.map(String) : [String(spec.excludes)]) : [];
  const toRegex = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}(\\..*)?$`);
  const inc = includes?.map(toRegex);
  const exc = excludes.map(toRegex);
  const filter = (node: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (exc.some((regex) => regex.test(path))) continue;
      if (isObject(value)) {
        const child = filter(value, path);
        if (Object.keys(child).length > 0) out[key] = child;
      } else if (!inc || inc.some((regex) => regex.test(path))) {
        out[key] = value;
      }
    }
    return out;
  };
  return filter(source, '');
}

export function createOpenSearchFake(world: ServedWorld, options: OpenSearchFakeOptions) {
  const { clock } = world;
  const store = createDocumentStore(world);
  const indices = logIndices(world);
  const alias = world.naming.logsIndex;
  const clusterName = `${world.topology.name}-logs`;
  const expectedAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  /** The concrete indices an index expression names; a string is the missing concrete index. */
  function resolveIndices(expression: string | undefined, ignoreUnavailable: boolean): string[] | { missing: string } {
    if (expression === undefined || expression === '' || expression === '_all' || expression === '*') return indices;
    const selected = new Set<string>();
    for (const raw of expression.split(',')) {
      const part = raw.trim();
      if (part === '') continue;
      if (part.startsWith('-')) {
        const regex = new RegExp(`^${part.slice(1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        for (const index of [...selected]) if (regex.test(index)) selected.delete(index);
        continue;
      }
      if (part === '_all' || part === alias) {
        for (const index of indices) selected.add(index);
        continue;
      }
      if (part.includes('*')) {
        const regex = new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        for (const index of indices) if (regex.test(index)) selected.add(index);
        continue;
      }
      if (!indices.includes(part)) {
        if (ignoreUnavailable) continue;
        return { missing: part };
      }
      selected.add(part);
    }
    return indices.filter((index) => selected.has(index));
  }

  function matchingDocs(targets: string[], query: unknown, predicate: DocPredicate): LogDocument[] {
    if (targets.length === 0) return [];
    const wanted = new Set(targets);
    const narrow = narrowing(query, clock.now);
    const lower = Math.max(clock.start, narrow.from);
    const upper = Math.min(clock.now + 1, narrow.to);
    const services = (narrow.services ?? world.topology.services.map((service) => service.name)).filter((name) => world.service(name) !== undefined);
    const out: LogDocument[] = [];
    if (upper <= lower) return out;
    for (const service of services) {
      for (let minute = Math.max(clock.start, Math.floor(lower / 60_000) * 60_000 - 60_000); minute < upper; minute += 60_000) {
        for (const doc of store.minute(service, minute)) {
          if (doc.timestamp < lower || doc.timestamp >= upper || !wanted.has(doc.index)) continue;
          if (predicate(doc.fields)) out.push(doc);
        }
      }
    }
    return out;
  }

  function shards(count: number) {
    return { total: count, successful: count, skipped: 0, failed: 0 };
  }

  function search(req: IncomingMessage, res: ServerResponse, indexExpression: string | undefined, url: URL, body: Record<string, unknown>): void {
    const params = url.searchParams;
    const known = ['query', 'size', 'from', 'sort', 'search_after', 'aggs', 'aggregations', 'track_total_hits', '_source', 'timeout', 'track_scores', 'version', 'seq_no_primary_term', 'stored_fields', 'docvalue_fields', 'fields', 'highlight', 'min_score', 'terminate_after', 'explain'];
    for (const key of Object.keys(body)) {
      if (!known.includes(key)) return sendError(res, 400, 'parsing_exception', `Unknown key for a START_OBJECT in [${key}].`, { line: 1, col: 1 });
    }
    const resolved = resolveIndices(indexExpression, params.get('ignore_unavailable') === 'true');
    if (!Array.isArray(resolved)) return sendError(res, 404, 'index_not_found_exception', `no such index [${resolved.missing}]`, { 'resource.type': 'index_or_alias', 'resource.id': resolved.missing, index_uuid: '_na_', index: resolved.missing });
    let query = body.query;
    const q = params.get('q');
    if (q !== null) query = { query_string: { query: q, ...(params.get('df') ? { default_field: params.get('df') } : {}), ...(params.get('default_operator') ? { default_operator: params.get('default_operator') } : {}) } };
    const size = params.get('size') !== null ? Number(params.get('size')) : body.size === undefined ? 10 : Number(body.size);
    const from = params.get('from') !== null ? Number(params.get('from')) : body.from === undefined ? 0 : Number(body.from);
    if (!Number.isInteger(size) || size < 0) return sendError(res, 400, 'illegal_argument_exception', `[size] parameter cannot be negative, found [${size}]`);
    if (!Number.isInteger(from) || from < 0) return sendError(res, 400, 'illegal_argument_exception', `[from] parameter cannot be negative but was [${from}]`);
    if (from + size > MAX_RESULT_WINDOW) {
      return sendError(res, 400, 'illegal_argument_exception', `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`);
    }
    let predicate: DocPredicate;
    let sort: SortKey[];
    try {
      predicate = compileQuery(query, clock.now);
      sort = parseSort(params.get('sort') ?? body.sort);
    } catch (error) {
      if (error instanceof QueryDslError) return sendError(res, 400, error.type, error.message);
      throw error;
    }
    const searchAfter = body.search_after;
    if (searchAfter !== undefined) {
      if (!Array.isArray(searchAfter)) return sendError(res, 400, 'parsing_exception', '[search_after] must be an array');
      if (sort.length === 0) return sendError(res, 400, 'illegal_argument_exception', 'Sort must contain at least one field.');
      if (searchAfter.length !== sort.length) return sendError(res, 400, 'illegal_argument_exception', `search_after has ${searchAfter.length} value(s) but sort has ${sort.length}.`);
      if (from > 0) return sendError(res, 400, 'illegal_argument_exception', '[from] parameter must be set to 0 when [search_after] is used.');
    }

    const matched = matchingDocs(resolved, query, predicate);
    const sortValue = (doc: LogDocument, key: SortKey): string | number | undefined => {
      if (key.field === '_score') return 1;
      if (key.field === '_id') return doc.id;
      if (key.field === '_doc') return doc.timestamp;
      return doc.fields.get(resolveField(key.field).path);
    };
    // Without a sort every hit scores the same here; OpenSearch then returns them in index order.
    const ordering = sort.length > 0 ? sort : [{ field: '@timestamp', order: 'asc' as const }];
    matched.sort((a, b) => {
      for (const key of ordering) {
        const result = compareValues(sortValue(a, key), sortValue(b, key), key.order);
        if (result !== 0) return result;
      }
      return a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    let window = matched;
    if (Array.isArray(searchAfter)) {
      const after = searchAfter.map((value, index) => (DATE_FIELDS.has((sort[index] as SortKey).field) && typeof value === 'string' && !/^\d+$/.test(value) ? Date.parse(value) : typeof value === 'string' && /^\d+$/.test(value) && DATE_FIELDS.has((sort[index] as SortKey).field) ? Number(value) : value)) as (string | number)[];
      window = matched.filter((doc) => {
        for (let i = 0; i < sort.length; i++) {
          const result = compareValues(sortValue(doc, sort[i] as SortKey), after[i], (sort[i] as SortKey).order);
          if (result !== 0) return result > 0;
        }
        return false;
      });
    }
    const cap = pageCap(req);
    const pageSize = Math.min(size, cap ?? Infinity);
    const page = window.slice(from, from + pageSize);
    const trackTotal = body.track_total_hits ?? params.get('track_total_hits') ?? MAX_RESULT_WINDOW;
    let total: { value: number; relation: 'eq' | 'gte' } | undefined;
    if (trackTotal === true || trackTotal === 'true') total = { value: matched.length, relation: 'eq' };
    else if (trackTotal !== false && trackTotal !== 'false') {
      const limit = Number(trackTotal);
      total = matched.length > limit ? { value: limit, relation: 'gte' } : { value: matched.length, relation: 'eq' };
    }
    let aggregations: Record<string, unknown> | undefined;
    const aggs = body.aggs ?? body.aggregations;
    if (aggs !== undefined) {
      try {
        aggregations = runAggregations(aggs, matched.map((doc) => doc.fields), clock.now);
      } catch (error) {
        if (error instanceof QueryDslError) return sendError(res, 400, error.type, error.message);
        throw error;
      }
    }
    const sorted = sort.length > 0 && !sort.some((key) => key.field === '_score');
    const signature = JSON.stringify({ indexExpression, body, q });
    const response: Record<string, unknown> = {
      took: 2 + (hash32(world.seed, signature, 'took') % 38),
      timed_out: false,
      _shards: shards(resolved.length),
      hits: {
        ...(total ? { total } : {}),
        max_score: sorted || page.length === 0 ? null : 1,
        hits: page.map((doc) => {
          const source = pickSource(doc.source, body._source);
          return {
            _index: doc.index,
            _id: doc.id,
            _score: sorted ? null : 1,
            ...(source ? { _source: source } : {}),
            ...(sort.length > 0 ? { sort: sort.map((key) => sortValue(doc, key) ?? null) } : {}),
          };
        }),
      },
      ...(aggregations ? { aggregations } : {}),
    };
    sendJson(res, 200, response);
  }

  function count(res: ServerResponse, indexExpression: string | undefined, url: URL, body: Record<string, unknown>): void {
    const resolved = resolveIndices(indexExpression, url.searchParams.get('ignore_unavailable') === 'true');
    if (!Array.isArray(resolved)) return sendError(res, 404, 'index_not_found_exception', `no such index [${resolved.missing}]`, { 'resource.type': 'index_or_alias', 'resource.id': resolved.missing, index_uuid: '_na_', index: resolved.missing });
    for (const key of Object.keys(body)) if (key !== 'query') return sendError(res, 400, 'parsing_exception', `request does not support [${key}]`);
    const q = url.searchParams.get('q');
    const query = q !== null ? { query_string: { query: q } } : body.query;
    let predicate: DocPredicate;
    try {
      predicate = compileQuery(query, clock.now);
    } catch (error) {
      if (error instanceof QueryDslError) return sendError(res, 400, error.type, error.message);
      throw error;
    }
    sendJson(res, 200, { count: matchingDocs(resolved, query, predicate).length, _shards: shards(resolved.length) });
  }

  function catIndices(res: ServerResponse, url: URL): void {
    const rows = indices.map((index) => ({
      health: 'green',
      status: 'open',
      index,
      uuid: Buffer.from(hexString(32, world.seed, index, 'uuid'), 'hex').toString('base64url').slice(0, 22),
      pri: '1',
      rep: '1',
      'docs.count': String(100_000 + (hash32(world.seed, index, 'docs') % 900_000)),
      'docs.deleted': '0',
      'store.size': `${(200 + (hash32(world.seed, index, 'size') % 800)) / 10}mb`,
      'pri.store.size': `${(100 + (hash32(world.seed, index, 'size') % 400)) / 10}mb`,
    }));
    if (url.searchParams.get('format') === 'json') return sendJson(res, 200, rows);
    const text = rows.map((row) => Object.values(row).join(' ')).join('\n') + '\n';
    res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) }).end(text);
  }

  const MAPPING = {
    properties: {
      '@timestamp': { type: 'date' },
      message: { type: 'text' },
      log: { properties: { level: { type: 'keyword' }, logger: { type: 'keyword' } } },
      service: { properties: { name: { type: 'keyword' }, environment: { type: 'keyword' }, version: { type: 'keyword' } } },
      host: { properties: { name: { type: 'keyword' } } },
      kubernetes: {
        properties: {
          namespace: { type: 'keyword' },
          pod: { properties: { name: { type: 'keyword' } } },
          container: { properties: { name: { type: 'keyword' } } },
          deployment: { properties: { name: { type: 'keyword' } } },
          labels: { properties: { app: { type: 'keyword' } } },
        },
      },
      trace: { properties: { id: { type: 'keyword' } } },
      span: { properties: { id: { type: 'keyword' } } },
      http: { properties: { request: { properties: { method: { type: 'keyword' } } }, response: { properties: { status_code: { type: 'long' } } } } },
      url: { properties: { path: { type: 'keyword' } } },
      error: { properties: { type: { type: 'keyword' }, message: { type: 'text' }, stack_trace: { type: 'text' } } },
    },
  };

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (req.headers.authorization !== expectedAuth) {
      req.resume();
      const text = 'Unauthorized';
      res.writeHead(401, { 'content-type': 'text/plain; charset=UTF-8', 'www-authenticate': 'Basic realm="OpenSearch Security"', 'content-length': String(text.length) }).end(text);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'GET') {
      let text: string;
      try {
        text = await readBody(req, 5_000_000);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, 'content_too_long_exception', 'request body too large');
        throw error;
      }
      if (text.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return sendError(res, 400, 'parsing_exception', 'Unexpected character: was expecting a JSON object', { line: 1, col: 1 });
        }
        if (!isObject(parsed)) return sendError(res, 400, 'parsing_exception', 'request body must be a JSON object', { line: 1, col: 1 });
        body = parsed;
      }
    } else {
      req.resume();
    }
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'HEAD' && segments.length === 0) return void res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': '0' }).end();
    if (method === 'GET' && segments.length === 0) {
      return sendJson(res, 200, {
        name: `${world.topology.name}-logs-data-0`,
        cluster_name: clusterName,
        cluster_uuid: uuidFrom(world.seed, world.topology.name, 'opensearch-cluster').replace(/-/g, '').slice(0, 22),
        version: {
          distribution: 'opensearch',
          number: OPENSEARCH_VERSION,
          build_type: 'tar',
          build_hash: 'aaa2f4ea6b6b7f9e3e3e1b8ab1f3c37a3c3e5e2d',
          build_date: '2024-08-07T22:39:03.116215523Z',
          build_snapshot: false,
          lucene_version: '9.11.1',
          minimum_wire_compatibility_version: '7.10.0',
          minimum_index_compatibility_version: '7.0.0',
        },
        tagline: 'The OpenSearch Project: https://opensearch.org/',
      });
    }
    if (method !== 'GET' && method !== 'POST') return sendError(res, 405, 'illegal_argument_exception', `Incorrect HTTP method for uri [${url.pathname}] and method [${method}], allowed: [GET, POST]`);
    if (segments[0] === '_search' && segments.length === 1) return search(req, res, undefined, url, body);
    if (segments[0] === '_count' && segments.length === 1) return count(res, undefined, url, body);
    if (segments[0] === '_cat' && segments[1] === 'indices') return catIndices(res, url);
    if (segments.length === 2 && segments[1] === '_search') return search(req, res, segments[0], url, body);
    if (segments.length === 2 && segments[1] === '_count') return count(res, segments[0], url, body);
    if (segments.length === 2 && segments[1] === '_mapping' && method === 'GET') {
      const resolved = resolveIndices(segments[0], false);
      if (!Array.isArray(resolved)) return sendError(res, 404, 'index_not_found_exception', `no such index [${resolved.missing}]`, { 'resource.type': 'index_or_alias', 'resource.id': resolved.missing, index_uuid: '_na_', index: resolved.missing });
      return sendJson(res, 200, Object.fromEntries(resolved.map((index) => [index, { mappings: MAPPING }])));
    }
    if (segments.length >= 1 && !(segments[0] ?? '').startsWith('_') && segments.length === 1 && method === 'GET') {
      const resolved = resolveIndices(segments[0], false);
      if (!Array.isArray(resolved)) return sendError(res, 404, 'index_not_found_exception', `no such index [${resolved.missing}]`, { 'resource.type': 'index_or_alias', 'resource.id': resolved.missing, index_uuid: '_na_', index: resolved.missing });
      return sendJson(res, 200, Object.fromEntries(resolved.map((index) => [index, { aliases: { [alias]: {} }, mappings: MAPPING, settings: { index: { number_of_shards: '1', number_of_replicas: '1', provided_name: index } } }])));
    }
    options.logger.debug({ method, path: url.pathname }, 'opensearch: no such endpoint');
    sendError(res, 400, 'illegal_argument_exception', `request [${url.pathname}] contains unrecognized parameters or path`);
  }

  return { handler, indices };
}
