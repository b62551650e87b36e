import { describe, expect, it } from 'vitest';
import type { PlannerState } from '../loop.ts';
import { planNext } from './deterministic.ts';

const TOOLS = ['datadog/query_service_metrics', 'datadog/search_service_logs', 'kubernetes/list_service_pods', 'kubernetes/list_service_events'];

function state(overrides: Partial<PlannerState> = {}): PlannerState {
  return {
    investigationId: 'i',
    alert: { incidentId: 'P', title: 'High error rate on web', service: 'web', severity: 'critical', triggeredAt: '2026-11-20T13:30:00Z', source: 'pagerduty' },
    context: {
      alertClass: 'error-rate',
      window: { from: '2026-11-20T12:30:00Z', to: '2026-11-20T13:35:00Z' },
      neighbourhood: {
        services: [
          { name: 'web', kind: 'service', dependsOn: ['api'] },
          { name: 'api', kind: 'service', dependsOn: ['stripe'] },
          { name: 'stripe', kind: 'external', dependsOn: [] },
        ],
        edges: [
          { from: 'web', to: 'api' },
          { from: 'api', to: 'stripe' },
        ],
      },
      tools: TOOLS,
      guidance: [],
    },
    step: 0,
    observations: [],
    history: [],
    tokens: 0,
    mustConclude: false,
    ...overrides,
  };
}

describe('deterministic planner', () => {
  it('starts with every probe of the alerting service, in parallel', () => {
    const decision = planNext(state());
    expect(decision.kind).toBe('call');
    if (decision.kind !== 'call') return;
    expect(decision.calls.map((c) => `${c.server}/${c.tool}`).sort()).toEqual([...TOOLS].sort());
    expect(new Set(decision.calls.map((c) => c.arguments.service))).toEqual(new Set(['web']));
  });

  it('also probes the services guidance names, from the first step', () => {
    const decision = planNext(state({ context: { ...state().context, guidance: [{ id: 'g', text: 'always check stripe', alsoCheck: ['stripe'] }] } }));
    if (decision.kind !== 'call') throw new Error('expected calls');
    expect(new Set(decision.calls.map((c) => c.arguments.service))).toEqual(new Set(['web', 'stripe']));
    // An external provider has no pods or Kubernetes events to read.
    expect(decision.calls.filter((c) => c.arguments.service === 'stripe').map((c) => c.tool).sort()).toEqual(['query_service_metrics', 'search_service_logs']);
  });

  it('only calls tools that are available', () => {
    const decision = planNext(state({ context: { ...state().context, tools: ['datadog/query_service_metrics'] } }));
    if (decision.kind !== 'call') throw new Error('expected calls');
    expect(decision.calls.map((c) => c.tool)).toEqual(['query_service_metrics']);
  });

  it('concludes with no candidate when it must and has seen nothing', () => {
    const decision = planNext(state({ mustConclude: true }));
    expect(decision).toMatchObject({ kind: 'conclude', findings: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Reasoning over constructed tool results: small worlds where the right answer is known by design.

const WINDOW = { from: '2026-11-20T12:30:00Z', to: '2026-11-20T13:35:00Z' };
const ONSET = '2026-11-20T13:20:00Z';
const ALL_TOOLS = [...TOOLS, 'datadog/list_change_events'];

type Shift = { signal: 'errors' | 'latency' | 'cpu' | 'memory' | 'traffic'; before: number; after: number; score?: number };

function result(server: string, tool: string, service: string, structured: Record<string, unknown>): PlannerState['observations'][number] {
  return { callId: `${service}-${tool}`, server, tool, arguments: { service }, status: 'ok', structured: { status: 'ok', truncated: false, hints: [], ...structured }, summary: `${tool} ${service}`, durationMs: 1 };
}

function metrics(service: string, shifts: Shift[]) {
  const signals = shifts.map((s) => ({
    signal: s.signal,
    unit: s.signal === 'latency' ? 'ms' : '%',
    query: `avg:${s.signal}{service:${service}}`,
    points: [],
    baseline: { mean: s.before, p95: s.before },
    recent: { mean: s.after, max: s.after },
    changePoint: { at: ONSET, before: s.before, after: s.after, score: s.score ?? 30 },
    anomalous: true,
    direction: s.after > s.before ? 'up' : 'down',
  }));
  return result('datadog', 'query_service_metrics', service, { service, window: WINDOW, signals, noData: [] });
}

function logs(service: string, lines: { message: string; count: number; level?: string }[]) {
  const signatures = lines.map((l) => ({ signature: l.message, level: l.level ?? 'error', count: l.count, firstSeen: ONSET, lastSeen: WINDOW.to, sample: l.message }));
  return result('datadog', 'search_service_logs', service, { service, window: WINDOW, query: `service:${service}`, scanned: 500, levelCounts: {}, signatures, onsetAt: signatures[0]?.firstSeen ?? null });
}

function pods(service: string, nodes: string[], coLocated: { service: string; pods: number; nodes: string[] }[] = []) {
  const list = nodes.map((node, i) => ({ name: `${service}-${i}`, namespace: 'prod', phase: 'Running', ready: true, restarts: 0, lastTerminationReason: null, lastTerminatedAt: null, waitingReason: null, image: `${service}:1`, node, startedAt: '2026-11-19T10:00:00Z' }));
  return result('kubernetes', 'list_service_pods', service, { service, namespace: null, query: 'kubectl get pods', pods: list, totals: { pods: list.length, notReady: 0, restarts: 0 }, images: [`${service}:1`], nodes, coLocated });
}

function quiet(service: string) {
  return [
    result('kubernetes', 'list_service_events', service, { service, window: WINDOW, namespace: null, query: 'kubectl get events', scanned: 0, events: [], deploys: [] }),
    result('datadog', 'list_change_events', service, { service, window: WINDOW, servicesChecked: [service], query: `service:${service}`, events: [], counts: {}, lastChangeOfService: null }),
  ];
}

type Node = PlannerState['context']['neighbourhood']['services'][number];

function world(services: Node[], alerting: string, observations: PlannerState['observations']): PlannerState {
  const base = state();
  return {
    ...base,
    alert: { ...base.alert, service: alerting, title: `${alerting} p99 latency above SLO` },
    context: {
      ...base.context,
      tools: ALL_TOOLS,
      neighbourhood: { services, edges: services.flatMap((s) => s.dependsOn.map((to) => ({ from: s.name, to }))) },
    },
    observations,
  };
}

describe('deterministic planner: node neighbours', () => {
  const services: Node[] = [
    { name: 'web', kind: 'service', dependsOn: ['api'] },
    { name: 'api', kind: 'service', dependsOn: [] },
  ];
  const slowApi = [
    metrics('web', [{ signal: 'latency', before: 200, after: 260, score: 3 }]),
    metrics('api', [{ signal: 'latency', before: 300, after: 1100 }]),
    logs('api', [{ message: 'handler failed: RuntimeError: unexpected error', count: 120 }]),
    pods('api', ['node-a', 'node-b'], [
      { service: 'batch-runner', pods: 2, nodes: ['node-a', 'node-b'] },
      { service: 'mailer', pods: 1, nodes: ['node-a'] },
    ]),
    ...quiet('api'),
  ];

  it('reads the metrics of what shares the nodes of a service slow with nothing of its own to blame', () => {
    const decision = planNext(world(services, 'api', slowApi));
    if (decision.kind !== 'call') throw new Error(`expected calls, got ${decision.kind}`);
    expect(decision.calls.map((c) => [c.arguments.service, c.tool]).sort()).toEqual([
      ['batch-runner', 'query_service_metrics'],
      ['mailer', 'query_service_metrics'],
    ]);
  });

  it('ranks the co-located workload whose CPU jumped first, as a noisy neighbour, and the slow service as its victim', () => {
    const decision = planNext(world(services, 'api', [...slowApi, metrics('batch-runner', [{ signal: 'cpu', before: 25, after: 90 }]), metrics('mailer', [])]));
    if (decision.kind !== 'conclude') throw new Error('expected a conclusion');
    expect(decision.findings[0]).toMatchObject({ service: 'batch-runner', faultType: 'noisy_neighbor' });
    expect(decision.findings[0]!.evidence.map((e) => `${e.kind}:${e.service}`)).toEqual(expect.arrayContaining(['metric:batch-runner', 'pods:api', 'metric:api']));
    expect(decision.findings.find((f) => f.service === 'api')!.summary).toContain('likely a victim of batch-runner');
  });

  it('blames nobody on the node when no neighbour ran hot', () => {
    const decision = planNext(world(services, 'api', [...slowApi, metrics('batch-runner', []), metrics('mailer', [])]));
    if (decision.kind !== 'conclude') throw new Error('expected a conclusion');
    expect(decision.findings[0]!.service).toBe('api');
  });

  it('does not look at the nodes of a service whose own CPU explains its slowness', () => {
    const hot = slowApi.map((o) => (o.tool === 'query_service_metrics' && o.arguments.service === 'api' ? metrics('api', [{ signal: 'latency', before: 300, after: 1100 }, { signal: 'cpu', before: 20, after: 95 }]) : o));
    const decision = planNext(world(services, 'api', hot));
    expect(decision.kind).toBe('conclude');
  });
});

describe('deterministic planner: caches and resolvers', () => {
  it('puts a cache that callers miss ahead of the database their misses fall through to', () => {
    const services: Node[] = [
      { name: 'auth', kind: 'service', dependsOn: ['sessions', 'users-db'] },
      { name: 'sessions', kind: 'cache', dependsOn: [] },
      { name: 'users-db', kind: 'database', dependsOn: [] },
    ];
    const decision = planNext(
      world(services, 'auth', [
        metrics('auth', [{ signal: 'latency', before: 60, after: 3000 }]),
        logs('auth', [
          { message: 'cache miss for session:<num>, loading from users-db', count: 130, level: 'warn' },
          { message: 'users_db call failed: pq: canceling statement due to statement timeout', count: 90 },
        ]),
        pods('auth', ['node-a']),
        ...quiet('auth'),
        metrics('sessions', [{ signal: 'cpu', before: 18, after: 39 }]),
        metrics('users-db', [{ signal: 'latency', before: 15, after: 1200 }, { signal: 'cpu', before: 30, after: 75 }]),
        ...quiet('users-db'),
      ]),
    );
    if (decision.kind !== 'conclude') throw new Error('expected a conclusion');
    expect(decision.findings.map((f) => [f.service, f.faultType]).slice(0, 2)).toEqual([
      ['sessions', 'cache_stampede'],
      ['users-db', 'slow_query'],
    ]);
  });

  it('gives resolution failures for several hosts to the resolver the callers share', () => {
    const services: Node[] = [
      { name: 'edge', kind: 'service', dependsOn: ['a', 'b'] },
      { name: 'a', kind: 'service', dependsOn: ['pay', 'resolver'] },
      { name: 'b', kind: 'service', dependsOn: ['subs-db', 'resolver'] },
      { name: 'pay', kind: 'external', dependsOn: [] },
      { name: 'subs-db', kind: 'database', dependsOn: [] },
      { name: 'resolver', kind: 'external', dependsOn: [] },
    ];
    const decision = planNext(
      world(services, 'edge', [
        metrics('edge', [{ signal: 'errors', before: 0.2, after: 30 }]),
        metrics('a', [{ signal: 'errors', before: 0.2, after: 40 }]),
        logs('a', [{ message: 'call failed: pay: getaddrinfo ENOTFOUND api.pay.com', count: 300 }]),
        metrics('b', [{ signal: 'errors', before: 0.2, after: 40 }]),
        logs('b', [{ message: 'call failed: subs-db: getaddrinfo ENOTFOUND subs-db.prod.svc.cluster.local', count: 300 }]),
        metrics('pay', []),
        metrics('subs-db', []),
        metrics('resolver', [{ signal: 'errors', before: 0.1, after: 80 }]),
        ...['edge', 'a', 'b', 'subs-db'].flatMap((s) => [pods(s, []), ...quiet(s), logs(s === 'edge' ? 'edge' : s, [])]).filter((o) => !(o.tool === 'search_service_logs' && ['a', 'b'].includes(String(o.arguments.service)))),
        logs('pay', []),
        logs('resolver', []),
      ]),
    );
    if (decision.kind !== 'conclude') throw new Error('expected a conclusion');
    expect(decision.findings[0]).toMatchObject({ service: 'resolver', faultType: 'dns_failure' });
  });
});
