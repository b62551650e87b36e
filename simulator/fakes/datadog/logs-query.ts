// The subset of the Datadog log search syntax the fake understands: `key:value` on reserved
// attributes and tags (service, status, host, pod_name, trace_id, env, version, source, ...),
// `key:(a OR b)`, `@attribute.path:value`, bare words and "quoted phrases" as case-insensitive
// full text on the message, `*` wildcards, negation with `-` or NOT, AND (implicit), OR and
// parentheses. Also the time expressions of `filter.from`/`filter.to`.

export interface LogView {
  service: string;
  status: string;
  message: string;
  host: string;
  traceId: string | undefined;
  labels: Record<string, string>;
  attributes: Record<string, unknown>;
}

export type LogPredicate = (log: LogView) => boolean;

export class LogQueryError extends Error {}

type Token = { kind: 'open' } | { kind: 'close' } | { kind: 'quoted'; text: string } | { kind: 'word'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(') {
      tokens.push({ kind: 'open' });
      i++;
    } else if (char === ')') {
      tokens.push({ kind: 'close' });
      i++;
    } else if (char === '"') {
      let j = i + 1;
      let text = '';
      while (j < query.length && query[j] !== '"') {
        if (query[j] === '\\' && j + 1 < query.length) j++;
        text += query[j];
        j++;
      }
      if (j >= query.length) throw new LogQueryError('unterminated quoted phrase');
      tokens.push({ kind: 'quoted', text });
      i = j + 1;
    } else {
      let j = i;
      let text = '';
      while (j < query.length && !/[\s()]/.test(query[j] as string)) {
        if (query[j] === '"') {
          // key:"quoted value" stays one word.
          const end = query.indexOf('"', j + 1);
          if (end < 0) throw new LogQueryError('unterminated quoted phrase');
          text += query.slice(j, end + 1);
          j = end + 1;
          continue;
        }
        if (query[j] === '\\' && j + 1 < query.length) j++;
        text += query[j];
        j++;
      }
      tokens.push({ kind: 'word', text });
      i = j;
    }
  }
  return tokens;
}

function wildcard(pattern: string, anchored: boolean): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(anchored ? `^${escaped}$` : escaped, 'i');
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
}

const STATUS_ALIASES: Record<string, string> = { warning: 'warn', err: 'error', critical: 'error', emergency: 'error', alert: 'error', notice: 'info', ok: 'info', trace: 'debug' };

function attributeAt(attributes: Record<string, unknown>, path: string): unknown {
  let current: unknown = attributes;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function fieldValues(log: LogView, key: string): string[] {
  if (key.startsWith('@')) {
    const value = attributeAt(log.attributes, key.slice(1));
    return value === undefined || value === null || typeof value === 'object' ? [] : [String(value)];
  }
  switch (key) {
    case 'service':
      return [log.service];
    case 'status':
      return [log.status];
    case 'host':
      return [log.host];
    case 'trace_id': {
      const fromAttributes = attributeAt(log.attributes, 'trace_id');
      return [log.traceId, typeof fromAttributes === 'string' ? fromAttributes : undefined].filter((v): v is string => v !== undefined);
    }
    case 'message':
      return [log.message];
    default: {
      const label = log.labels[key];
      return label === undefined ? [] : [label];
    }
  }
}

function valueMatcher(key: string, raw: string): (candidate: string) => boolean {
  let value = unquote(raw);
  if (key === 'status') value = STATUS_ALIASES[value.toLowerCase()] ?? value;
  if (key === 'message') {
    const pattern = wildcard(value, false);
    return (candidate) => pattern.test(candidate);
  }
  const pattern = wildcard(value, true);
  return (candidate) => pattern.test(candidate);
}

function termPredicate(key: string, values: string[]): LogPredicate {
  const matchers = values.map((value) => valueMatcher(key, value));
  return (log) => fieldValues(log, key).some((candidate) => matchers.some((matches) => matches(candidate)));
}

function textPredicate(text: string): LogPredicate {
  if (text === '*') return () => true;
  const pattern = wildcard(text, false);
  return (log) => pattern.test(log.message);
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): LogPredicate {
    if (this.tokens.length === 0) return () => true;
    const predicate = this.orExpr();
    if (this.index < this.tokens.length) throw new LogQueryError(`unexpected ')' at token ${this.index + 1}`);
    return predicate;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private isWord(token: Token | undefined, text: string): boolean {
    return token?.kind === 'word' && token.text === text;
  }

  private orExpr(): LogPredicate {
    const options = [this.andExpr()];
    while (this.isWord(this.peek(), 'OR')) {
      this.index++;
      options.push(this.andExpr());
    }
    return options.length === 1 ? (options[0] as LogPredicate) : (log) => options.some((option) => option(log));
  }

  private andExpr(): LogPredicate {
    const parts: LogPredicate[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.kind === 'close' || this.isWord(token, 'OR')) break;
      if (this.isWord(token, 'AND')) {
        this.index++;
        continue;
      }
      parts.push(this.unary());
    }
    if (parts.length === 0) throw new LogQueryError('expected a search term');
    return parts.length === 1 ? (parts[0] as LogPredicate) : (log) => parts.every((part) => part(log));
  }

  private unary(): LogPredicate {
    const token = this.peek();
    if (this.isWord(token, 'NOT') || this.isWord(token, '-')) {
      this.index++;
      const inner = this.unary();
      return (log) => !inner(log);
    }
    if (token?.kind === 'word' && token.text.startsWith('-') && token.text.length > 1) {
      this.index++;
      const inner = this.word(token.text.slice(1));
      return (log) => !inner(log);
    }
    return this.primary();
  }

  private primary(): LogPredicate {
    const token = this.peek();
    if (token === undefined) throw new LogQueryError('unexpected end of query');
    this.index++;
    switch (token.kind) {
      case 'open': {
        const inner = this.orExpr();
        if (this.peek()?.kind !== 'close') throw new LogQueryError("missing ')'");
        this.index++;
        return inner;
      }
      case 'close':
        throw new LogQueryError("unexpected ')'");
      case 'quoted': {
        const phrase = token.text.toLowerCase();
        return (log) => log.message.toLowerCase().includes(phrase);
      }
      case 'word':
        return this.word(token.text);
    }
  }

  private word(text: string): LogPredicate {
    const colon = text.indexOf(':');
    if (colon <= 0) return textPredicate(text);
    const key = text.slice(0, colon);
    const value = text.slice(colon + 1);
    if (value === '') {
      // key:(a OR b)
      if (this.peek()?.kind !== 'open') throw new LogQueryError(`missing value after '${key}:'`);
      this.index++;
      const values: string[] = [];
      for (;;) {
        const next = this.peek();
        if (next === undefined) throw new LogQueryError(`missing ')' after '${key}:('`);
        this.index++;
        if (next.kind === 'close') break;
        if (next.kind === 'open') throw new LogQueryError(`nested parentheses in '${key}:(...)'`);
        if (next.kind === 'word' && (next.text === 'OR' || next.text === 'AND')) continue;
        values.push(next.kind === 'quoted' ? `"${next.text}"` : next.text);
      }
      if (values.length === 0) throw new LogQueryError(`empty value list for '${key}'`);
      return termPredicate(key, values);
    }
    return termPredicate(key, [value]);
  }
}

/** Compiles a log search query; throws LogQueryError with the reason. */
export function compileLogQuery(query: string): LogPredicate {
  return new Parser(tokenize(query.trim())).parse();
}

/** The positive `service:` values the query requires, when it names exact services (for scanning fewer services). */
export function requiredServices(query: string): string[] | undefined {
  const trimmed = query.trim();
  // Only a plain conjunction can be narrowed; value groups such as status:(error OR warn) are fine.
  if (/\bOR\b|\bNOT\b|(^|\s)-|\(/.test(trimmed.replace(/[\w@.]+:\([^()]*\)/g, ''))) return undefined;
  const exact = [...trimmed.matchAll(/(?:^|\s)service:([A-Za-z0-9._-]+)(?=\s|$)/g)].map((match) => match[1] as string);
  return exact.length === 1 ? exact : undefined;
}

const RELATIVE = /^now(?:\s*([+-])\s*(\d+)\s*(ms|s|m|h|d|w))?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `now`, `now-15m`, an epoch-milliseconds string or an ISO 8601 date; undefined when unreadable. */
export function parseLogTime(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) {
    if (!relative[1]) return now;
    const amount = Number(relative[2]) * (UNIT_MS[relative[3] as string] ?? 0);
    return relative[1] === '-' ? now - amount : now + amount;
  }
  // Datadog takes milliseconds; ten digits can only be seconds.
  if (/^\d{10}$/.test(trimmed)) return Number(trimmed) * 1000;
  if (/^\d{11,16}$/.test(trimmed)) return Number(trimmed);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}
