import { describe, expect, it } from 'vitest';
import { createWorld, type World } from './create-world.ts';
import { libraryScenarioIds, loadLibraryScenario } from './library.ts';
import { parseScenario } from './scenario.ts';
import { parseTopology } from './topology.ts';

const entry = loadLibraryScenario('inventory-bad-deploy');
const world = createWorld({ ...entry, seed: 1 });
const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00Z`);
const MINUTE = 60_000;

/** Per-minute error percentage of a service (all versions), from the telemetry the fakes serve. */
function errorPct(w: World, service: string, bucket: number): number {
  let requests = 0;
  let errors = 0;
  for (const source of w.telemetry.sources().filter((s) => s.service === service && s.kind !== 'pod')) {
    const rps = w.telemetry.value(source, 'requests.per_s', bucket);
    const pct = w.telemetry.value(source, 'error.rate_pct', bucket);
    if (rps === undefined || pct === undefined) continue;
    requests += rps;
    errors += (rps * pct) / 100;
  }
  return requests === 0 ? 0 : (errors / requests) * 100;
}

function p99(w: World, service: string, bucket: number): number {
  const values = w.telemetry
    .sources()
    .filter((s) => s.service === service && s.kind !== 'pod')
    .map((s) => w.telemetry.value(s, 'latency.p99_ms', bucket))
    .filter((v): v is number => v !== undefined);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** First minute at or after 13:00 whose error rate exceeds `threshold` percent. */
function onset(service: string, threshold = 3): number | undefined {
  for (let bucket = at('13:00'); bucket < world.clock.now; bucket += MINUTE) {
    if (errorPct(world, service, bucket) > threshold) return bucket;
  }
  return undefined;
}

describe('the inventory bad deploy world', () => {
  it('runs from the window start to five minutes after the alert', () => {
    expect(world.clock.start).toBe(at('12:00'));
    expect(world.clock.alertAt).toBe(at('13:30'));
    expect(world.clock.now).toBe(at('13:35'));
  });

  it('fails about 35% of inventory-service requests once 2.14.0 is rolled out', () => {
    expect(errorPct(world, 'inventory-service', at('13:10'))).toBeLessThan(1);
    const after = errorPct(world, 'inventory-service', at('13:27'));
    expect(after).toBeGreaterThan(30);
    expect(after).toBeLessThan(40);
  });

  it('raises errors at the root first, then one minute later at its callers, then at the edge', () => {
    const root = onset('inventory-service');
    const checkout = onset('checkout-api');
    const cart = onset('cart-service');
    const edge = onset('storefront-web');
    expect(root).toBe(at('13:20'));
    expect(checkout).toBe(root! + MINUTE);
    expect(cart).toBe(root! + MINUTE);
    expect(edge).toBe(checkout! + MINUTE);
    expect(errorPct(world, 'storefront-web', at('13:29'))).toBeGreaterThan(10);
  });

  it('slows the callers down but leaves services off the causal path alone', () => {
    expect(p99(world, 'checkout-api', at('13:28'))).toBeGreaterThan(2 * p99(world, 'checkout-api', at('13:10')));
    expect(p99(world, 'storefront-web', at('13:28'))).toBeGreaterThan(2 * p99(world, 'storefront-web', at('13:10')));
    for (const service of ['payments-service', 'orders-db', 'session-cache', 'order-events', 'stripe-api']) {
      expect(errorPct(world, service, at('13:28'))).toBeLessThan(1);
      expect(p99(world, service, at('13:28'))).toBeLessThan(1.3 * p99(world, service, at('13:10')));
    }
  });

  it('leaves the innocent payments deploy without any error change', () => {
    for (let bucket = at('12:10'); bucket < at('12:25'); bucket += MINUTE) {
      expect(errorPct(world, 'payments-service', bucket)).toBeLessThan(1);
      expect(errorPct(world, 'checkout-api', bucket)).toBeLessThan(1);
    }
  });

  it('logs the KeyError only from inventory-service pods running 2.14.0', () => {
    const lines = [];
    for (let minute = world.clock.start; minute < world.clock.now; minute += MINUTE) lines.push(...world.logs.minute('inventory-service', minute));
    const keyErrors = lines.filter((line) => line.message.includes("KeyError: 'warehouse_id'"));
    expect(keyErrors.length).toBeGreaterThan(50);
    expect(new Set(keyErrors.map((line) => line.version))).toEqual(new Set(['2.14.0']));
    expect(Math.min(...keyErrors.map((line) => line.timestamp))).toBeGreaterThanOrEqual(at('13:20'));
    expect(keyErrors.every((line) => line.status === 'error' && line.message.includes('Traceback (most recent call last):'))).toBe(true);
  });

  it("joins a caller's error line to the trace of the callee's failure", () => {
    const minute = at('13:27');
    const rootTraces = new Map(world.logs.minute('inventory-service', minute).filter((l) => l.status === 'error').map((l) => [l.traceId, l]));
    const checkoutErrors = world.logs.minute('checkout-api', minute).filter((l) => l.status === 'error');
    const joined = checkoutErrors.filter((line) => rootTraces.has(line.traceId));
    expect(joined.length).toBeGreaterThan(0);
    for (const line of joined) {
      expect(line.timestamp).toBeGreaterThan(rootTraces.get(line.traceId)!.timestamp);
      expect(line.message).toContain('on POST request for "http://inventory-service.prod.svc.cluster.local:8080/v1/reservations"');
    }
  });

  it('keeps the noisy cart-service WARNs steady before and during the incident', () => {
    const warns = (from: string, to: string) => {
      let count = 0;
      for (let minute = at(from); minute < at(to); minute += MINUTE) count += world.logs.minute('cart-service', minute).filter((l) => l.status === 'warn').length;
      return count;
    };
    const before = warns('12:30', '12:40');
    const during = warns('13:22', '13:32');
    expect(before).toBeGreaterThan(15);
    expect(Math.abs(during - before)).toBeLessThan(before * 0.5);
  });

  it('records the bad rollout as Kubernetes events with the new image', () => {
    const inventory = world.kubeEvents.filter((event) => event.involvedObject.name.startsWith('inventory-service'));
    expect(inventory.some((event) => event.reason === 'ScalingReplicaSet' && /^Scaled up replica set inventory-service-[a-z0-9]+ to 3$/.test(event.message))).toBe(true);
    expect(inventory.some((event) => event.message === 'Pulling image "registry.internal/inventory-service:2.14.0"')).toBe(true);
    expect(world.kubeEvents.some((event) => event.message === 'Pulling image "registry.internal/payments-service:3.8.2"')).toBe(true);
    expect(world.kubeEvents.every((event) => event.firstTimestamp >= world.clock.start && event.lastTimestamp <= world.clock.now)).toBe(true);
  });

  it('changes noise and names with the seed but not the shape of the incident', () => {
    const other = createWorld({ ...entry, seed: 2 });
    expect(other.cluster.pods.map((p) => p.name)).not.toEqual(world.cluster.pods.map((p) => p.name));
    expect(errorPct(other, 'inventory-service', at('13:27'))).toBeGreaterThan(30);
  });
});

describe('scenario and topology files', () => {
  it('every library scenario loads and builds a world whose alert lies inside its data', () => {
    expect(libraryScenarioIds()).toContain('inventory-bad-deploy');
    for (const id of libraryScenarioIds()) {
      const built = createWorld({ ...loadLibraryScenario(id), seed: 1 });
      expect(built.clock.alertAt).toBeGreaterThanOrEqual(built.clock.start);
      expect(built.clock.alertAt).toBeLessThan(built.clock.now);
    }
    expect(() => loadLibraryScenario('no-such-scenario')).toThrow(/unknown scenario "no-such-scenario" \(available: .*inventory-bad-deploy/);
  });

  it('name the file and the path of the first problem', () => {
    expect(() => parseTopology('name: shop\nservices:\n  - name: a\n    kind: service\n    dependsOn: [b]\n', 'shop.yaml')).toThrow(
      'shop.yaml: services.0.dependsOn.0: unknown service b',
    );
    const scenario = `id: x\ntitle: t\ntopology: shop\nwindow: {start: '2026-11-20T12:00:00Z', end: '2026-11-20T11:00:00Z'}\nalert: {title: a, service: s, severity: critical, triggeredAt: '2026-11-20T12:00:00Z', source: datadog}\n`;
    expect(() => parseScenario(scenario, 'x.yaml')).toThrow('x.yaml: window.end: must be after window.start');
  });

  it('rejects a fault on a component where it cannot happen, naming the field', () => {
    const scenario = { ...entry.scenario, faults: [{ ...entry.scenario.faults[0]!, type: 'cache_stampede' as const, version: undefined }] };
    expect(() => createWorld({ ...entry, scenario, seed: 1 })).toThrow('faults.0.service: cache_stampede needs a cache, inventory-service is a service');
    const oom = { ...entry.scenario, faults: [{ ...entry.scenario.faults[0]!, type: 'oom_killed' as const, service: 'orders-db', version: undefined }] };
    expect(() => createWorld({ ...entry, scenario: oom, seed: 1 })).toThrow('faults.0.service: oom_killed needs a service running on the cluster, orders-db is a database');
  });

  it('rejects a deploy whose previous version is not the one running', () => {
    const scenario = { ...entry.scenario, deploys: [{ ...entry.scenario.deploys[1]!, previousVersion: '9.9.9' }] };
    expect(() => createWorld({ ...entry, scenario, seed: 1 })).toThrow(/previousVersion 9\.9\.9 but 2\.13\.4 is running/);
  });
});
