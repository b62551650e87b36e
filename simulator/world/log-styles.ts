// Log lines as each runtime prints them: gunicorn/Flask (Python), Spring Boot (Java), log/slog
// (Go), pino (Node), plus Postgres, Redis and Kafka server logs. The world decides what happens;
// these functions only decide how it reads. Choices (ids, durations) come from the caller's slot
// parts, so the same slot always renders the same text.
import { hash32, hexString, intBetween, pickOne, type HashPart } from './seeded-hash.ts';
import type { TopologyService } from './topology.ts';

export type LogStatus = 'error' | 'warn' | 'info' | 'debug';

export interface RenderedLog {
  status: LogStatus;
  message: string;
  attributes: Record<string, unknown>;
}

export interface LineContext {
  /** Timestamp of the line, epoch ms. */
  t: number;
  service: TopologyService;
  /** Organisation name used in package names (the topology name). */
  org: string;
  podIp: string | undefined;
  traceId: string;
  spanId: string;
  /** Parts that identify this line; every choice hashes them. */
  slot: HashPart[];
}

export interface Endpoint {
  method: string;
  path: string;
}

export function parseEndpoint(text: string): Endpoint {
  const [method = 'GET', path = '/'] = text.split(' ');
  return { method, path };
}

/** The endpoint of `callee` that `caller` uses: callers take the callee's endpoints in declaration order. */
export function endpointUsedBy(callee: TopologyService, callerIndex: number): Endpoint {
  const endpoints = callee.endpoints ?? ['GET /'];
  return parseEndpoint(endpoints[callerIndex % endpoints.length] ?? 'GET /');
}

/** Fills `{sku}`-style path parameters with plausible values. */
export function concretePath(path: string, ...slot: HashPart[]): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (/sku/i.test(name)) return `SKU-${intBetween(10000, 99999, ...slot, name)}`;
    if (/cart/i.test(name)) return `c_${hexString(12, ...slot, name)}`;
    if (/order/i.test(name)) return `ORD-${hexString(8, ...slot, name).toUpperCase()}`;
    return String(intBetween(1000, 999999, ...slot, name));
  });
}

export function clusterUrl(service: TopologyService, path: string): string {
  if (service.kind === 'external') return `https://api.${service.name.replace(/-api$/, '')}.com${path}`;
  return `http://${service.name}.prod.svc.cluster.local:8080${path}`;
}

export function ddSource(service: TopologyService): string {
  if (service.kind === 'service') return service.language === 'node' ? 'nodejs' : (service.language ?? 'go');
  return service.technology === 'postgres' ? 'postgresql' : (service.technology ?? service.kind);
}

/** Reason phrase the callee's HTTP server sends (werkzeug shouts). */
export function reasonPhrase(callee: TopologyService, status: number): string {
  const phrase = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Internal Server Error';
  return callee.language === 'python' ? phrase.toUpperCase() : phrase;
}

/** How a service answers when it fails: Spring's default error handling says 500, the others 502 for upstream failures. */
export function failureStatus(service: TopologyService, ownFault: boolean): number {
  return ownFault || service.language === 'java' || service.kind !== 'service' ? 500 : 502;
}

// ---------- time formats ----------

export function iso(t: number): string {
  return new Date(t).toISOString();
}
export function spaced(t: number, decimalSeparator: '.' | ','): string {
  return iso(t).replace('T', ' ').replace('Z', '').replace('.', decimalSeparator);
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function clf(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
export function redisTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

// ---------- naming helpers ----------

export function moduleName(service: TopologyService): string {
  return service.name.replace(/-(service|api|web|worker)$/, '').replace(/-/g, '_');
}
export function pascal(text: string): string {
  return text.replace(/(^|[_-])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());
}
/** `POST /v1/reservations` -> `create_reservation`, `GET /v1/stock/{sku}` -> `get_stock`. */
export function handlerName(endpoint: Endpoint): string {
  const segments = endpoint.path.split('/').filter((segment) => segment && !segment.startsWith('{') && !/^v\d+$/.test(segment) && segment !== 'api');
  const noun = (segments[segments.length - 1] ?? 'index').replace(/-/g, '_').replace(/s$/, '');
  const verb = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' }[endpoint.method] ?? 'handle';
  return `${verb}_${noun}`;
}
export function camel(snake: string): string {
  return snake.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
}
export function javaThread(...slot: HashPart[]): string {
  return `nio-8080-exec-${intBetween(1, 10, ...slot, 'thread')}`;
}
export function clientIp(...slot: HashPart[]): string {
  return `10.42.${pickOne([3, 7, 12], ...slot, 'net')}.${intBetween(10, 250, ...slot, 'host')}`;
}
function userAgent(caller: TopologyService | undefined): string {
  switch (caller?.language) {
    case 'java':
      return 'Java/17.0.12';
    case 'go':
      return 'Go-http-client/1.1';
    case 'node':
      return 'undici';
    case 'python':
      return 'python-requests/2.32.3';
    default:
      return 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  }
}
export function traceAttributes(ctx: LineContext): Record<string, unknown> {
  return { trace_id: ctx.traceId, span_id: ctx.spanId, dd: { trace_id: ctx.traceId, span_id: ctx.spanId } };
}

export function springLine(ctx: LineContext, level: 'INFO' | 'WARN' | 'ERROR', logger: string, text: string): string {
  return `${iso(ctx.t)} ${level.padStart(5)} 1 --- [${ctx.service.name}] [${javaThread(...ctx.slot).padStart(15)}] ${logger.padEnd(40)} : ${text}`;
}
export function slogLine(ctx: LineContext, level: 'INFO' | 'WARN' | 'ERROR', msg: string, fields: [string, string | number][]): string {
  const rendered = fields.map(([key, value]) => `${key}=${typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : value}`);
  return [`time=${iso(ctx.t)}`, `level=${level}`, `msg=${JSON.stringify(msg)}`, ...rendered, `trace_id=${ctx.traceId}`].join(' ');
}
export function flaskPrefix(ctx: LineContext, level: string, module: string): string {
  return `[${spaced(ctx.t, ',')}] ${level} in ${module}: `;
}
export function pinoAttributes(ctx: LineContext, level: number, extra: Record<string, unknown>): Record<string, unknown> {
  return { level, pid: 1, hostname: ctx.service.name, ...extra, ...traceAttributes(ctx) };
}

// ---------- successful requests ----------

export function renderAccess(ctx: LineContext, endpoint: Endpoint, durationMs: number, caller: TopologyService | undefined): RenderedLog {
  const path = concretePath(endpoint.path, ...ctx.slot);
  const status = endpoint.method === 'POST' ? 201 : 200;
  const bytes = intBetween(80, 4_800, ...ctx.slot, 'bytes');
  const http = { method: endpoint.method, url: path, status_code: status, useragent: userAgent(caller) };
  const ms = Math.max(0.4, durationMs);
  switch (ctx.service.language) {
    case 'python':
      return {
        status: 'info',
        message: `${clientIp(...ctx.slot)} - - [${clf(ctx.t)}] "${endpoint.method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${userAgent(caller)}"`,
        attributes: { http, duration: Math.round(ms * 1e6), logger: { name: 'gunicorn.access' }, ...traceAttributes(ctx) },
      };
    case 'java':
      return {
        status: 'info',
        message: springLine(ctx, 'INFO', `c.${ctx.org[0]}.${moduleName(ctx.service)}.web.RequestLoggingFilter`, `Completed ${endpoint.method} ${path} ${status} in ${Math.round(ms)} ms`),
        attributes: { http, duration: Math.round(ms * 1e6), logger: { name: `com.${ctx.org}.${moduleName(ctx.service)}.web.RequestLoggingFilter`, thread_name: javaThread(...ctx.slot) }, ...traceAttributes(ctx) },
      };
    case 'node':
      return {
        status: 'info',
        message: 'request completed',
        attributes: pinoAttributes(ctx, 30, {
          req: { method: endpoint.method, url: path, remoteAddress: clientIp(...ctx.slot) },
          res: { statusCode: status },
          responseTime: Math.round(ms),
          http,
        }),
      };
    default:
      return {
        status: 'info',
        message: slogLine(ctx, 'INFO', 'request completed', [
          ['method', endpoint.method],
          ['path', path],
          ['status', status],
          ['duration', `${ms.toFixed(1)}ms`],
        ]),
        attributes: { http, duration: Math.round(ms * 1e6), ...traceAttributes(ctx) },
      };
  }
}

// ---------- the service's own exception ----------

export function renderOwnException(ctx: LineContext, endpoint: Endpoint, exception: string): RenderedLog {
  const path = concretePath(endpoint.path, ...ctx.slot);
  const module = moduleName(ctx.service);
  const handler = handlerName(endpoint);
  const http = { method: endpoint.method, url: path, status_code: 500 };
  const [excType = 'Exception', ...rest] = exception.split(': ');
  const excMessage = rest.join(': ');
  switch (ctx.service.language) {
    case 'python': {
      const key = /^KeyError: '(\w+)'/.exec(exception)?.[1];
      const failing = key
        ? `    ${key.replace(/_id$/, '')} = self._pick_${key.replace(/_id$/, '')}(item["${key}"], region)`
        : `    raise ${excType}(${JSON.stringify(excMessage)})`;
      const message = [
        `${flaskPrefix(ctx, 'ERROR', 'app')}Exception on ${path} [${endpoint.method}]`,
        'Traceback (most recent call last):',
        '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 1511, in wsgi_app',
        '    response = self.full_dispatch_request()',
        '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 919, in full_dispatch_request',
        '    rv = self.handle_user_exception(e)',
        '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 917, in full_dispatch_request',
        '    rv = self.dispatch_request()',
        '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 902, in dispatch_request',
        '    return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)  # type: ignore[no-any-return]',
        `  File "/app/${module}/api/routes.py", line ${intBetween(40, 90, ctx.service.name, handler)}, in ${handler}`,
        `    result = service.${handler.replace(/^create_/, 'reserve_').replace(/^get_/, 'lookup_')}(payload)`,
        `  File "/app/${module}/allocation.py", line ${intBetween(100, 180, ctx.service.name, 'alloc')}, in allocate`,
        failing,
        exception,
      ].join('\n');
      return {
        status: 'error',
        message,
        attributes: { http, error: { kind: excType, message: excMessage, stack: message.split('\n').slice(1).join('\n') }, logger: { name: 'app' }, ...traceAttributes(ctx) },
      };
    }
    case 'java': {
      const javaExc = excType.includes('.') ? excType : `java.lang.${excType}`;
      const stack = [
        `${javaExc}: ${excMessage}`,
        `\tat com.${ctx.org}.${module}.service.${pascal(module)}Service.${camel(handler)}(${pascal(module)}Service.java:${intBetween(60, 200, ctx.service.name, 'line')})`,
        `\tat com.${ctx.org}.${module}.web.${pascal(module)}Controller.${camel(handler)}(${pascal(module)}Controller.java:${intBetween(30, 90, ctx.service.name, 'ctl')})`,
        '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
        '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
      ].join('\n');
      return {
        status: 'error',
        message: `${springLine(ctx, 'ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: ${javaExc}: ${excMessage}] with root cause`)}\n\n${stack}`,
        attributes: { http, error: { kind: javaExc, message: excMessage, stack }, ...traceAttributes(ctx) },
      };
    }
    case 'node':
      return {
        status: 'error',
        message: `${excType}: ${excMessage}`,
        attributes: pinoAttributes(ctx, 50, {
          req: { method: endpoint.method, url: path },
          res: { statusCode: 500 },
          err: { type: excType, message: excMessage, stack: `${excType}: ${excMessage}\n    at ${camel(handler)} (/app/src/routes/${module}.js:${intBetween(20, 140, ctx.service.name, 'line')}:17)` },
          http,
        }),
      };
    default:
      return {
        status: 'error',
        message: slogLine(ctx, 'ERROR', 'handler failed', [
          ['method', endpoint.method],
          ['path', path],
          ['status', 500],
          ['err', exception],
        ]),
        attributes: { http, error: { kind: excType, message: excMessage }, ...traceAttributes(ctx) },
      };
  }
}

// ---------- a dependency failed the request ----------

export function renderDependencyError(
  ctx: LineContext,
  ownEndpoint: Endpoint,
  callee: TopologyService,
  calleeEndpoint: Endpoint,
  calleeStatus: number,
  durationMs: number,
  variant = 0,
): RenderedLog {
  // Terminology variants reword the application's own messages (framework exceptions stay as the framework prints them).
  const reword = variant === 0 ? 0 : 1 + (hash32(variant, 'dependency-error', ctx.service.language ?? 'go') % 2);
  const ownPath = concretePath(ownEndpoint.path, ...ctx.slot);
  const calleePath = concretePath(calleeEndpoint.path, ...ctx.slot, 'callee');
  const url = clusterUrl(callee, calleePath);
  const reason = reasonPhrase(callee, calleeStatus);
  const status = `${calleeStatus} ${reason}`;
  const ownStatus = failureStatus(ctx.service, false);
  const module = moduleName(ctx.service);
  const calleeModule = pascal(moduleName(callee));
  const upstream = { service: callee.name, url, method: calleeEndpoint.method, status_code: calleeStatus };
  const bodySnippet =
    callee.language === 'python' && calleeStatus === 500
      ? '"<!doctype html><EOL><html lang=en><EOL><title>500 Internal Server Error</title><EOL><h1>Internal Server Error</h1><EOL><p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p><EOL>"'
      : `"{"timestamp":"${iso(ctx.t)}","status":${calleeStatus},"error":"${reasonPhrase(callee, calleeStatus)}","path":"${calleePath}"}"`;
  const springException = calleeStatus === 502 ? 'HttpServerErrorException$BadGateway' : calleeStatus === 503 ? 'HttpServerErrorException$ServiceUnavailable' : 'HttpServerErrorException$InternalServerError';
  switch (ctx.service.language) {
    case 'java': {
      const exc = `org.springframework.web.client.${springException}: ${status} on ${calleeEndpoint.method} request for "${url}": ${bodySnippet}`;
      const stack = [
        exc,
        '\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:102)',
        '\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:186)',
        '\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:137)',
        '\tat org.springframework.web.client.ResponseErrorHandler.handleError(ResponseErrorHandler.java:63)',
        '\tat org.springframework.web.client.RestTemplate.handleResponse(RestTemplate.java:932)',
        '\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:881)',
        '\tat org.springframework.web.client.RestTemplate.execute(RestTemplate.java:781)',
        `\tat org.springframework.web.client.RestTemplate.${calleeEndpoint.method === 'GET' ? 'getForObject(RestTemplate.java:380)' : 'postForEntity(RestTemplate.java:529)'}`,
        `\tat com.${ctx.org}.${module}.client.${calleeModule}Client.${calleeEndpoint.method === 'GET' ? 'fetch' : 'reserve'}(${calleeModule}Client.java:${intBetween(40, 120, ctx.service.name, callee.name)})`,
        `\tat com.${ctx.org}.${module}.service.${pascal(module)}Service.${camel(handlerName(ownEndpoint))}(${pascal(module)}Service.java:${intBetween(80, 220, ctx.service.name, 'svc')})`,
        `\tat com.${ctx.org}.${module}.web.${pascal(module)}Controller.${camel(handlerName(ownEndpoint))}(${pascal(module)}Controller.java:${intBetween(30, 90, ctx.service.name, 'ctl')})`,
        '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
        '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
      ].join('\n');
      return {
        status: 'error',
        message: reword === 0
          ? `${springLine(ctx, 'ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: ${exc}] with root cause`)}\n\n${stack}`
          : `${springLine(ctx, 'ERROR', `c.${ctx.org[0]}.${module}.web.GlobalExceptionHandler`, `${reword === 1 ? 'Unhandled exception' : 'Request failed'} for ${ownEndpoint.method} ${ownPath}: ${exc}`)}\n${stack}`,
        attributes: {
          http: { method: ownEndpoint.method, url: ownPath, status_code: ownStatus },
          error: { kind: `org.springframework.web.client.${springException}`, message: exc.split(': ').slice(1).join(': '), stack },
          upstream,
          duration: Math.round(durationMs * 1e6),
          logger: { name: 'org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]', thread_name: javaThread(...ctx.slot) },
          ...traceAttributes(ctx),
        },
      };
    }
    case 'node':
      return {
        status: 'error',
        message: [`request failed: upstream ${callee.name} responded ${status}`, `upstream ${callee.name} returned ${status}`, `call to ${callee.name} failed with ${status}`][reword] as string,
        attributes: pinoAttributes(ctx, 50, {
          req: { method: ownEndpoint.method, url: ownPath },
          res: { statusCode: ownStatus },
          responseTime: Math.round(durationMs),
          err: { type: 'UpstreamError', message: `${calleeEndpoint.method} ${url} responded ${status}`, statusCode: calleeStatus },
          http: { method: ownEndpoint.method, url: ownPath, status_code: ownStatus },
          upstream,
        }),
      };
    case 'python':
      return {
        status: 'error',
        message: `${flaskPrefix(ctx, 'ERROR', module)}${[`${callee.name} call failed`, `error calling ${callee.name}`, `${callee.name} request unsuccessful`][reword]}: ${calleeStatus} Server Error: ${reason} for url: ${url}`,
        attributes: { http: { method: ownEndpoint.method, url: ownPath, status_code: ownStatus }, upstream, error: { kind: 'requests.exceptions.HTTPError' }, ...traceAttributes(ctx) },
      };
    default: {
      const noun = calleeEndpoint.method === 'GET' ? 'lookup' : 'request';
      return {
        status: 'error',
        message: slogLine(ctx, 'ERROR', [`${moduleName(callee)} ${noun} failed`, `${callee.name} ${noun} error`, `calling ${callee.name} failed`][reword] as string, [
          ['method', ownEndpoint.method],
          ['path', ownPath],
          ['status', ownStatus],
          ['err', `${calleeEndpoint.method} ${url}: unexpected status ${status}`],
          ['duration', `${durationMs.toFixed(1)}ms`],
        ]),
        attributes: { http: { method: ownEndpoint.method, url: ownPath, status_code: ownStatus }, upstream, error: { message: `unexpected status ${status}` }, duration: Math.round(durationMs * 1e6), ...traceAttributes(ctx) },
      };
    }
  }
}

// ---------- routine noise ----------

export function renderSlowDependency(ctx: LineContext, dependency: TopologyService, durationMs: number, thresholdMs: number): RenderedLog {
  const key = dependency.kind === 'cache' ? `sess:${hexString(16, ...ctx.slot, 'key')}` : concretePath('/{id}', ...ctx.slot);
  const duration = `${durationMs.toFixed(1)}ms`;
  const attributes = { dependency: dependency.name, duration: Math.round(durationMs * 1e6), ...traceAttributes(ctx) };
  switch (ctx.service.language) {
    case 'java':
      return { status: 'warn', message: springLine(ctx, 'WARN', `c.${ctx.org[0]}.${moduleName(ctx.service)}.cache.SessionStore`, `Slow ${dependency.name} lookup for ${key}: ${Math.round(durationMs)} ms (threshold ${thresholdMs} ms)`), attributes };
    case 'python':
      return { status: 'warn', message: `${flaskPrefix(ctx, 'WARNING', 'cache')}slow ${dependency.name} lookup key=${key} took ${duration} (threshold ${thresholdMs}ms)`, attributes };
    case 'node':
      return { status: 'warn', message: `slow ${dependency.name} lookup`, attributes: pinoAttributes(ctx, 40, { key, durationMs: Math.round(durationMs), thresholdMs, ...attributes }) };
    default:
      return {
        status: 'warn',
        message: slogLine(ctx, 'WARN', `slow ${dependency.name} lookup`, [
          ['op', 'GET'],
          ['key', key],
          ['duration', duration],
          ['threshold', `${thresholdMs}ms`],
        ]),
        attributes,
      };
  }
}

/** The rare everyday failures every service has (clients hanging up, cancelled contexts). */
export function renderBackgroundError(ctx: LineContext, endpoint: Endpoint): RenderedLog {
  const path = concretePath(endpoint.path, ...ctx.slot);
  switch (ctx.service.language) {
    case 'java':
      return {
        status: 'error',
        message: springLine(ctx, 'ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]', `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe] with root cause`),
        attributes: { http: { method: endpoint.method, url: path }, error: { kind: 'org.apache.catalina.connector.ClientAbortException', message: 'java.io.IOException: Broken pipe' }, ...traceAttributes(ctx) },
      };
    case 'python':
      return {
        status: 'error',
        message: `[${iso(ctx.t).slice(0, 19).replace('T', ' ')} +0000] [1] [ERROR] Error handling request ${path}\nTraceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/gunicorn/workers/sync.py", line 135, in handle\n    self.handle_request(listener, req, client, addr)\n  File "/usr/local/lib/python3.11/site-packages/gunicorn/workers/sync.py", line 183, in handle_request\n    util.reraise(*sys.exc_info())\nOSError: [Errno 104] Connection reset by peer`,
        attributes: { http: { method: endpoint.method, url: path }, error: { kind: 'OSError', message: '[Errno 104] Connection reset by peer' }, logger: { name: 'gunicorn.error' }, ...traceAttributes(ctx) },
      };
    case 'node':
      return {
        status: 'error',
        message: 'request aborted',
        attributes: pinoAttributes(ctx, 50, { req: { method: endpoint.method, url: path }, err: { type: 'Error', message: 'aborted', code: 'ECONNRESET' } }),
      };
    default:
      return {
        status: 'error',
        message: slogLine(ctx, 'ERROR', 'request canceled', [
          ['method', endpoint.method],
          ['path', path],
          ['err', 'context canceled'],
        ]),
        attributes: { http: { method: endpoint.method, url: path }, error: { message: 'context canceled' }, ...traceAttributes(ctx) },
      };
  }
}

/** Routine server log lines of a datastore or queue. */
export function renderDatastoreLine(ctx: LineContext): RenderedLog {
  const technology = ctx.service.technology ?? ctx.service.kind;
  const pid = intBetween(40, 4_000, ...ctx.slot, 'pid');
  if (technology === 'postgres') {
    const options = [
      `${spaced(ctx.t, '.')} UTC [${pid}] LOG:  checkpoint starting: time`,
      `${spaced(ctx.t, '.')} UTC [${pid}] LOG:  checkpoint complete: wrote ${intBetween(200, 4_000, ...ctx.slot, 'buf')} buffers (${(intBetween(1, 40, ...ctx.slot, 'pct') / 10).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${intBetween(0, 3, ...ctx.slot, 'rec')} recycled; write=${(intBetween(1000, 29000, ...ctx.slot, 'w') / 1000).toFixed(3)} s, sync=0.00${intBetween(1, 9, ...ctx.slot, 's')} s, total=${(intBetween(1000, 29000, ...ctx.slot, 't') / 1000).toFixed(3)} s`,
      `${spaced(ctx.t, '.')} UTC [${pid}] LOG:  automatic vacuum of table "orders.public.order_items": index scans: 1`,
    ];
    return { status: 'info', message: pickOne(options, ...ctx.slot, 'pg'), attributes: { db: { system: 'postgresql' } } };
  }
  if (technology === 'redis') {
    const options = [
      `1:M ${redisTime(ctx.t)} * 100 changes in 300 seconds. Saving...`,
      `1:M ${redisTime(ctx.t)} * Background saving started by pid ${pid}`,
      `${pid}:C ${redisTime(ctx.t)} * DB saved on disk`,
      `1:M ${redisTime(ctx.t)} * Background saving terminated with success`,
    ];
    return { status: 'info', message: pickOne(options, ...ctx.slot, 'redis'), attributes: { db: { system: 'redis' } } };
  }
  if (technology === 'kafka') {
    const partition = intBetween(0, 11, ...ctx.slot, 'partition');
    const message = `[${spaced(ctx.t, ',')}] INFO [LocalLog partition=${ctx.service.name}-${partition}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${intBetween(1_000_000, 40_000_000, ...ctx.slot, 'offset')} in ${intBetween(1, 9, ...ctx.slot, 'ms')} ms. (kafka.log.LocalLog)`;
    return { status: 'info', message, attributes: { messaging: { system: 'kafka' } } };
  }
  return { status: 'info', message: `${iso(ctx.t)} maintenance task completed`, attributes: {} };
}
