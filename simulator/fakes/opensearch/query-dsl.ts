// The subset of the OpenSearch query DSL that log searches use, compiled to a predicate over a
// flattened document: bool (must / filter / should / must_not, minimum_should_match), match,
// match_phrase, multi_match, term, terms, range (dates as ISO, epoch_millis or `now-15m` date math;
// numbers), exists, prefix, wildcard, match_all, match_none and query_string / simple_query_string
// (see query-string.ts). Text fields (`message`) match on lower-cased word tokens; keyword fields on
// the whole value, as a standard log mapping does. Errors are OpenSearch's own error types.
import { compileQueryString } from './query-string.ts';

/** A field's values: dotted path -> value (strings for keyword/text, numbers for numeric fields, epoch ms for dates). */
export type DocFields = ReadonlyMap<string, string | number>;
export type DocPredicate = (doc: DocFields) => boolean;

/** Fields analysed as full text; every other string field is a keyword. */
export const TEXT_FIELDS: ReadonlySet<string> = new Set(['message', 'error.message', 'error.stack_trace']);
export const DATE_FIELDS: ReadonlySet<string> = new Set(['@timestamp']);

export class QueryDslError extends Error {
  readonly type: string;
  constructor(type: string, reason: string) {
    super(reason);
    this.type = type;
  }
}

export function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
}

/** `service.name.keyword` reads the keyword sub-field of `service.name`; on a text field it means the exact value. */
export function resolveField(field: string): { path: string; exact: boolean } {
  if (field.endsWith('.keyword')) return { path: field.slice(0, -'.keyword'.length), exact: true };
  return { path: field, exact: !TEXT_FIELDS.has(field) };
}

const DATE_MATH = /^now(?:([+-])(\d+)([smhdwMy]))?(?:\/([smhdwMy]))?$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

/** A date as OpenSearch reads it in a range: ISO 8601, epoch millis (number or digits), or date math on now. */
export function parseDate(value: unknown, now: number, format?: string): number {
  if (typeof value === 'number') return format === 'epoch_second' ? value * 1000 : value;
  if (typeof value !== 'string') throw new QueryDslError('parse_exception', `failed to parse date field [${String(value)}]`);
  const math = DATE_MATH.exec(value.trim());
  if (math) {
    let t = now;
    if (math[1]) t += (math[1] === '-' ? -1 : 1) * Number(math[2]) * (UNIT_MS[math[3] as string] ?? 0);
    if (math[4]) t = Math.floor(t / (UNIT_MS[math[4]] ?? 1)) * (UNIT_MS[math[4]] ?? 1);
    return t;
  }
  if (/^\d+$/.test(value)) return format === 'epoch_second' ? Number(value) * 1000 : Number(value);
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new QueryDslError('parse_exception', `failed to parse date field [${value}] with format [${format ?? 'strict_date_optional_time||epoch_millis'}]: [failed to parse date field [${value}]]`);
  }
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function single(query: unknown, context: string): [string, unknown] {
  if (!isObject(query)) throw new QueryDslError('parsing_exception', `[${context}] query malformed, no start_object after query name`);
  const entries = Object.entries(query);
  if (entries.length !== 1) throw new QueryDslError('parsing_exception', `[${context}] query doesn't support multiple fields, found [${entries.map(([key]) => key).join('] and [')}]`);
  return entries[0] as [string, unknown];
}

function valueMatches(actual: string | number | undefined, expected: unknown, exact: boolean): boolean {
  if (actual === undefined) return false;
  if (typeof actual === 'number') return Number(expected) === actual;
  if (exact) return actual === String(expected);
  return tokens(actual).includes(String(expected).toLowerCase());
}

function phraseIn(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function matchPredicate(field: string, text: string, operator: 'or' | 'and' = 'or'): DocPredicate {
  const { path, exact } = resolveField(field);
  if (exact) return (doc) => {
    const actual = doc.get(path);
    return actual !== undefined && String(actual) === text;
  };
  const wanted = tokens(text);
  return (doc) => {
    const actual = doc.get(path);
    if (actual === undefined) return false;
    const have = new Set(tokens(String(actual)));
    return operator === 'and' ? wanted.every((token) => have.has(token)) : wanted.some((token) => have.has(token));
  };
}

export function phrasePredicate(field: string, text: string): DocPredicate {
  const { path, exact } = resolveField(field);
  if (exact) return (doc) => String(doc.get(path) ?? '\u0000') === text;
  const wanted = tokens(text);
  return (doc) => {
    const actual = doc.get(path);
    return actual !== undefined && phraseIn(tokens(String(actual)), wanted);
  };
}

export function wildcardPredicate(field: string, pattern: string, caseInsensitive = false): DocPredicate {
  const { path, exact } = resolveField(field);
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, caseInsensitive || !exact ? 'i' : '');
  return (doc) => {
    const actual = doc.get(path);
    if (actual === undefined) return false;
    return exact ? regex.test(String(actual)) : tokens(String(actual)).some((token) => regex.test(token));
  };
}

export function rangePredicate(field: string, bounds: Record<string, unknown>, now: number): DocPredicate {
  const { path } = resolveField(field);
  const known = ['gte', 'gt', 'lte', 'lt', 'format', 'time_zone', 'boost', 'from', 'to', 'include_lower', 'include_upper', 'relation'];
  for (const key of Object.keys(bounds)) {
    if (!known.includes(key)) throw new QueryDslError('parsing_exception', `[range] query does not support [${key}]`);
  }
  const format = typeof bounds.format === 'string' ? bounds.format : undefined;
  const isDate = DATE_FIELDS.has(path);
  const convert = (value: unknown): number | string => {
    if (isDate) return parseDate(value, now, format);
    if (typeof value === 'number') return value;
    const number = Number(value);
    return Number.isNaN(number) ? String(value) : number;
  };
  const gte = bounds.gte ?? (bounds.from !== undefined && bounds.include_lower !== false ? bounds.from : undefined);
  const gt = bounds.gt ?? (bounds.from !== undefined && bounds.include_lower === false ? bounds.from : undefined);
  const lte = bounds.lte ?? (bounds.to !== undefined && bounds.include_upper !== false ? bounds.to : undefined);
  const lt = bounds.lt ?? (bounds.to !== undefined && bounds.include_upper === false ? bounds.to : undefined);
  const checks: ((value: number | string) => boolean)[] = [];
  if (gte !== undefined && gte !== null) {
    const bound = convert(gte);
    checks.push((value) => value >= bound);
  }
  if (gt !== undefined && gt !== null) {
    const bound = convert(gt);
    checks.push((value) => value > bound);
  }
  if (lte !== undefined && lte !== null) {
    // Rounded date math on an upper bound includes the whole unit (now/d includes today), as OpenSearch does.
    const bound = convert(lte);
    checks.push((value) => value <= bound);
  }
  if (lt !== undefined && lt !== null) {
    const bound = convert(lt);
    checks.push((value) => value < bound);
  }
  return (doc) => {
    const actual = doc.get(path);
    return actual !== undefined && checks.every((check) => check(actual));
  };
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function minimumShouldMatch(spec: unknown, clauses: number): number {
  if (spec === undefined) return 0;
  if (typeof spec === 'number') return spec < 0 ? Math.max(0, clauses + spec) : spec;
  const text = String(spec).trim();
  const percent = /^(-?\d+)%$/.exec(text);
  if (percent) {
    const share = Math.floor((clauses * Math.abs(Number(percent[1]))) / 100);
    return Number(percent[1]) < 0 ? clauses - share : share;
  }
  if (/^-?\d+$/.test(text)) return Number(text) < 0 ? Math.max(0, clauses + Number(text)) : Number(text);
  throw new QueryDslError('parsing_exception', `[bool] failed to parse minimum_should_match [${text}]`);
}

/** Compiles a query object (the value of the request's `query`); `now` anchors date math. */
export function compileQuery(query: unknown, now: number): DocPredicate {
  if (query === undefined || query === null) return () => true;
  const [type, body] = single(query, 'query');
  switch (type) {
    case 'match_all':
      return () => true;
    case 'match_none':
      return () => false;
    case 'bool': {
      if (!isObject(body)) throw new QueryDslError('parsing_exception', '[bool] query malformed, no start_object after query name');
      for (const key of Object.keys(body)) {
        if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(key)) {
          throw new QueryDslError('parsing_exception', `[bool] query does not support [${key}]`);
        }
      }
      const must = [...asArray(body.must), ...asArray(body.filter)].map((clause) => compileQuery(clause, now));
      const should = asArray(body.should).map((clause) => compileQuery(clause, now));
      const mustNot = asArray(body.must_not).map((clause) => compileQuery(clause, now));
      const required = body.minimum_should_match !== undefined ? minimumShouldMatch(body.minimum_should_match, should.length) : must.length === 0 && should.length > 0 ? 1 : 0;
      return (doc) => {
        if (!must.every((clause) => clause(doc))) return false;
        if (mustNot.some((clause) => clause(doc))) return false;
        if (required > 0) {
          let hits = 0;
          for (const clause of should) if (clause(doc) && ++hits >= required) return true;
          return false;
        }
        return true;
      };
    }
    case 'match': {
      const [field, spec] = single(body, 'match');
      if (isObject(spec)) {
        if (spec.query === undefined) throw new QueryDslError('parsing_exception', `[match] requires query value`);
        return matchPredicate(field, String(spec.query), spec.operator === 'and' || spec.operator === 'AND' ? 'and' : 'or');
      }
      return matchPredicate(field, String(spec));
    }
    case 'match_phrase': {
      const [field, spec] = single(body, 'match_phrase');
      return phrasePredicate(field, String(isObject(spec) ? spec.query : spec));
    }
    case 'multi_match': {
      if (!isObject(body) || body.query === undefined) throw new QueryDslError('parsing_exception', '[multi_match] requires query value');
      const fields = asArray(body.fields ?? ['message']).map(String);
      const text = String(body.query);
      const parts = fields.map((field) => (body.type === 'phrase' ? phrasePredicate(field.replace(/\^\d+(\.\d+)?$/, ''), text) : matchPredicate(field.replace(/\^\d+(\.\d+)?$/, ''), text, body.operator === 'and' ? 'and' : 'or')));
      return (doc) => parts.some((part) => part(doc));
    }
    case 'term': {
      const [field, spec] = single(body, 'term');
      const value = isObject(spec) ? spec.value : spec;
      if (value === undefined) throw new QueryDslError('parsing_exception', '[term] query requires a value');
      const { path, exact } = resolveField(field);
      return (doc) => valueMatches(doc.get(path), value, exact);
    }
    case 'terms': {
      if (!isObject(body)) throw new QueryDslError('parsing_exception', '[terms] query malformed');
      const entries = Object.entries(body).filter(([key]) => key !== 'boost' && key !== '_name');
      if (entries.length !== 1) throw new QueryDslError('parsing_exception', '[terms] query does not support multiple fields');
      const [field, values] = entries[0] as [string, unknown];
      if (!Array.isArray(values)) throw new QueryDslError('parsing_exception', `[terms] query does not support [${field}]`);
      const { path, exact } = resolveField(field);
      return (doc) => values.some((value) => valueMatches(doc.get(path), value, exact));
    }
    case 'range': {
      const [field, bounds] = single(body, 'range');
      if (!isObject(bounds)) throw new QueryDslError('parsing_exception', '[range] query malformed, no start_object after query name');
      return rangePredicate(field, bounds, now);
    }
    case 'exists': {
      if (!isObject(body) || typeof body.field !== 'string') throw new QueryDslError('parsing_exception', '[exists] must be provided with a [field]');
      const { path } = resolveField(body.field);
      return (doc) => doc.has(path);
    }
    case 'prefix': {
      const [field, spec] = single(body, 'prefix');
      const value = String(isObject(spec) ? spec.value : spec);
      return wildcardPredicate(field, `${value.replace(/[*?]/g, '')}*`, isObject(spec) && spec.case_insensitive === true);
    }
    case 'wildcard': {
      const [field, spec] = single(body, 'wildcard');
      const value = String(isObject(spec) ? (spec.value ?? spec.wildcard) : spec);
      return wildcardPredicate(field, value, isObject(spec) && spec.case_insensitive === true);
    }
    case 'query_string':
    case 'simple_query_string': {
      if (!isObject(body) || typeof body.query !== 'string') throw new QueryDslError('parsing_exception', `[${type}] requires a query`);
      const fields = body.default_field !== undefined ? [String(body.default_field)] : body.fields !== undefined ? asArray(body.fields).map(String) : ['message'];
      const operator = String(body.default_operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
      return compileQueryString(body.query, { defaultFields: fields.map((field) => (field === '*' ? 'message' : field)), defaultOperator: operator, now });
    }
    default:
      throw new QueryDslError('parsing_exception', `unknown query [${type}]`);
  }
}
