// Secrets and personal data must not reach a model or Slack. Redaction runs on vendor data before
// it is summarized, so signatures, samples and messages are all clean. Patterns are deliberately
// narrow: over-redaction hides evidence (a trace id or a commit sha is what an engineer needs).

export type RedactionKind =
  | 'private_key'
  | 'jwt'
  | 'bearer_token'
  | 'slack_token'
  | 'aws_access_key'
  | 'url_password'
  | 'password'
  | 'secret'
  | 'api_key'
  | 'email';

function mark(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

// Key names whose value is a credential in `key=value`, `key: value` or `"key": "value"` form.
const PASSWORD_KEYS = 'password|passwd|pwd|pass';
const SECRET_KEYS =
  '[a-z_.-]*secret[a-z_.-]*|[a-z_.-]*token|api[_-]?key|app[_-]?key|application[_-]?key|access[_-]?key|dd[_-]api[_-]key|dd[_-]app[_-]key|private[_-]?key|credentials?';

function keyValue(keys: string): RegExp {
  // key, optional closing quote, separator (= or :), optional opening quote, then the value up to
  // whitespace, a quote, a comma, an ampersand or a closing bracket.
  return new RegExp(`\\b((?:${keys}))(["']?\\s*[=:]\\s*["']?)(?!\\[REDACTED)([^\\s"',&;)}\\]]+)`, 'gi');
}

// 32 lowercase hex is the shape of a Datadog API key, but also of a W3C trace id; those keep their
// value when the text names them as a trace (trace_id=..., traceparent: 00-...).
const HEX32 = /\b[a-f0-9]{32}\b/g;
const TRACE_CONTEXT = /(trace[_.-]?id|traceid|traceparent|x-b3-traceid|dd\.trace_id|trace)["']?\s*[=:]?\s*["']?(00-)?$/i;

const RULES: Array<{ kind: RedactionKind; pattern: RegExp; replace: (match: string, ...groups: string[]) => string }> = [
  {
    kind: 'private_key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replace: () => mark('private_key'),
  },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: () => mark('jwt') },
  {
    kind: 'bearer_token',
    // "Basic" only after Authorization:, or "Basic authentication" in prose would be redacted.
    pattern: /\b(Bearer\s+|Token token=|Authorization:\s*Basic\s+)(?!\[REDACTED)[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: (_m, scheme) => `${scheme}${mark('bearer_token')}`,
  },
  { kind: 'slack_token', pattern: /\bxox[a-z]-[A-Za-z0-9-]{8,}/g, replace: () => mark('slack_token') },
  { kind: 'aws_access_key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => mark('aws_access_key') },
  {
    kind: 'url_password',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi,
    replace: (_m, prefix) => `${prefix}${mark('url_password')}@`,
  },
  {
    kind: 'password',
    pattern: keyValue(PASSWORD_KEYS),
    replace: (_m, key, sep) => `${key}${sep}${mark('password')}`,
  },
  {
    kind: 'secret',
    pattern: keyValue(SECRET_KEYS),
    replace: (_m, key, sep) => `${key}${sep}${mark('secret')}`,
  },
  {
    kind: 'email',
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
    replace: () => mark('email'),
  },
];

export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out.replace(HEX32, (match, offset: number, whole: string) =>
    TRACE_CONTEXT.test(whole.slice(Math.max(0, offset - 24), offset)) ? match : mark('api_key'),
  );
}

/** Redacts every string inside a JSON-like value (vendor responses), leaving structure and numbers. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item);
  return out as T;
}
