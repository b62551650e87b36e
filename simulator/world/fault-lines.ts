// The log lines a fault leaves: what the faulty component itself prints (slow-request warnings, GC
// pauses, TLS handshake errors, Postgres FATALs...) and what its callers' clients print for each
// failure mode (timeouts, refused connections, expired certificates, NXDOMAIN, 429s...), in each
// runtime's words. Every message has a canonical wording (variant 0) and rewordings with the same
// meaning that terminology variants pick from, deterministically.
import type { CallerMode } from './fault-catalog.ts';
import {
  clusterUrl,
  concretePath,
  flaskPrefix,
  iso,
  moduleName,
  pinoAttributes,
  renderDependencyError,
  slogLine,
  spaced,
  springLine,
  traceAttributes,
  type Endpoint,
  type LineContext,
  type RenderedLog,
} from './log-styles.ts';
import type { Fault, FaultType } from './scenario.ts';
import { hash32, intBetween } from './seeded-hash.ts';
import type { TopologyService } from './topology.ts';

/** Variant 0 takes the first wording; other variants take one of the others, stably per key. */
export function pickWording(options: readonly string[], variant: number, key: string): string {
  if (variant === 0 || options.length === 1) return options[0] as string;
  return options[1 + (hash32(variant, key) % (options.length - 1))] as string;
}

type Level = 'INFO' | 'WARN' | 'ERROR';

function runtimeLine(ctx: LineContext, level: Level, text: string, logger: string, extra: Record<string, unknown>): RenderedLog {
  const status = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : 'info';
  const base = { ...extra, ...traceAttributes(ctx) };
  switch (ctx.service.language) {
    case 'java':
      return { status, message: springLine(ctx, level, logger, text), attributes: { ...base, logger: { name: logger } } };
    case 'python':
      return { status, message: `${flaskPrefix(ctx, level === 'WARN' ? 'WARNING' : level, moduleName(ctx.service))}${text}`, attributes: base };
    case 'node':
      return { status, message: text, attributes: pinoAttributes(ctx, level === 'ERROR' ? 50 : level === 'WARN' ? 40 : 30, extra) };
    default:
      return { status, message: slogLine(ctx, level, text.split(': ')[0] ?? text, text.includes(': ') ? [['err', text.split(': ').slice(1).join(': ')]] : []), attributes: base };
  }
}

function hostOf(callee: TopologyService): string {
  return new URL(clusterUrl(callee, '/')).hostname;
}

/** The client error text a caller's runtime prints for a failing dependency. */
export function callerErrorText(mode: CallerMode, caller: TopologyService, callee: TopologyService, method: string, url: string, ctx: LineContext, variant: number, expiredAt: number): string {
  const host = hostOf(callee);
  const ip = `10.96.${intBetween(0, 255, callee.name, 'vip3')}.${intBetween(2, 254, callee.name, 'vip4')}`;
  const port = callee.kind === 'database' ? 5432 : callee.kind === 'cache' ? 6379 : callee.kind === 'queue' ? (callee.technology === 'rabbitmq' ? 5672 : 9092) : callee.kind === 'external' ? 443 : 8080;
  const lang = caller.language ?? 'go';
  const key = `${mode}|${lang}`;
  const w = (options: string[]) => pickWording(options, variant, key);
  const Method = method.charAt(0) + method.slice(1).toLowerCase();
  switch (mode) {
    case 'timeout':
      return {
        go: () => w([`${Method} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, `${Method} "${url}": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`, `dial tcp ${ip}:${port}: i/o timeout`]),
        java: () => w([`org.springframework.web.client.ResourceAccessException: I/O error on ${method} request for "${url}": Read timed out`, `java.net.SocketTimeoutException: Read timed out (calling ${url})`]),
        python: () => w([`requests.exceptions.ReadTimeout: HTTPConnectionPool(host='${host}', port=${port}): Read timed out. (read timeout=5)`, `httpx.ReadTimeout: timed out waiting for ${url}`]),
        node: () => w([`HeadersTimeoutError: Headers Timeout Error (UND_ERR_HEADERS_TIMEOUT) calling ${url}`, `request to ${url} failed, reason: timeout`]),
      }[lang]();
    case 'refused':
      return {
        go: () => w([`${Method} "${url}": dial tcp ${ip}:${port}: connect: connection refused`, `dial tcp: connect: connection refused (${host}:${port})`]),
        java: () => w([`org.springframework.web.client.ResourceAccessException: I/O error on ${method} request for "${url}": Connection refused`, `java.net.ConnectException: Connection refused (${host}:${port})`]),
        python: () => w([`requests.exceptions.ConnectionError: HTTPConnectionPool(host='${host}', port=${port}): Max retries exceeded with url: ${new URL(url).pathname} (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object>: Failed to establish a new connection: [Errno 111] Connection refused'))`, `ConnectionRefusedError: [Errno 111] Connection refused (${host}:${port})`]),
        node: () => w([`connect ECONNREFUSED ${ip}:${port}`, `fetch failed: connection refused by ${host}:${port} (ECONNREFUSED)`]),
      }[lang]();
    case 'reset':
      return {
        go: () => w([`${Method} "${url}": read tcp ${ctx.podIp ?? '10.42.3.10'}:${intBetween(32768, 60999, ...ctx.slot, 'port')}->${ip}:${port}: read: connection reset by peer`, `${Method} "${url}": EOF`]),
        java: () => w([`org.springframework.web.client.ResourceAccessException: I/O error on ${method} request for "${url}": Connection reset`, `java.net.SocketException: Connection reset (calling ${url})`]),
        python: () => w([`requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))`, `ConnectionResetError: [Errno 104] Connection reset by peer (${host})`]),
        node: () => w([`socket hang up (ECONNRESET) calling ${url}`, `read ECONNRESET ${ip}:${port}`]),
      }[lang]();
    case 'tls': {
      const now = iso(ctx.t).replace(/\.\d{3}Z$/, 'Z');
      const expired = iso(expiredAt).replace(/\.\d{3}Z$/, 'Z');
      return {
        go: () => w([`${Method} "${url}": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${now} is after ${expired}`, `x509: certificate has expired or is not yet valid: current time ${now} is after ${expired} (${host})`]),
        java: () => w([`org.springframework.web.client.ResourceAccessException: I/O error on ${method} request for "${url}": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed`, `javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertificateExpiredException: NotAfter: ${new Date(expiredAt).toUTCString()}`]),
        python: () => w([`requests.exceptions.SSLError: HTTPSConnectionPool(host='${host}', port=${port}): Max retries exceeded with url: ${new URL(url).pathname} (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))`, `ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (${host})`]),
        node: () => w([`request to ${url} failed, reason: certificate has expired (CERT_HAS_EXPIRED)`, `Error: certificate has expired (code CERT_HAS_EXPIRED, host ${host})`]),
      }[lang]();
    }
    case 'dns':
      return {
        go: () => w([`${Method} "${url}": dial tcp: lookup ${host} on 172.20.0.10:53: no such host`, `dial tcp: lookup ${host} on 172.20.0.10:53: server misbehaving`]),
        java: () => w([`org.springframework.web.client.ResourceAccessException: I/O error on ${method} request for "${url}": ${host}`, `java.net.UnknownHostException: ${host}: Name or service not known`]),
        python: () => w([`requests.exceptions.ConnectionError: HTTPConnectionPool(host='${host}', port=${port}): Max retries exceeded (Caused by NameResolutionError("Failed to resolve '${host}' ([Errno -2] Name or service not known)"))`, `socket.gaierror: [Errno -3] Temporary failure in name resolution (${host})`]),
        node: () => w([`getaddrinfo ENOTFOUND ${host}`, `getaddrinfo EAI_AGAIN ${host}`]),
      }[lang]();
    case 'http_429': {
      const retry = intBetween(1, 30, ...ctx.slot, 'retry');
      return {
        go: () => w([`${Method} "${url}": unexpected status 429 Too Many Requests (Retry-After: ${retry})`, `rate limited by ${callee.name}: 429 Too Many Requests, retry after ${retry}s`]),
        java: () => w([`org.springframework.web.client.HttpClientErrorException$TooManyRequests: 429 Too Many Requests on ${method} request for "${url}": "{"error":"rate_limit_exceeded","retry_after":${retry}}"`, `HTTP 429 Too Many Requests from ${url} (Retry-After: ${retry})`]),
        python: () => w([`requests.exceptions.HTTPError: 429 Client Error: Too Many Requests for url: ${url}`, `${callee.name} throttled the request: 429 Too Many Requests (retry after ${retry}s)`]),
        node: () => w([`${callee.name} responded 429 Too Many Requests (retry-after ${retry})`, `Request failed with status code 429 (${url})`]),
      }[lang]();
    }
    case 'http_401':
      return {
        go: () => w([`${Method} "${url}": unexpected status 401 Unauthorized: {"error":"invalid_token","error_description":"The access token is invalid"}`, `${callee.name} rejected credentials: 401 Unauthorized (invalid_token)`]),
        java: () => w([`org.springframework.web.client.HttpClientErrorException$Unauthorized: 401 Unauthorized on ${method} request for "${url}": "{"error":"invalid_client"}"`, `HTTP 401 Unauthorized from ${url}: invalid_client`]),
        python: () => w([`requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: ${url}`, `${callee.name} refused the token: 401 Unauthorized (invalid_token)`]),
        node: () => w([`${callee.name} responded 401 Unauthorized: invalid_token`, `Request failed with status code 401 (${url})`]),
      }[lang]();
    case 'db_too_many': {
      const pg = w(['FATAL: sorry, too many clients already', 'FATAL: remaining connection slots are reserved for non-replication superuser connections']);
      return {
        go: () => `pq: ${pg.replace('FATAL: ', '')}`,
        java: () => w([`org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection; nested exception is org.postgresql.util.PSQLException: ${pg}`, `HikariPool-1 - Connection is not available, request timed out after 30000ms. (org.postgresql.util.PSQLException: ${pg})`]),
        python: () => `psycopg2.OperationalError: connection to server at "${host}" (${ip}), port 5432 failed: ${pg}`,
        node: () => `error: ${pg.replace('FATAL: ', '')} (${host}:5432)`,
      }[lang]();
    }
    case 'db_timeout': {
      const text = callee.kind === 'cache'
        ? w([`redis: i/o timeout on ${host}:6379`, `Redis command timed out after 2000ms (${host})`])
        : w(['canceling statement due to statement timeout', 'query timed out: canceling statement due to statement timeout']);
      return {
        go: () => (callee.kind === 'cache' ? text : `pq: ${text}`),
        java: () => (callee.kind === 'cache' ? `io.lettuce.core.RedisCommandTimeoutException: ${text}` : `org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL []; ERROR: ${text}`),
        python: () => (callee.kind === 'cache' ? `redis.exceptions.TimeoutError: ${text}` : `psycopg2.errors.QueryCanceled: ${text}`),
        node: () => `error: ${text}`,
      }[lang]();
    }
    case 'disk_write': {
      const file = `base/16384/${intBetween(16400, 98000, callee.name, 'relfile')}`;
      const text = w([`could not extend file "${file}": No space left on device`, `could not write to file "${file}": No space left on device`]);
      if (callee.kind !== 'database') return w([`${Method} "${url}": unexpected status 507 Insufficient Storage`, `${callee.name} responded 500: No space left on device`]);
      return { go: () => `pq: ${text}`, java: () => `org.postgresql.util.PSQLException: ERROR: ${text}`, python: () => `psycopg2.errors.DiskFull: ${text}`, node: () => `error: ${text}` }[lang]();
    }
    case 'bad_payload':
      return {
        go: () => w([`decode ${callee.name} response: json: cannot unmarshal string into Go struct field .amount of type int64`, `invalid response from ${callee.name}: field "amount" has wrong type string`]),
        java: () => w([`org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: Cannot deserialize value of type \`java.math.BigDecimal\` from String "N/A": not a valid representation (response of ${method} ${url})`, `com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type \`java.math.BigDecimal\` from String "N/A" (response of ${url})`]),
        python: () => w([`pydantic_core._pydantic_core.ValidationError: 1 validation error for ${callee.name.replace(/-/g, '_')}_response: amount: Input should be a valid number, unable to parse string as a number [type=float_parsing, input_value='N/A']`, `ValueError: could not convert string to float: 'N/A' (response from ${url})`]),
        node: () => w([`TypeError: Cannot read properties of null (reading 'amount') handling response from ${url}`, `unexpected response from ${callee.name}: amount is null`]),
      }[lang]();
    case 'queue_full': {
      const topic = callee.name;
      if (callee.technology === 'rabbitmq') return w([`publish to ${topic} blocked: connection.blocked (low on memory)`, `AMQP connection blocked by broker: resource alarm (memory) on ${host}`]);
      return {
        go: () => w([`failed to produce to ${topic}: Local: Message timed out`, `kafka: Failed to deliver 1 messages to ${topic}: request timed out`]),
        java: () => w([`org.apache.kafka.common.errors.TimeoutException: Expiring 12 record(s) for ${topic}-${intBetween(0, 11, ...ctx.slot, 'p')}:120000 ms has passed since batch creation`, `org.apache.kafka.common.errors.TimeoutException: Topic ${topic} not present in metadata after 60000 ms.`]),
        python: () => w([`kafka.errors.KafkaTimeoutError: KafkaTimeoutError: Failed to update metadata after 60.0 secs. (${topic})`, `confluent_kafka.KafkaException: KafkaError{code=_MSG_TIMED_OUT,val=-192,str="Local: Message timed out"} (${topic})`]),
        node: () => w([`KafkaJSNumberOfRetriesExceeded: Request Produce(key: 0, version: 7) timed out (${topic})`, `KafkaJSRequestTimeoutError: Request Produce timed out (${topic})`]),
      }[lang]();
    }
    default:
      return `${Method} ${url}: unexpected status 500 Internal Server Error`;
  }
}

/** A caller's error line for a failing dependency, in its runtime's style. */
export function renderCallerFailure(
  mode: CallerMode,
  ctx: LineContext,
  ownEndpoint: Endpoint,
  callee: TopologyService,
  calleeEndpoint: Endpoint,
  calleeStatus: number,
  durationMs: number,
  variant: number,
  expiredAt: number,
): RenderedLog {
  if (mode === 'http_5xx') return renderDependencyError(ctx, ownEndpoint, callee, calleeEndpoint, calleeStatus, durationMs, variant);
  if (mode === 'http_503') return renderDependencyError(ctx, ownEndpoint, callee, calleeEndpoint, 503, durationMs, variant);
  const calleePath = concretePath(calleeEndpoint.path, ...ctx.slot, 'callee');
  const url = clusterUrl(callee, calleePath);
  const text = callerErrorText(mode, ctx.service, callee, calleeEndpoint.method, url, ctx, variant, expiredAt);
  const ownPath = concretePath(ownEndpoint.path, ...ctx.slot);
  const status = ctx.service.language === 'java' ? 500 : mode === 'timeout' ? 504 : 502;
  const extra = {
    http: { method: ownEndpoint.method, url: ownPath, status_code: status },
    upstream: { service: callee.name, url, method: calleeEndpoint.method },
    error: { kind: text.split(':')[0], message: text },
    duration: Math.round(durationMs * 1e6),
  };
  const verb = pickWording(['call failed', 'request failed', 'upstream error'], variant, `verb|${ctx.service.language}`);
  switch (ctx.service.language) {
    case 'java':
      return runtimeLine(ctx, 'ERROR', `${ownEndpoint.method} ${ownPath} failed calling ${callee.name}: ${text}`, `c.${ctx.org[0]}.${moduleName(ctx.service)}.web.ErrorHandler`, extra);
    case 'python':
      return runtimeLine(ctx, 'ERROR', `${callee.name} ${verb}: ${text}`, '', extra);
    case 'node':
      return runtimeLine(ctx, 'ERROR', `${verb}: ${callee.name}: ${text}`, '', extra);
    default:
      return {
        status: 'error',
        message: slogLine(ctx, 'ERROR', `${moduleName(callee)} ${verb}`, [
          ['method', ownEndpoint.method],
          ['path', ownPath],
          ['status', status],
          ['err', text],
          ['duration', `${durationMs.toFixed(1)}ms`],
        ]),
        attributes: { ...extra, ...traceAttributes(ctx) },
      };
  }
}

/** Exceptions a crashing container prints before it exits, per runtime. */
export function startupFailure(service: TopologyService, fault: Fault | undefined, variant: number): string {
  if (fault?.exception) return pickWording([fault.exception, ...(fault.exceptionVariants ?? [])], variant, `crash|${service.name}`);
  const key = `crash|${service.language}`;
  switch (service.language) {
    case 'java':
      return pickWording(['org.springframework.beans.factory.BeanCreationException: Error creating bean with name \'dataSource\': Failed to bind properties under \'spring.datasource.url\'', 'APPLICATION FAILED TO START: Failed to bind properties under \'spring.datasource.url\' to java.lang.String'], variant, key);
    case 'python':
      return pickWording(["KeyError: 'DATABASE_URL'", "RuntimeError: required setting DATABASE_URL is not set"], variant, key);
    case 'node':
      return pickWording(["Error: Cannot find module './config/production.json'", "Error: ENOENT: no such file or directory, open '/app/config/production.json'"], variant, key);
    default:
      return pickWording(['panic: runtime error: invalid memory address or nil pointer dereference', 'panic: assignment to entry in nil map'], variant, key);
  }
}

/** What a faulty service prints about itself, beyond failed requests. Undefined when it prints nothing. */
export function renderOwnSymptom(type: FaultType, ctx: LineContext, endpoint: Endpoint, durationMs: number, fault: Fault, variant: number): RenderedLog | undefined {
  const path = concretePath(endpoint.path, ...ctx.slot);
  const lang = ctx.service.language ?? 'go';
  const w = (options: string[]) => pickWording(options, variant, `${type}|${lang}`);
  const extra = { http: { method: endpoint.method, url: path }, duration: Math.round(durationMs * 1e6) };
  const ms = Math.round(durationMs);
  const slow = () =>
    runtimeLine(ctx, 'WARN', w([`slow request: ${endpoint.method} ${path} took ${ms}ms`, `request ${endpoint.method} ${path} exceeded latency budget: ${ms}ms`]), `c.${ctx.org[0]}.${moduleName(ctx.service)}.web.RequestLoggingFilter`, extra);
  switch (type) {
    case 'cpu_saturation':
    case 'unschedulable':
      return slow();
    case 'memory_leak':
      if (lang === 'java') {
        const heap = intBetween(1700, 1990, ...ctx.slot, 'heap');
        return runtimeLine(ctx, 'WARN', w([`GC pause (G1 Evacuation Pause) ${heap}M->${heap - intBetween(2, 30, ...ctx.slot, 'freed')}M(2048M) ${ms}ms`, `Long GC pause: ${ms} ms, heap ${heap}M of 2048M in use`]), 'c.' + ctx.org[0] + '.jvm.GcMonitor', extra);
      }
      if (lang === 'node') return runtimeLine(ctx, 'WARN', w([`event loop delay ${ms}ms, heapUsed ${intBetween(800, 990, ...ctx.slot, 'heap')}MB`, `high event loop lag (${ms}ms); heap ${intBetween(800, 990, ...ctx.slot, 'heap')}MB used`]), '', extra);
      return slow();
    case 'thread_pool_exhaustion':
      if (lang === 'java') return runtimeLine(ctx, 'ERROR', w([`Executor rejected request ${endpoint.method} ${path}: Thread pool is EXHAUSTED! Thread Name: http-nio-8080, Pool Size: 200 (active: 200, core: 200, max: 200), Task: queued 1000`, `java.util.concurrent.RejectedExecutionException: Task rejected from ThreadPoolExecutor[Running, pool size = 200, active threads = 200, queued tasks = 1000]`]), 'o.a.tomcat.util.threads.ThreadPoolExecutor', extra);
      if (lang === 'python') return { status: 'error', message: `[${iso(ctx.t).slice(0, 19).replace('T', ' ')} +0000] [1] [CRITICAL] ${w([`WORKER TIMEOUT (pid:${intBetween(8, 60, ...ctx.slot, 'pid')})`, `WORKER TIMEOUT (pid:${intBetween(8, 60, ...ctx.slot, 'pid')}) - all workers busy`])}`, attributes: { ...extra, logger: { name: 'gunicorn.error' }, ...traceAttributes(ctx) } };
      return runtimeLine(ctx, 'ERROR', w([`worker pool saturated: rejecting ${endpoint.method} ${path} (256/256 in use)`, `no free worker for ${endpoint.method} ${path}: pool of 256 exhausted`]), '', extra);
    case 'cert_expired':
      return runtimeLine(ctx, 'WARN', w([`http: TLS handshake error from ${ctx.podIp?.replace(/\d+$/, String(intBetween(2, 254, ...ctx.slot, 'peer'))) ?? '10.42.3.9'}:${intBetween(32768, 60999, ...ctx.slot, 'port')}: remote error: tls: bad certificate`, `TLS handshake failed with client ${ctx.podIp ?? '10.42.3.9'}: remote error: tls: certificate expired`]), 'o.a.tomcat.util.net.NioEndpoint', extra);
    case 'rate_limited':
      return runtimeLine(ctx, 'WARN', w([`rate limit exceeded: ${endpoint.method} ${path} rejected with 429 (limit 500/s)`, `throttling ${endpoint.method} ${path}: quota of 500 requests/s used up`]), `c.${ctx.org[0]}.${moduleName(ctx.service)}.web.RateLimitFilter`, { ...extra, http: { ...extra.http, status_code: 429 } });
    case 'auth_failure':
      return runtimeLine(ctx, 'WARN', w([`token validation failed for ${endpoint.method} ${path}: signature verification failed (kid=${fault.detail ?? 'k-2024-09'})`, `rejecting ${endpoint.method} ${path} with 401: unknown signing key ${fault.detail ?? 'k-2024-09'}`]), `c.${ctx.org[0]}.${moduleName(ctx.service)}.security.JwtFilter`, { ...extra, http: { ...extra.http, status_code: 401 } });
    case 'noisy_neighbor':
      return runtimeLine(ctx, 'INFO', w([`batch progress: ${intBetween(10, 900, ...ctx.slot, 'k')}000 rows processed, ${intBetween(4, 16, ...ctx.slot, 'w')} workers busy`, `processed chunk ${intBetween(1, 400, ...ctx.slot, 'c')} (${intBetween(10, 900, ...ctx.slot, 'k')}000 rows)`]), `c.${ctx.org[0]}.${moduleName(ctx.service)}.batch.Runner`, extra);
    case 'disk_full':
      return undefined;
    default:
      return undefined;
  }
}

/** What a datastore or queue prints when a fault hits it. */
export function renderDatastoreSymptom(type: FaultType | 'induced_slow', ctx: LineContext, variant: number, durationMs: number): RenderedLog | undefined {
  const technology = ctx.service.technology ?? ctx.service.kind;
  const pid = intBetween(40, 40_000, ...ctx.slot, 'pid');
  const stamp = `${spaced(ctx.t, '.')} UTC [${pid}]`;
  const w = (options: string[]) => pickWording(options, variant, `${type}|${technology}`);
  if (technology === 'postgres') {
    const table = pickWording(['order_items', 'orders', 'accounts', 'ledger_entries', 'listings'], 1 + (hash32(ctx.service.name) % 4), 'table');
    switch (type) {
      case 'slow_query':
      case 'induced_slow':
        return { status: 'info', message: `${stamp} LOG:  duration: ${durationMs.toFixed(3)} ms  statement: SELECT * FROM ${table} WHERE ${w(['customer_id', 'account_id'])} = $1 ORDER BY created_at DESC`, attributes: { db: { system: 'postgresql' }, duration: Math.round(durationMs * 1e6) } };
      case 'db_connection_exhaustion':
        return { status: 'error', message: `${stamp} FATAL:  ${w(['sorry, too many clients already', 'remaining connection slots are reserved for non-replication superuser connections'])}`, attributes: { db: { system: 'postgresql' } } };
      case 'disk_full':
        return { status: 'error', message: `${stamp} ${w(['PANIC:  could not write to file "pg_wal/xlogtemp.' + pid + '": No space left on device', 'ERROR:  could not extend file "base/16384/' + pid + '": No space left on device'])}`, attributes: { db: { system: 'postgresql' } } };
      default:
        return undefined;
    }
  }
  if (technology === 'kafka' && type === 'queue_backlog') {
    const group = `${ctx.service.name.replace(/-events$/, '')}-consumers`;
    return { status: 'info', message: `[${spaced(ctx.t, ',')}] INFO [GroupCoordinator 1]: ${w([`Member consumer-${group}-${intBetween(1, 9, ...ctx.slot, 'c')}-${intBetween(1000, 9999, ...ctx.slot, 'id')} in group ${group} has failed, removing it from the group`, `Preparing to rebalance group ${group} in state PreparingRebalance (reason: removing member on heartbeat expiration)`])} (kafka.coordinator.group.GroupCoordinator)`, attributes: { messaging: { system: 'kafka' } } };
  }
  if (technology === 'rabbitmq' && type === 'queue_backlog') {
    return { status: 'warn', message: `${iso(ctx.t)} [warning] <0.${intBetween(300, 900, ...ctx.slot, 'erl')}.0> ${w([`memory resource limit alarm set on node 'rabbit@${ctx.service.name}-0'.`, `Publishers will be blocked until this alarm clears: memory resource limit alarm on 'rabbit@${ctx.service.name}-0'`])}`, attributes: { messaging: { system: 'rabbitmq' } } };
  }
  if (technology === 'redis' && type === 'cache_stampede') {
    return { status: 'info', message: `1:M ${w(['DB 0: ', 'keyspace db0: '])}${intBetween(100, 4000, ...ctx.slot, 'keys')} keys (${intBetween(1, 90, ...ctx.slot, 'vol')} volatile) in ${intBetween(4096, 65536, ...ctx.slot, 'slots')} slots HT.`, attributes: { db: { system: 'redis' } } };
  }
  return undefined;
}

/** Lines a service prints when its container starts, per runtime. */
export function renderStartup(ctx: LineContext): RenderedLog {
  const app = ctx.service.name.replace(/-(service|api|web|worker)$/, '');
  switch (ctx.service.language) {
    case 'java':
      return runtimeLine(ctx, 'INFO', `Started ${app.replace(/(^|-)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}Application in ${(intBetween(40, 140, ...ctx.slot, 'boot') / 10).toFixed(3)} seconds (process running for ${(intBetween(50, 160, ...ctx.slot, 'proc') / 10).toFixed(3)})`, `c.${ctx.org[0]}.${moduleName(ctx.service)}.Application`, {});
    case 'python':
      return { status: 'info', message: `[${iso(ctx.t).slice(0, 19).replace('T', ' ')} +0000] [1] [INFO] Listening at: http://0.0.0.0:8080 (1)`, attributes: { logger: { name: 'gunicorn.error' } } };
    case 'node':
      return runtimeLine(ctx, 'INFO', 'Server listening at http://0.0.0.0:8080', '', {});
    default:
      return { status: 'info', message: slogLine(ctx, 'INFO', 'server listening', [['addr', ':8080']]), attributes: {} };
  }
}
