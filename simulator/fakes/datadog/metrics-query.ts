// The subset of the Datadog metrics query language the fake understands:
//   [<agg>:]<metric>{<scope>}[ by {<tag>[,<tag>]}][.as_count()|.as_rate()][.rollup(...)]
// with agg avg|sum|min|max, scope `*` or comma-separated `tag:value` / `!tag:value` (values may use
// `*` wildcards), and several queries separated by top-level commas.

export const AGGREGATORS = ['avg', 'sum', 'min', 'max'] as const;
export type Aggregator = (typeof AGGREGATORS)[number];

export interface ScopeFilter {
  key: string;
  value: string;
  negated: boolean;
}

export interface MetricQuery {
  /** The query text as written (trimmed). */
  text: string;
  aggregator: Aggregator | undefined;
  metric: string;
  filters: ScopeFilter[];
  groupBy: string[];
  modifier: 'as_count' | 'as_rate' | undefined;
}

export class MetricQueryError extends Error {}

/** Splits on commas that are outside braces and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{' || char === '(') depth++;
    if (char === '}' || char === ')') depth--;
    if (depth < 0) throw new MetricQueryError(`unbalanced '${char}'`);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw new MetricQueryError('unbalanced braces');
  parts.push(current);
  return parts.map((part) => part.trim());
}

const QUERY = /^(?:(avg|sum|min|max):)?([A-Za-z][A-Za-z0-9_.]*)\{([^{}]*)\}(.*)$/;
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

function parseScope(scope: string): ScopeFilter[] {
  const trimmed = scope.trim();
  if (trimmed === '*' || trimmed === '') return [];
  return trimmed.split(',').map((raw) => {
    const term = raw.trim();
    const negated = term.startsWith('!');
    const body = negated ? term.slice(1) : term;
    const colon = body.indexOf(':');
    if (colon <= 0 || colon === body.length - 1) throw new MetricQueryError(`invalid scope term '${term}', expected tag:value`);
    return { key: body.slice(0, colon), value: body.slice(colon + 1), negated };
  });
}

function parseOne(text: string): MetricQuery {
  if (text === '') throw new MetricQueryError('empty query');
  const match = QUERY.exec(text);
  if (!match) {
    const agg = /^(\w+):/.exec(text)?.[1];
    if (agg && !/[.]/.test(agg) && !(AGGREGATORS as readonly string[]).includes(agg)) {
      throw new MetricQueryError(`unknown aggregator '${agg}' (use one of ${AGGREGATORS.join(', ')})`);
    }
    throw new MetricQueryError(`expected <aggregator>:<metric>{<scope>} but got '${text}'`);
  }
  const [, aggregator, metric = '', scope = '', tail = ''] = match;
  if (!METRIC_NAME.test(metric)) throw new MetricQueryError(`invalid metric name '${metric}'`);
  let rest = tail.trim();
  let groupBy: string[] = [];
  let modifier: MetricQuery['modifier'];
  while (rest.length > 0) {
    const by = /^by\s*\{([^{}]*)\}/.exec(rest);
    const func = /^\.(as_count|as_rate)\(\)/.exec(rest);
    const rollup = /^\.rollup\(\s*(avg|sum|min|max|count)?\s*(?:,\s*\d+\s*)?\)/.exec(rest);
    if (by) {
      groupBy = (by[1] ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
      if (groupBy.length === 0) throw new MetricQueryError('empty group by');
      rest = rest.slice(by[0].length).trim();
    } else if (func) {
      modifier = func[1] as MetricQuery['modifier'];
      rest = rest.slice(func[0].length).trim();
    } else if (rollup) {
      rest = rest.slice(rollup[0].length).trim();
    } else {
      throw new MetricQueryError(`unexpected '${rest}' after the scope`);
    }
  }
  return { text, aggregator: aggregator as Aggregator | undefined, metric, filters: parseScope(scope), groupBy, modifier };
}

/** Parses a (possibly comma-separated) metrics query; throws MetricQueryError with the reason. */
export function parseMetricsQuery(query: string): MetricQuery[] {
  return splitTopLevel(query).map(parseOne);
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Whether a tag set satisfies every scope filter. */
export function matchesScope(tags: Record<string, string>, filters: ScopeFilter[]): boolean {
  return filters.every((filter) => {
    const value = tags[filter.key];
    const hit = value !== undefined && globToRegExp(filter.value).test(value);
    return filter.negated ? !hit : hit;
  });
}

/** The scope string of a series, as Datadog prints it. */
export function scopeText(filters: ScopeFilter[], groupTags: [string, string][]): string {
  const parts = [...filters.map((filter) => `${filter.negated ? '!' : ''}${filter.key}:${filter.value}`), ...groupTags.map(([key, value]) => `${key}:${value}`)];
  return parts.length === 0 ? '*' : parts.join(',');
}
