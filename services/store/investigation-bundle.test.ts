import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Report, ToolResult } from '../agent/types.ts';
import { buildInvestigationBundle, groundTruthFrom, LOG_LINES_PER_SIGNATURE, scenarioIdFor, type BundleInput } from './investigation-bundle.ts';
import type { Feedback, InvestigationSummary } from './investigation-store.ts';

const ALERT_AT = '2026-11-20T13:30:00Z';
const WINDOW = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };

function report(overrides: Partial<Report> = {}): Report {
  return {
    investigationId: 'investigate-Q1QKZ_7Z',
    alert: { incidentId: 'Q1QKZ_7Z', title: 'High error rate on storefront-web', service: 'storefront-web', severity: 'critical', triggeredAt: ALERT_AT, source: 'pagerduty' },
    outcome: 'found',
    summary: 's',
    findings: [
      {
        rank: 1,
        service: 'inventory-service',
        faultType: 'bad_deploy',
        confidence: 0.8,
        summary: 'f',
        nextStep: 'n',
        evidence: [{ kind: 'graph', service: 'inventory-service', summary: 'dependency path: storefront-web → checkout-api → inventory-service' }],
      },
      { rank: 2, service: 'payments-service', faultType: 'network_latency', confidence: 0.2, summary: 'f', nextStep: 'n', evidence: [] },
    ],
    checked: [],
    steps: 1,
    toolCalls: 1,
    tokens: 0,
    guidanceApplied: [],
    ...overrides,
  };
}

function result(callId: string, tool: string, structured: unknown, overrides: Partial<ToolResult> = {}): ToolResult {
  return { callId, server: 'x', tool, arguments: { service: 'inventory-service', window: WINDOW }, status: 'ok', structured, summary: tool, durationMs: 1, ...overrides };
}

function input(observations: ToolResult[], feedback: Feedback[] = [], extra: Partial<BundleInput> = {}): BundleInput {
  const r = report();
  const summary: InvestigationSummary = {
    investigationId: r.investigationId,
    alert: r.alert,
    alertClass: 'error-rate',
    outcome: 'found',
    revision: 1,
    createdAt: '2026-11-20T13:31:00.000Z',
    updatedAt: '2026-11-20T13:31:00.000Z',
  };
  return { report: r, summary, observations, feedback, negative: true, ...extra };
}

const jsonl = (text: string | undefined) => (text ?? '').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('buildInvestigationBundle', () => {
  it('names the scenario after the investigation in lower case', () => {
    expect(scenarioIdFor('investigate-Q1QKZ_7Z')).toBe('prod-q1qkz-7z');
    expect(buildInvestigationBundle(input([])).scenarioId).toBe('prod-q1qkz-7z');
  });

  it('puts the alert inside a window spanning what the tools looked at', () => {
    const built = buildInvestigationBundle(input([result('c1', 'query_service_metrics', { service: 'inventory-service', window: WINDOW, signals: [] })]));
    const scenario = parseYaml(built.files['scenario.yaml']!) as { window: { start: string; end: string }; alert: { triggeredAt: string } };
    expect(scenario.window).toEqual({ start: '2026-11-20T13:00:00.000Z', end: '2026-11-20T13:35:00.000Z' });
    const bare = parseYaml(buildInvestigationBundle(input([])).files['scenario.yaml']!) as { window: { start: string; end: string } };
    expect(Date.parse(bare.window.start)).toBeLessThan(Date.parse(ALERT_AT));
    expect(Date.parse(bare.window.end)).toBeGreaterThan(Date.parse(ALERT_AT));
  });

  it('writes metric points under canonical names, once per timestamp, service and metric', () => {
    const points = [
      { at: '2026-11-20T13:00:00Z', value: 0.2 },
      { at: '2026-11-20T13:01:00Z', value: 35 },
    ];
    const built = buildInvestigationBundle(
      input([
        result('c1', 'query_service_metrics', { service: 'inventory-service', signals: [{ signal: 'errors', points }, { signal: 'latency', points }] }),
        result('c2', 'query_service_metrics', { service: 'inventory-service', signals: [{ signal: 'errors', points }] }),
      ]),
    );
    const rows = built.files['metrics.csv']!.trim().split('\n');
    expect(rows[0]).toBe('timestamp,service,metric,value,unit');
    expect(rows.slice(1)).toEqual([
      '2026-11-20T13:00:00.000Z,inventory-service,error.rate_pct,0.2,percent',
      '2026-11-20T13:00:00.000Z,inventory-service,latency.p99_ms,0.2,millisecond',
      '2026-11-20T13:01:00.000Z,inventory-service,error.rate_pct,35,percent',
      '2026-11-20T13:01:00.000Z,inventory-service,latency.p99_ms,35,millisecond',
    ]);
  });

  it('expands a log signature into evenly spaced copies of its sample, capped', () => {
    const sig = (sample: string, count: number, level = 'error') => ({ level, count, firstSeen: '2026-11-20T13:20:00Z', lastSeen: '2026-11-20T13:29:30Z', sample });
    const built = buildInvestigationBundle(
      input([result('c1', 'search_service_logs', { service: 'inventory-service', signatures: [sig('KeyError: warehouse_id', 412), sig('retrying', 3, 'WARN'), sig('odd', 1, 'verbose')] })]),
    );
    const lines = jsonl(built.files['logs.jsonl']);
    const keyErrors = lines.filter((l) => l.message === 'KeyError: warehouse_id');
    expect(keyErrors).toHaveLength(LOG_LINES_PER_SIGNATURE);
    expect(keyErrors[0]!.timestamp).toBe('2026-11-20T13:20:00.000Z');
    expect(keyErrors.at(-1)!.timestamp).toBe('2026-11-20T13:29:30.000Z');
    const gaps = keyErrors.slice(1).map((l, i) => Date.parse(l.timestamp as string) - Date.parse(keyErrors[i]!.timestamp as string));
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(lines.filter((l) => l.message === 'retrying').map((l) => l.level)).toEqual(['warn', 'warn', 'warn']);
    expect(lines.filter((l) => l.message === 'odd')).toEqual([{ timestamp: '2026-11-20T13:20:00.000Z', service: 'inventory-service', message: 'odd' }]);
    expect(lines.map((l) => l.timestamp)).toEqual([...lines.map((l) => l.timestamp)].sort());
  });

  it('derives dependencies from graph evidence and graph tools, and skips names a topology cannot hold', () => {
    const built = buildInvestigationBundle(
      input([
        result('c1', 'get_service_dependencies', { service: 'payments-service', calls: ['api.stripe.com', 'payments-db'], callers: ['checkout-api'] }),
        result('c2', 'search_service_logs', { service: 'api.stripe.com', signatures: [] }),
        result('c3', 'list_service_pods', undefined, { status: 'error', error: '429' }),
      ]),
    );
    const topology = parseYaml(built.files['topology.yaml']!) as { services: { name: string; kind: string; dependsOn: string[] }[] };
    const deps = Object.fromEntries(topology.services.map((s) => [s.name, s.dependsOn]));
    expect(deps).toEqual({
      'storefront-web': ['checkout-api'],
      'inventory-service': [],
      'checkout-api': ['inventory-service', 'payments-service'],
      'payments-service': ['payments-db'],
      'payments-db': [],
    });
  });

  it('takes kinds, languages and calls among the services seen from a catalog, never adding services', () => {
    const built = buildInvestigationBundle(
      input([], [], {
        catalog: [
          { name: 'payments-service', kind: 'service', language: 'go', dependsOn: ['stripe'] },
          { name: 'stripe', kind: 'external' },
          { name: 'inventory-service', kind: 'service', language: 'python', team: 'fulfilment', dependsOn: ['payments-service', 'orders-db'] },
        ],
      }),
    );
    const topology = parseYaml(built.files['topology.yaml']!) as { services: { name: string; language?: string; team?: string; dependsOn: string[] }[] };
    expect(topology.services.map((s) => s.name)).not.toContain('stripe');
    expect(topology.services.find((s) => s.name === 'inventory-service')).toEqual({ name: 'inventory-service', kind: 'service', language: 'python', team: 'fulfilment', dependsOn: ['payments-service'] });
  });

  it('turns Kubernetes events, rollouts and change events into events, one deploy per service and second', () => {
    const built = buildInvestigationBundle(
      input([
        result('c1', 'list_service_events', {
          service: 'inventory-service',
          events: [{ at: '2026-11-20T13:21:00Z', reason: 'BackOff', type: 'Warning', object: 'Pod/inventory-service-7f9c6d8b5-x2x9q', message: 'Back-off restarting failed container', count: 7 }],
          deploys: [{ at: '2026-11-20T13:20:00Z', image: 'registry.internal/inventory-service:2.14.0' }],
        }),
        result('c2', 'list_change_events', {
          events: [
            { at: '2026-11-20T13:20:00.400Z', service: 'inventory-service', kind: 'deploy', title: 'Deployed inventory-service 2.14.0', text: 't', source: 'argocd' },
            { at: '2026-11-20T12:00:00Z', service: 'payments-service', kind: 'other', title: 'Rotated a secret', text: 't', source: 'vault' },
          ],
        }),
      ]),
    );
    const events = jsonl(built.files['events.jsonl']);
    expect(events.map((e) => [e.timestamp, e.service, e.kind])).toEqual([
      ['2026-11-20T12:00:00.000Z', 'payments-service', 'infra'],
      ['2026-11-20T13:20:00.000Z', 'inventory-service', 'deploy'],
      ['2026-11-20T13:21:00.000Z', 'inventory-service', 'kubernetes'],
    ]);
    expect(events[1]!.attributes).toEqual({ version: '2.14.0', source: 'kubernetes' });
    expect(events[2]!.attributes).toEqual({ reason: 'BackOff', type: 'Warning', count: 7, involvedObject: { kind: 'Pod', name: 'inventory-service-7f9c6d8b5-x2x9q' } });
  });

  it('reconstructs pod restarts from the count and the last termination', () => {
    const pod = { name: 'inventory-service-7f9c6d8b5-x2x9q', restarts: 4, lastTerminationReason: 'OOMKilled', lastTerminatedAt: '2026-11-20T13:28:00Z', waitingReason: 'CrashLoopBackOff', image: 'r/inventory-service:2.14.0', node: 'ip-10-0-1-5', startedAt: '2026-11-18T09:00:00Z' };
    const healthy = { ...pod, name: 'inventory-service-7f9c6d8b5-abcde', restarts: 0, lastTerminationReason: null, lastTerminatedAt: null, waitingReason: 'ContainerCreating' };
    const built = buildInvestigationBundle(input([result('c1', 'list_service_pods', { service: 'inventory-service', pods: [pod, healthy] })]));
    const k8s = JSON.parse(built.files['k8s.json']!) as { pods: { name: string; restarts: { at: string; reason: string; exitCode: number }[]; waiting?: { reason: string } }[] };
    const [crashing, fine] = k8s.pods;
    expect(crashing!.restarts).toHaveLength(4);
    expect(crashing!.restarts.at(-1)).toEqual({ at: '2026-11-20T13:28:00.000Z', reason: 'OOMKilled', exitCode: 137 });
    expect(crashing!.restarts.every((r) => Date.parse(r.at) > Date.parse(WINDOW.from))).toBe(true);
    expect(crashing!.waiting?.reason).toBe('CrashLoopBackOff');
    expect(fine!.restarts).toEqual([]);
    expect(fine!.waiting).toBeUndefined();
  });

  it('tags the scenario and leaves out files with nothing to say', () => {
    const built = buildInvestigationBundle(input([]));
    expect(Object.keys(built.files).sort()).toEqual(['scenario.yaml', 'topology.yaml']);
    const scenario = parseYaml(built.files['scenario.yaml']!) as { tags: string[]; groundTruth?: unknown };
    expect(scenario.tags).toEqual(['from:production', 'feedback:negative', 'alert-class:error-rate', 'ground-truth:unknown']);
    expect(scenario.groundTruth).toBeUndefined();
  });
});

describe('groundTruthFrom', () => {
  const fb = (f: Partial<Feedback>): Feedback => ({ investigationId: 'investigate-Q1QKZ_7Z', userId: 'U1', at: '2026-11-20T14:00:00Z', ...f });

  it('takes the latest correction', () => {
    expect(groundTruthFrom(report(), [fb({ correctedService: 'a', correctedFaultType: 'slow_query' }), fb({ text: 'hm' }), fb({ correctedService: 'orders-db', correctedFaultType: 'db_connection_exhaustion' })])).toEqual({
      rootCauseService: 'orders-db',
      faultType: 'db_connection_exhaustion',
    });
  });

  it("fills a missing fault type from the agent's finding on that service", () => {
    expect(groundTruthFrom(report(), [fb({ correctedService: 'payments-service' })])).toEqual({ rootCauseService: 'payments-service', faultType: 'network_latency' });
    expect(groundTruthFrom(report(), [fb({ correctedService: 'orders-db' })])).toBeUndefined();
  });

  it('fills a missing service from the finding the feedback was given on', () => {
    expect(groundTruthFrom(report(), [fb({ correctedFaultType: 'config_error', findingRank: 2 })])).toEqual({ rootCauseService: 'payments-service', faultType: 'config_error' });
  });

  it('gives none without a correction', () => {
    expect(groundTruthFrom(report(), [fb({ text: 'wrong' })])).toBeUndefined();
  });
});
