// The bucket aggregations log dashboards and agents use: `date_histogram` (fixed_interval or
// calendar_interval, min_doc_count, extended_bounds) and `terms` (size, order by _count or _key,
// min_doc_count, missing), each with sub-aggregations, plus `value_count`, `cardinality`, `min`,
// `max`, `avg` and `sum` as metric leaves. Output shapes are OpenSearch's.
import { DATE_FIELDS, parseDate, QueryDslError, resolveField, TEXT_FIELDS, type DocFields } from './query-dsl.ts';

const FIXED: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const CALENDAR: Record<string, number> = { minute: 60_000, '1m': 60_000, hour: 3_600_000, '1h': 3_600_000, day: 86_400_000, '1d': 86_400_000, week: 604_800_000, '1w': 604_800_000 };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intervalMs(spec: Record<string, unknown>, name: string): number {
  if (typeof spec.fixed_interval === 'string') {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(spec.fixed_interval);
    if (!match) throw new QueryDslError('parsing_exception', `[date_histogram] failed to parse setting [date_histogram.fixedInterval] with value [${spec.fixed_interval}] as a time value: unit is missing or unrecognized`);
    return Number(match[1]) * (FIXED[match[2] as string] as number);
  }
  if (typeof spec.calendar_interval === 'string') {
    const ms = CALENDAR[spec.calendar_interval];
    if (ms === undefined) throw new QueryDslError('illegal_argument_exception', `The supplied interval [${spec.calendar_interval}] could not be parsed as a calendar interval.`);
    return ms;
  }
  if (typeof spec.interval === 'string') return intervalMs({ fixed_interval: spec.interval }, name);
  throw new QueryDslError('illegal_argument_exception', `Invalid interval specified, must be non-null and non-empty for aggregation [${name}]`);
}

function fieldOf(spec: Record<string, unknown>, type: string, name: string): string {
  if (typeof spec.field !== 'string') throw new QueryDslError('illegal_argument_exception', `Required one of fields [field, script], but none were specified for [${type}] aggregation [${name}]`);
  return spec.field;
}

function subAggregations(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const sub = spec.aggs ?? spec.aggregations;
  return isObject(sub) ? sub : undefined;
}

/** Runs every aggregation in `aggs` over `docs`; nested aggregations run on each bucket's docs. */
export function runAggregations(aggs: unknown, docs: DocFields[], now: number, depth = 0): Record<string, unknown> {
  if (!isObject(aggs)) throw new QueryDslError('parsing_exception', 'Expected [START_OBJECT] under [aggs]');
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(aggs).sort()) {
    const definition = aggs[name];
    if (!isObject(definition)) throw new QueryDslError('parsing_exception', `Expected [START_OBJECT] under [${name}]`);
    const sub = subAggregations(definition);
    const types = Object.keys(definition).filter((key) => key !== 'aggs' && key !== 'aggregations' && key !== 'meta');
    if (types.length !== 1) throw new QueryDslError('parsing_exception', `Expected exactly one aggregation type for [${name}], found [${types.join(', ')}]`);
    const type = types[0] as string;
    const spec = definition[type];
    if (!isObject(spec)) throw new QueryDslError('parsing_exception', `[${type}] aggregation [${name}] must be an object`);
    if (sub && depth >= 2) throw new QueryDslError('illegal_argument_exception', `aggregations nested deeper than two levels are not supported here`);
    const nested = (bucketDocs: DocFields[]) => (sub ? runAggregations(sub, bucketDocs, now, depth + 1) : {});
    switch (type) {
      case 'date_histogram': {
        const field = fieldOf(spec, type, name);
        const interval = intervalMs(spec, name);
        const minDocCount = typeof spec.min_doc_count === 'number' ? spec.min_doc_count : 0;
        const groups = new Map<number, DocFields[]>();
        for (const doc of docs) {
          const value = doc.get(resolveField(field).path);
          if (typeof value !== 'number') continue;
          const key = Math.floor(value / interval) * interval;
          const group = groups.get(key) ?? [];
          group.push(doc);
          groups.set(key, group);
        }
        let keys = [...groups.keys()].sort((a, b) => a - b);
        if (minDocCount === 0 && (keys.length > 0 || isObject(spec.extended_bounds))) {
          let first = keys[0] ?? Infinity;
          let last = keys[keys.length - 1] ?? -Infinity;
          if (isObject(spec.extended_bounds)) {
            if (spec.extended_bounds.min !== undefined) first = Math.min(first, Math.floor(parseDate(spec.extended_bounds.min, now) / interval) * interval);
            if (spec.extended_bounds.max !== undefined) last = Math.max(last, Math.floor(parseDate(spec.extended_bounds.max, now) / interval) * interval);
          }
          keys = [];
          for (let key = first; key <= last && keys.length < 10_000; key += interval) keys.push(key);
        }
        const buckets = keys
          .map((key) => ({ key, docs: groups.get(key) ?? [] }))
          .filter((bucket) => bucket.docs.length >= minDocCount)
          .map((bucket) => ({ key_as_string: new Date(bucket.key).toISOString(), key: bucket.key, doc_count: bucket.docs.length, ...nested(bucket.docs) }));
        if (spec.order !== undefined && isObject(spec.order) && (spec.order._key === 'desc' || spec.order._count !== undefined)) {
          buckets.sort((a, b) => (spec.order as Record<string, string>)._key === 'desc' ? b.key - a.key : (spec.order as Record<string, string>)._count === 'asc' ? a.doc_count - b.doc_count || a.key - b.key : b.doc_count - a.doc_count || a.key - b.key);
        }
        out[name] = { buckets };
        break;
      }
      case 'terms': {
        const field = fieldOf(spec, type, name);
        const { path, exact } = resolveField(field);
        if (!exact && TEXT_FIELDS.has(path)) {
          throw new QueryDslError('illegal_argument_exception', `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${path}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`);
        }
        const size = typeof spec.size === 'number' ? spec.size : 10;
        const minDocCount = typeof spec.min_doc_count === 'number' ? spec.min_doc_count : 1;
        const groups = new Map<string | number, DocFields[]>();
        for (const doc of docs) {
          const value = doc.get(path) ?? (spec.missing as string | number | undefined);
          if (value === undefined) continue;
          const group = groups.get(value) ?? [];
          group.push(doc);
          groups.set(value, group);
        }
        const order = isObject(spec.order) ? spec.order : { _count: 'desc' };
        const byKey = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
        const entries = [...groups.entries()].filter(([, group]) => group.length >= minDocCount);
        entries.sort(([ka, a], [kb, b]) => {
          if (order._key !== undefined) return order._key === 'desc' ? byKey(kb, ka) : byKey(ka, kb);
          const count = order._count === 'asc' ? a.length - b.length : b.length - a.length;
          return count || byKey(ka, kb);
        });
        const kept = entries.slice(0, size);
        const total = entries.reduce((sum, [, group]) => sum + group.length, 0);
        out[name] = {
          doc_count_error_upper_bound: 0,
          sum_other_doc_count: total - kept.reduce((sum, [, group]) => sum + group.length, 0),
          buckets: kept.map(([key, group]) => ({ key, ...(DATE_FIELDS.has(path) && typeof key === 'number' ? { key_as_string: new Date(key).toISOString() } : {}), doc_count: group.length, ...nested(group) })),
        };
        break;
      }
      case 'value_count':
      case 'cardinality':
      case 'min':
      case 'max':
      case 'avg':
      case 'sum': {
        const { path } = resolveField(fieldOf(spec, type, name));
        const values = docs.map((doc) => doc.get(path)).filter((value): value is string | number => value !== undefined);
        const numbers = values.filter((value): value is number => typeof value === 'number');
        if (type === 'value_count') out[name] = { value: values.length };
        else if (type === 'cardinality') out[name] = { value: new Set(values).size };
        else if (type === 'sum') out[name] = { value: numbers.reduce((sum, value) => sum + value, 0) };
        else if (numbers.length === 0) out[name] = { value: null };
        else if (type === 'avg') out[name] = { value: numbers.reduce((sum, value) => sum + value, 0) / numbers.length };
        else {
          const value = type === 'min' ? Math.min(...numbers) : Math.max(...numbers);
          out[name] = { value, ...(DATE_FIELDS.has(path) ? { value_as_string: new Date(value).toISOString() } : {}) };
        }
        break;
      }
      default:
        throw new QueryDslError('parsing_exception', `Unknown aggregation type [${type}] did you mean [terms]?`);
    }
  }
  return out;
}
