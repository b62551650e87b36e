import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundleError } from './bundle-error.ts';
import { worldFromBundle } from './bundle-world.ts';
import { loadBundle } from './load-bundle.ts';

const SCENARIO = `id: orders-db-stall
title: Orders API slows down
window: { start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z' }
alert:
  title: High latency on orders-api
  service: orders-api
  severity: warning
  triggeredAt: '2026-03-02T09:40:00Z'
  source: prometheus
groundTruth: { rootCauseService: orders-db, faultType: slow_query }
tags: [recorded]
`;
const TOPOLOGY = `services:
  - { name: orders-api, kind: service, language: go, dependsOn: [orders-db] }
  - { name: orders-db, kind: database }
`;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function bundle(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ariadne-load-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function loadError(files: Record<string, string>): Promise<BundleError> {
  const error = await loadBundle(await bundle(files)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

const at = (minute: number) => Date.parse('2026-03-02T09:00:00Z') + minute * 60_000;

describe('loadBundle', () => {
  it('loads a bundle that has only scenario.yaml, inferring a one-service topology', async () => {
    const loaded = await loadBundle(await bundle({ 'scenario.yaml': SCENARIO }));
    expect(loaded.present).toEqual(['scenario.yaml']);
    expect(loaded.topology.services.map((service) => service.name)).toEqual(['orders-api']);
    const world = worldFromBundle(loaded);
    expect(world.cluster.pods).toEqual([]);
    expect(world.telemetry.sources()).toEqual([]);
    expect(world.logs.minute('orders-api', at(10))).toEqual([]);
    expect(world.kubeEvents).toEqual([]);
    expect(world.clock).toEqual({ start: at(0), alertAt: at(40), now: at(45) });
  });

  it('accepts ISO and epoch timestamps and serves the values per minute', async () => {
    const epochSeconds = at(3) / 1000;
    const loaded = await loadBundle(
      await bundle({
        'scenario.yaml': SCENARIO,
        'topology.yaml': TOPOLOGY,
        'metrics.csv': `timestamp,service,metric,value\n2026-03-02T09:02:00Z,orders-api,latency.p99_ms,120.5\n${epochSeconds},orders-api,latency.p99_ms,880\n${epochSeconds},orders-db,connections.active,97\n`,
        'logs.jsonl': `{"timestamp":${at(3) + 1234},"service":"orders-db","level":"WARNING","message":"duration: 5012.113 ms  statement: SELECT * FROM orders WHERE customer_id = $1"}\n`,
        'spans.jsonl': `{"traceId":"t1","spanId":"s1","service":"orders-api","operation":"http.request","start":"${at(3) * 1_000_000}","durationMs":812,"status":"error"}\n`,
      }),
    );
    const world = worldFromBundle(loaded);
    const api = world.telemetry.sources().find((source) => source.service === 'orders-api');
    const db = world.telemetry.sources().find((source) => source.service === 'orders-db');
    expect(api?.kind).toBe('traffic');
    expect(db?.kind).toBe('managed');
    expect(world.telemetry.value(api!, 'latency.p99_ms', at(2))).toBe(120.5);
    expect(world.telemetry.value(api!, 'latency.p99_ms', at(3))).toBe(880);
    expect(world.telemetry.value(db!, 'connections.active', at(3))).toBe(97);
    const [line] = world.logs.minute('orders-db', at(3));
    expect(line).toMatchObject({ timestamp: at(3) + 1234, status: 'warn', service: 'orders-db' });
    expect(line?.id).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(world.spans?.minute('orders-api', at(3))).toMatchObject([{ spanId: 's1', start: at(3), status: 'error' }]);
  });

  it.each([
    [{}, 'scenario.yaml: missing'],
    [{ 'scenario.yaml': SCENARIO.replace('service: orders-api', 'service: ""') }, 'scenario.yaml: alert.service:'],
    [{ 'scenario.yaml': SCENARIO.replace("triggeredAt: '2026-03-02T09:40:00Z'", "triggeredAt: '2026-03-02T11:40:00Z'") }, 'scenario.yaml: alert.triggeredAt: must lie inside the window'],
    [{ 'scenario.yaml': `${SCENARIO}  - : [` }, 'scenario.yaml:'],
    [{ 'scenario.yaml': SCENARIO, 'topology.yaml': `services:\n  - { name: orders-api, kind: service, dependsOn: [payments] }\n` }, 'topology.yaml: services.0.dependsOn.0: unknown service payments'],
    [{ 'scenario.yaml': SCENARIO, 'topology.yaml': `services:\n  - { name: orders-api, kind: lambda }\n` }, 'topology.yaml: services.0.kind:'],
    [{ 'scenario.yaml': SCENARIO, 'metrics.csv': 'timestamp,service,metric\n' }, 'metrics.csv:1: header: missing column "value"'],
    [{ 'scenario.yaml': SCENARIO, 'metrics.csv': 'timestamp,service,metric,value,region\n' }, 'metrics.csv:1: header: unknown column "region"'],
    [{ 'scenario.yaml': SCENARIO, 'metrics.csv': 'timestamp,service,metric,value\n2026-03-02T09:02:00Z,orders-api,latency.p99_ms,12\n\n2026-03-02T09:03:00Z,orders-api,latency.p99_ms,fast\n' }, 'metrics.csv:4: value: not a number'],
    [{ 'scenario.yaml': SCENARIO, 'metrics.csv': 'timestamp,service,metric,value\nlast tuesday,orders-api,latency.p99_ms,12\n' }, 'metrics.csv:2: timestamp: invalid ISO 8601 or epoch timestamp'],
    [{ 'scenario.yaml': SCENARIO, 'metrics.csv': 'timestamp,service,metric,value\n1772442000,orders-api,latency.p99_ms\n' }, 'metrics.csv:2: has 3 fields, the header has 4'],
    [{ 'scenario.yaml': SCENARIO, 'topology.yaml': TOPOLOGY, 'metrics.csv': 'timestamp,service,metric,value\n1772442000,billing,latency.p99_ms,3\n' }, 'metrics.csv:2: service: unknown service "billing"'],
    [{ 'scenario.yaml': SCENARIO, 'logs.jsonl': '{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api","message":"ok"}\n{"timestamp":"2026-03-02 09:01","service":"orders-api","message":"ok"}\n' }, 'logs.jsonl:2: timestamp: invalid ISO 8601 or epoch timestamp'],
    [{ 'scenario.yaml': SCENARIO, 'logs.jsonl': '{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api","level":"loud","message":"ok"}\n' }, 'logs.jsonl:1: level: unknown level "loud"'],
    [{ 'scenario.yaml': SCENARIO, 'logs.jsonl': '{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api"}\n' }, 'logs.jsonl:1: message:'],
    [{ 'scenario.yaml': SCENARIO, 'spans.jsonl': '{"traceId":"t1",\n' }, 'spans.jsonl:1: not valid JSON'],
    [{ 'scenario.yaml': SCENARIO, 'spans.jsonl': '{"traceId":"t1","spanId":"s1","service":"orders-api","operation":"GET","start":1,"durationMs":-4}\n' }, 'spans.jsonl:1: durationMs:'],
    [{ 'scenario.yaml': SCENARIO, 'events.jsonl': '{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api","kind":"deploy","message":"Deployed 1.2"}\n{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api","kind":"party","message":"x"}\n' }, 'events.jsonl:2: kind: unknown kind "party"'],
    [{ 'scenario.yaml': SCENARIO, 'events.jsonl': '{"timestamp":"2026-03-02T09:01:00Z","service":"orders-api","kind":"kubernetes","message":"Back-off","attributes":{"type":"Bad"}}\n' }, 'events.jsonl:1: attributes.type:'],
    [{ 'scenario.yaml': SCENARIO, 'k8s.json': '{"pods":[{"name":"orders-api-7d9f8-abcde","service":"orders-api","createdAt":"soon"}]}' }, 'k8s.json: pods.0.createdAt: invalid ISO 8601 or epoch timestamp'],
    [{ 'scenario.yaml': SCENARIO, 'k8s.json': '{"pods":[' }, 'k8s.json: not valid JSON'],
  ])('names the file, line and field of a bad bundle (%#)', async (files, expected) => {
    const error = await loadError(files as Record<string, string>);
    expect(error.message.startsWith(expected), `${error.message} should start with ${expected}`).toBe(true);
  });

  it('reports a missing directory', async () => {
    await expect(loadBundle(join(tmpdir(), 'ariadne-no-such-bundle'))).rejects.toThrow(/bundle directory not found/);
  });
});
