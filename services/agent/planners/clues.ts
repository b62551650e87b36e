// Reading error text the way an on-call engineer does: which failure family a line belongs to
// (a timeout, a refused connection, an expired certificate...), whatever the runtime or wording,
// and which dependency it names. Each family lists the phrasings real clients print; variants of
// wording must land in the same family, or the answer would change with the log library.

export type Family =
  | 'tls'
  | 'dns'
  | 'rate_limited'
  | 'unauthorized'
  | 'db_saturated'
  | 'db_timeout'
  | 'cache_timeout'
  | 'cache_miss'
  | 'disk_full'
  | 'queue_full'
  | 'bad_payload'
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'unavailable'
  | 'server_error'
  | 'resource_exhausted'
  | 'exception';

/** Most specific first: a line matching several families belongs to the first. */
const FAMILIES: { family: Family; pattern: RegExp }[] = [
  { family: 'tls', pattern: /certificate has expired|x509:|CERT_HAS_EXPIRED|PKIX path|CertificateExpired|CERTIFICATE_VERIFY_FAILED|SSLHandshake|tls: failed to verify/i },
  { family: 'dns', pattern: /no such host|ENOTFOUND|EAI_AGAIN|UnknownHostException|name resolution|Name or service not known|NXDOMAIN|server misbehaving|gaierror/i },
  // Bare status numbers are not enough (they appear in ids and paths): a reason phrase or "status code N" is.
  { family: 'rate_limited', pattern: /Too Many Requests|status code 429|HTTP 429|rate.?limit|throttl/i },
  { family: 'unauthorized', pattern: /Unauthorized|status code 401|HTTP 401|invalid_token|invalid_client|authentication failed|access denied|Forbidden|status code 403/i },
  { family: 'db_saturated', pattern: /too many clients|connection slots are reserved|Connection is not available|remaining connection slots|pool exhausted|could not obtain connection|Failed to obtain JDBC Connection/i },
  { family: 'cache_timeout', pattern: /redis[^\n]*(timed? ?out|timeout)|RedisCommandTimeout|redis: i\/o timeout/i },
  // A caller falling through a cache to its origin: the cache stopped answering from memory.
  { family: 'cache_miss', pattern: /\bcache miss\b|\bmiss(ed)? on \S+[;,]? (falling back|loading from|going to)/i },
  { family: 'db_timeout', pattern: /statement timeout|QueryCanceled|canceling statement|QueryTimeoutException|query timed out|slow query|duration: \d{4,}/i },
  { family: 'disk_full', pattern: /No space left on device|ENOSPC|disk full|Errno 28/i },
  // Producers that cannot hand messages to the broker: a full or blocked queue, whatever the client library.
  {
    family: 'queue_full',
    pattern:
      /queue (is )?full|Queue full|buffer (is )?full|BufferExhausted|backpressure|producer.*timed? ?out|QUEUE_FULL|consumer lag|Expiring \d+ record|Failed to deliver \d+ messages?|Message timed out|_MSG_TIMED_OUT|Request Produce timed out|KafkaTimeoutError|not present in metadata|connection\.blocked|connection blocked by broker|resource (limit )?alarm|Publishers will be blocked/i,
  },
  {
    family: 'bad_payload',
    // Each runtime's way of saying a response did not have the shape the caller expects.
    pattern:
      /unexpected (field|token|end of JSON)|cannot unmarshal|JSONDecodeError|JsonParseException|JSON parse error|MismatchedInputException|InvalidFormatException|Cannot deserialize value|ValidationError|could not convert string to (float|int)|invalid literal for int\(\)|Cannot read properties of (null|undefined) \(reading '[^']+'\) (handling|in|from) response|invalid response|schema mismatch|missing required field|unexpected response/i,
  },
  { family: 'refused', pattern: /connection refused|ECONNREFUSED|Errno 111|ConnectException|Connection refused/i },
  { family: 'reset', pattern: /connection reset|ECONNRESET|socket hang up|broken pipe|Connection aborted|: EOF\b|unexpected EOF/i },
  // Before timeouts: gunicorn's "WORKER TIMEOUT" is a saturated pool, not a slow dependency.
  { family: 'resource_exhausted', pattern: /RejectedExecution|thread pool|pool is full|pool saturated|worker pool|no free worker|all workers busy|WORKER TIMEOUT|OutOfMemory|GC overhead|heap space|Too many open files/i },
  { family: 'timeout', pattern: /timed? ?out|timeout|deadline exceeded|UND_ERR_HEADERS_TIMEOUT/i },
  { family: 'unavailable', pattern: /Service Unavailable|status code 503|Bad Gateway|status code 502|upstream connect error|no healthy upstream/i },
  { family: 'server_error', pattern: /Internal Server Error|status code 500|HttpServerErrorException|responded 5\d\d|returned 5\d\d/i },
  { family: 'exception', pattern: /Exception|Error:|Traceback|panic:|KeyError|TypeError|ValueError|NullPointer|undefined is not|cannot read propert/i },
];

export function familyOf(text: string): Family | undefined {
  return FAMILIES.find((f) => f.pattern.test(text))?.family;
}

/** Families that describe a dependency failing, as seen from its caller, rather than the caller's own bug. */
export const CALLER_FAMILIES: ReadonlySet<Family> = new Set([
  'tls',
  'dns',
  'rate_limited',
  'unauthorized',
  'db_saturated',
  'db_timeout',
  'cache_timeout',
  'cache_miss',
  'queue_full',
  'bad_payload',
  'refused',
  'reset',
  'timeout',
  'unavailable',
  'server_error',
]);

/** Families that only a datastore of a given kind produces, so they blame it even when unnamed. */
export const KIND_FAMILIES: Partial<Record<Family, string>> = {
  db_saturated: 'database',
  db_timeout: 'database',
  cache_timeout: 'cache',
  cache_miss: 'cache',
  queue_full: 'queue',
};

/**
 * Whether a line names a dependency: its name, its cluster host, or for external providers the
 * bare brand (`stripe-api` -> `api.stripe.com`). Brands are only tried for external providers:
 * inside the cluster a bare word such as "identity" is a package or a log tag, not a host.
 */
export function namesService(text: string, service: string, kind = 'external'): boolean {
  const lower = text.toLowerCase();
  if (lower.includes(service.toLowerCase())) return true;
  if (kind !== 'external') return false;
  const brand = service.toLowerCase().replace(/-(api|service|svc|db|http|grpc)$/, '');
  if (brand.length < 4 || brand === service.toLowerCase()) return false;
  return new RegExp(`(^|[^a-z0-9-])${brand.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9-]|$)`).test(lower);
}
