import { describe, expect, it } from 'vitest';
import { describeCall, GetPodLogsInputSchema, lineLevel, logEntries, pickPods, summarize, summarizePodLog, troubleOf, type PodLogRaw } from './get-pod-logs.ts';
import type { PodSummary } from './list-service-pods.ts';

function pod(name: string, extra: Partial<PodSummary> = {}): PodSummary {
  return {
    name,
    namespace: 'prod',
    phase: 'Running',
    ready: true,
    restarts: 0,
    lastTerminationReason: null,
    lastTerminatedAt: null,
    waitingReason: null,
    image: 'registry.internal/inventory-service:2.14.0',
    node: 'ip-10-0-1-12',
    startedAt: '2026-11-20T13:20:30Z',
    ...extra,
  };
}

// What `kubectl logs` prints for a gunicorn/Flask pod: a header line, a traceback, its exception.
const flaskLog = (n: number): string =>
  Array.from({ length: n }, (_, i) =>
    [
      `[2026-11-20 13:2${i % 10}:05,123] ERROR in app: Exception on /v1/reservations [POST]`,
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 1511, in wsgi_app',
      '    response = self.full_dispatch_request()',
      "KeyError: 'warehouse_id'",
      `10.42.12.${i} - - [20/Nov/2026:13:2${i % 10}:06 +0000] "POST /v1/reservations HTTP/1.1" 500 265 "-" "Java/17.0.12"`,
    ].join('\n'),
  ).join('\n');

describe('logEntries', () => {
  it('keeps a traceback and its exception line with the line that started it', () => {
    const entries = logEntries(flaskLog(1));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain("KeyError: 'warehouse_id'");
    expect(entries[1]).toMatch(/^10\.42\.12\.0 /);
  });

  it('keeps Java stack frames and causes with their exception', () => {
    const java = ['ERROR 1 --- [nio-8080-exec-5] o.a.c.c.C.[dispatcherServlet] : Servlet.service() failed', '\tat com.shop.Checkout.place(Checkout.java:42)', 'Caused by: java.net.SocketTimeoutException: Read timed out', '\t... 12 more', 'INFO next request'].join('\n');
    expect(logEntries(java)).toHaveLength(2);
  });
});

describe('lineLevel', () => {
  it.each([
    ['[2026-11-20 13:20:05,123] ERROR in app: Exception on /x', 'error'],
    ['level=error msg="dial tcp: i/o timeout"', 'error'],
    ['{"level":"error","msg":"boom"}', 'error'],
    ['E1120 13:20:05.123456 1 controller.go:42] sync failed', 'error'],
    ['panic: runtime error: invalid memory address', 'error'],
    ["KeyError: 'DATABASE_URL'", 'error'],
    ['java.lang.IllegalStateException: pool exhausted', 'error'],
    ['2026-11-20T13:20:05Z WARN slow session-cache lookup 812ms', 'warn'],
    ['GET /healthz 200', 'info'],
  ])('reads %s as %s', (line, level) => {
    expect(lineLevel(line)).toBe(level);
  });
});

describe('picking pods', () => {
  it('names why a pod is in trouble', () => {
    expect(troubleOf(pod('a', { waitingReason: 'CrashLoopBackOff', restarts: 4 }))).toBe('CrashLoopBackOff');
    expect(troubleOf(pod('a', { lastTerminationReason: 'OOMKilled', restarts: 2 }))).toBe('last terminated: OOMKilled, 2 restart(s)');
    expect(troubleOf(pod('a'))).toBeNull();
  });

  it('reads the least healthy pods first, or one healthy pod when none is in trouble', () => {
    const pods = [pod('b'), pod('c', { restarts: 1 }), pod('a', { ready: false, waitingReason: 'CrashLoopBackOff', restarts: 5 }), pod('d', { restarts: 3 })];
    expect(pickPods(pods, 2).map((p) => p.pod.name)).toEqual(['a', 'd']);
    expect(pickPods([pod('z'), pod('y')], 3)).toEqual([{ pod: pod('y'), why: 'healthy (no pod of the service is in trouble)' }]);
  });
});

describe('summarize', () => {
  const input = GetPodLogsInputSchema.parse({ service: 'inventory-service' });
  const raw = (text: string | undefined, error?: string): PodLogRaw => ({ pod: pod('inventory-service-7f9c6d8b5-x2k4q'), why: '3 restart(s)', container: 'app', previous: true, ...(text !== undefined ? { text } : {}), ...(error ? { error } : {}) });

  it('groups lines into signatures, error lines first, and keeps the last entries', () => {
    const log = summarizePodLog(raw(`${flaskLog(6)}\npassword=hunter2 in config dump`), 8);
    expect(log.signatures[0]).toMatchObject({ level: 'error', count: 6, signature: "[<ts>] ERROR in app: Exception on /v1/reservations [POST] | KeyError: '<*>'" });
    expect(log.levelCounts).toEqual({ error: 6, info: 7 });
    expect(log.tail).toHaveLength(5);
    expect(log.tail.at(-1)).toBe('password=[REDACTED:password] in config dump');
  });

  it('is ok with a hint naming the top error, and says which command shows the same', () => {
    const out = summarize({ logs: [raw(flaskLog(3))], podsConsidered: 3 }, input);
    expect(out.status).toBe('ok');
    expect(out.query).toBe('kubectl logs -n prod inventory-service-7f9c6d8b5-x2k4q --previous --tail=300');
    expect(out.hints[0]).toContain("KeyError: 'warehouse_id'");
    expect(out.truncated).toBe(true);
  });

  it('is an error when no log could be read, and no_data when there is no pod', () => {
    const failed = summarize({ logs: [raw(undefined, 'Kubernetes answered 404')], podsConsidered: 1 }, input);
    expect(failed.status).toBe('error');
    expect(failed.error!.message).toContain('404');
    expect(failed.error!.retryable).toBe(false);
    const transient = summarize({ logs: [{ ...raw(undefined, 'Kubernetes had a server error (HTTP 503)'), retryable: true }], podsConsidered: 1 }, input);
    expect(transient.error!.retryable).toBe(true);
    expect(summarize({ logs: [], podsConsidered: 0 }, input).status).toBe('no_data');
  });
});

describe('input', () => {
  it('requires exactly one of service and pod', () => {
    expect(GetPodLogsInputSchema.safeParse({}).error!.issues[0]!.message).toBe('give exactly one of service (its least healthy pods) or pod (one pod by name)');
    expect(GetPodLogsInputSchema.safeParse({ service: 'a', pod: 'a-1' }).success).toBe(false);
    expect(GetPodLogsInputSchema.safeParse({ pod: 'inventory-service-7f9c6d8b5-x2k4q' }).success).toBe(true);
  });

  it('describes a call in one line', () => {
    expect(describeCall(GetPodLogsInputSchema.parse({ pod: 'p-1', container: 'previous' }))).toBe('Kubernetes logs of pod p-1 (previous container), last 300 lines');
  });
});
