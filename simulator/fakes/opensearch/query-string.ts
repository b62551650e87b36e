// The basics of the Lucene query string syntax OpenSearch's `query_string` and `?q=` take:
// `field:value`, `field:"a phrase"`, `"a phrase"`, bare words (on the default fields), `*`/`?`
// wildcards, `field:(a OR b)`, `field:[a TO b]` / `{a TO b}` ranges, `field:>=500`, AND / OR / NOT,
// `&&` / `||` / `!`, `+` / `-` prefixes, parentheses, and `_exists_:field`.
import { matchPredicate, phrasePredicate, QueryDslError, rangePredicate, wildcardPredicate, type DocPredicate } from './query-dsl.ts';

export interface QueryStringOptions {
  defaultFields: string[];
  defaultOperator: 'and' | 'or';
  now: number;
}

type Token = { kind: 'open' } | { kind: 'close' } | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' } | { kind: 'term'; text: string; quoted: boolean; field?: string; prefix?: '+' | '-' };

function fail(reason: string): never {
  throw new QueryDslError('query_shard_exception', `Failed to parse query: ${reason}`);
}

function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const readQuoted = (): string => {
    let text = '';
    i++;
    while (i < query.length && query[i] !== '"') {
      if (query[i] === '\\' && i + 1 < query.length) i++;
      text += query[i];
      i++;
    }
    if (i >= query.length) fail('unterminated quoted phrase');
    i++;
    return text;
  };
  const readBare = (): string => {
    let text = '';
    while (i < query.length && !/[\s()]/.test(query[i] as string)) {
      if (query[i] === '\\' && i + 1 < query.length) i++;
      text += query[i];
      i++;
    }
    return text;
  };
  while (i < query.length) {
    const char = query[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === '(') {
      out.push({ kind: 'open' });
      i++;
      continue;
    }
    if (char === ')') {
      out.push({ kind: 'close' });
      i++;
      continue;
    }
    if (query.startsWith('&&', i)) {
      out.push({ kind: 'op', op: 'AND' });
      i += 2;
      continue;
    }
    if (query.startsWith('||', i)) {
      out.push({ kind: 'op', op: 'OR' });
      i += 2;
      continue;
    }
    if (char === '!' ) {
      out.push({ kind: 'op', op: 'NOT' });
      i++;
      continue;
    }
    let prefix: '+' | '-' | undefined;
    if ((char === '+' || char === '-') && i + 1 < query.length && !/\s/.test(query[i + 1] as string)) {
      prefix = char;
      i++;
    }
    if (query[i] === '"') {
      out.push({ kind: 'term', text: readQuoted(), quoted: true, ...(prefix ? { prefix } : {}) });
      continue;
    }
    // field:value, field:"phrase", field:(...), field:[a TO b]
    const fieldMatch = /^([A-Za-z_@][\w.@*-]*):/.exec(query.slice(i));
    if (fieldMatch) {
      const field = fieldMatch[1] as string;
      i += fieldMatch[0].length;
      if (query[i] === '"') {
        out.push({ kind: 'term', field, text: readQuoted(), quoted: true, ...(prefix ? { prefix } : {}) });
      } else if (query[i] === '[' || query[i] === '{') {
        const close = query.slice(i).search(/[\]}]/);
        if (close < 0) fail(`unterminated range for [${field}]`);
        out.push({ kind: 'term', field, text: query.slice(i, i + close + 1), quoted: false, ...(prefix ? { prefix } : {}) });
        i += close + 1;
      } else if (query[i] === '(') {
        out.push({ kind: 'term', field, text: '(', quoted: false, ...(prefix ? { prefix } : {}) });
        i++;
      } else {
        const text = readBare();
        if (text === '') fail(`missing value after [${field}:]`);
        out.push({ kind: 'term', field, text, quoted: false, ...(prefix ? { prefix } : {}) });
      }
      continue;
    }
    const text = readBare();
    if (!prefix && (text === 'AND' || text === 'OR' || text === 'NOT')) out.push({ kind: 'op', op: text });
    else out.push({ kind: 'term', text, quoted: false, ...(prefix ? { prefix } : {}) });
  }
  return out;
}

export function compileQueryString(query: string, options: QueryStringOptions): DocPredicate {
  const tokens = tokenize(query.trim());
  let index = 0;
  const peek = () => tokens[index];

  function leaf(field: string | undefined, text: string, quoted: boolean): DocPredicate {
    const fields = field === undefined ? options.defaultFields : [field];
    const one = (name: string): DocPredicate => {
      if (name === '_exists_') return (doc) => doc.has(text.replace(/\.keyword$/, ''));
      if (quoted) return phrasePredicate(name, text);
      if (text === '*') return (doc) => doc.has(name.replace(/\.keyword$/, ''));
      const range = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/.exec(text);
      if (range) {
        const bounds: Record<string, unknown> = {};
        if (range[2] !== '*') bounds[range[1] === '[' ? 'gte' : 'gt'] = range[2];
        if (range[3] !== '*') bounds[range[4] === ']' ? 'lte' : 'lt'] = range[3];
        return rangePredicate(name, bounds, options.now);
      }
      const comparison = /^(>=|<=|>|<)(.+)$/.exec(text);
      if (comparison) {
        const key = { '>=': 'gte', '<=': 'lte', '>': 'gt', '<': 'lt' }[comparison[1] as '>=' | '<=' | '>' | '<'];
        return rangePredicate(name, { [key]: comparison[2] }, options.now);
      }
      if (/[*?]/.test(text)) return wildcardPredicate(name, text);
      return matchPredicate(name, text);
    };
    const parts = fields.map(one);
    return parts.length === 1 ? (parts[0] as DocPredicate) : (doc) => parts.some((part) => part(doc));
  }

  function primary(): DocPredicate {
    const token = peek();
    if (token === undefined) fail('unexpected end of query');
    index++;
    if (token.kind === 'open') {
      const inner = orExpr();
      if (peek()?.kind !== 'close') fail("missing ')'");
      index++;
      return inner;
    }
    if (token.kind === 'close') fail("unexpected ')'");
    if (token.kind === 'op') fail(`unexpected operator ${token.op}`);
    let predicate: DocPredicate;
    if (token.field !== undefined && token.text === '(' && !token.quoted) {
      // field:(a OR b c): the group applies to this field.
      const saved = options.defaultFields;
      options.defaultFields = [token.field];
      try {
        predicate = orExpr();
      } finally {
        options.defaultFields = saved;
      }
      if (peek()?.kind !== 'close') fail(`missing ')' after [${token.field}:(]`);
      index++;
    } else {
      predicate = leaf(token.field, token.text, token.quoted);
    }
    if (token.prefix === '-') return (doc) => !predicate(doc);
    return predicate;
  }

  function unary(): DocPredicate {
    const token = peek();
    if (token?.kind === 'op' && token.op === 'NOT') {
      index++;
      const inner = unary();
      return (doc) => !inner(doc);
    }
    return primary();
  }

  function startsOperand(token: Token | undefined): boolean {
    return token !== undefined && (token.kind === 'term' || token.kind === 'open' || (token.kind === 'op' && token.op === 'NOT'));
  }

  function andExpr(): DocPredicate {
    const parts = [unary()];
    for (;;) {
      const token = peek();
      if (token?.kind === 'op' && token.op === 'AND') {
        index++;
        parts.push(unary());
      } else if (options.defaultOperator === 'and' && startsOperand(token)) {
        parts.push(unary());
      } else break;
    }
    return parts.length === 1 ? (parts[0] as DocPredicate) : (doc) => parts.every((part) => part(doc));
  }

  function orExpr(): DocPredicate {
    const required: DocPredicate[] = [];
    const optional: DocPredicate[] = [];
    const head = peek();
    const first = andExpr();
    (options.defaultOperator === 'or' && head?.kind === 'term' && head.prefix !== undefined ? required : optional).push(first);
    for (;;) {
      const token = peek();
      if (token?.kind === 'op' && token.op === 'OR') {
        index++;
        optional.push(andExpr());
      } else if (options.defaultOperator === 'or' && startsOperand(token)) {
        // `+term` is required even under the OR default; `-term` (compiled as a negation) too.
        const next = token as Token;
        const mandatory = next.kind === 'term' && next.prefix !== undefined;
        const part = andExpr();
        (mandatory ? required : optional).push(part);
      } else break;
    }
    if (optional.length === 1 && required.length === 0) return first;
    // Optional clauses only count when there are no required ones (Lucene's SHOULD with MUST).
    return (doc) => required.every((part) => part(doc)) && (required.length > 0 || optional.some((part) => part(doc)));
  }

  if (tokens.length === 0) return () => true;
  const predicate = orExpr();
  if (index < tokens.length) fail(`unexpected ')' at token ${index + 1}`);
  return predicate;
}
