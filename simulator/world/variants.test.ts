import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWorld, type World } from './create-world.ts';
import { loadLibraryScenario } from './library.ts';
import { errorPct, MINUTE } from './world-probe.ts';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Everything a fake could serve, queried in the given order of minutes. */
function snapshot(world: World, minutes: number[]): string {
  const parts: unknown[] = [];
  const services = world.topology.services.map((service) => service.name);
  const perMinute = new Map<number, unknown>();
  for (const minute of minutes) {
    perMinute.set(minute, services.map((service) => [world.logs.minute(service, minute), world.spans.minute(service, minute), world.telemetry.sources().filter((s) => s.service === service).map((s) => world.telemetry.value(s, 'error.rate_pct', minute))]));
  }
  parts.push([...perMinute].sort((a, b) => a[0] - b[0]));
  parts.push(world.changeEvents, world.monitors, world.incidentHistory, world.chatter, world.users, world.deployments, world.kubeEvents, world.cluster.pods.map((pod) => pod.name));
  parts.push(world.cluster.pods.slice(0, 5).map((pod) => world.podLogs(pod.name, { tailLines: 50 })));
  return digest(parts);
}

describe('determinism', () => {
  it('gives identical outputs for the same scenario, seed and variant, whatever the query order', () => {
    const entry = loadLibraryScenario('cert-expired-fintech');
    const a = createWorld({ ...entry, seed: 3, variant: 2 });
    const b = createWorld({ ...entry, seed: 3, variant: 2 });
    const minutes = [a.clock.alertAt - 2 * MINUTE, a.clock.start + 7 * MINUTE, a.clock.alertAt - 20 * MINUTE];
    expect(snapshot(a, minutes)).toBe(snapshot(b, [...minutes].reverse()));
    expect(snapshot(a, minutes)).not.toBe(snapshot(createWorld({ ...entry, seed: 4, variant: 2 }), minutes));
  });
});

describe('terminology variants', () => {
  const ids = ['inventory-bad-deploy', 'cert-expired-fintech', 'db-connection-exhaustion-shop', 'crash-loop-shop', 'network-loss-marketplace'];
  for (const id of ids) {
    it(`${id}: same incident and ground truth, other words`, () => {
      const entry = loadLibraryScenario(id);
      const base = createWorld({ ...entry, seed: 1 });
      const other = createWorld({ ...entry, seed: 1, variant: 5 });
      expect(other.scenario.groundTruth).toEqual(base.scenario.groundTruth);
      // Same causal structure: every service fails at the same rate each minute, with the same change events and restarts.
      for (let minute = base.clock.alertAt - 30 * MINUTE; minute < base.clock.now; minute += 5 * MINUTE) {
        for (const service of base.topology.services) {
          const x = errorPct(base, service.name, minute);
          const y = errorPct(other, service.name, minute);
          if (Number.isNaN(x)) expect(Number.isNaN(y)).toBe(true);
          else expect(y).toBeCloseTo(x, 6);
        }
      }
      expect(other.changeEvents.map((event) => [event.at, event.service, event.kind])).toEqual(base.changeEvents.map((event) => [event.at, event.service, event.kind]));
      expect(other.cluster.pods.map((pod) => pod.restarts.map((restart) => restart.at))).toEqual(base.cluster.pods.map((pod) => pod.restarts.map((restart) => restart.at)));
      // Other words: pod names and the text of failure lines.
      expect(other.cluster.pods.map((pod) => pod.name)).not.toEqual(base.cluster.pods.map((pod) => pod.name));
      const errorsText = (world: World) => world.topology.services.flatMap((service) => world.logs.minute(service.name, world.clock.alertAt - MINUTE)).filter((line) => line.status !== 'info').map((line) => line.message.replace(/\d/g, '#'));
      expect(errorsText(other)).not.toEqual(errorsText(base));
    });
  }

  it('renames metrics per runtime and keeps variant 0 on the canonical Datadog names', () => {
    const entry = loadLibraryScenario('inventory-bad-deploy');
    const base = createWorld({ ...entry, seed: 1 });
    expect(base.naming.metric('trace.http.request.errors', 'inventory-service')).toBe('trace.http.request.errors');
    expect(base.naming.metric('latency.p99_ms', 'checkout-api')).toBe('trace.http.request.duration.by.service.99p');
    expect(base.naming.logsIndex).toBe('logs-prod');
    const other = createWorld({ ...entry, seed: 1, variant: 1 });
    expect(other.naming.metric('trace.http.request.errors', 'inventory-service')).toBe('trace.flask.request.errors');
    expect(other.naming.metric('trace.http.request.hits', 'checkout-api')).toBe('trace.servlet.request.hits');
    expect(other.naming.metric('trace.http.request.errors', 'storefront-web')).toBe('trace.express.request.errors');
    expect(other.naming.metric('container.cpu.utilization', 'checkout-api')).toBe('kubernetes.cpu.usage.pct');
    expect(other.naming.metric('postgresql.connections', 'orders-db')).toBe('postgresql.connections');
    // Spans carry the operation the metric names come from.
    const span = other.spans.minute('checkout-api', other.clock.alertAt - MINUTE).find((candidate) => candidate.attributes['span.kind'] === 'server');
    expect(span?.operation).toBe('servlet.request');
  });

  it('uses StatefulSet ordinals, -v2 Deployments and other hash lengths across variants', () => {
    const entry = loadLibraryScenario('network-loss-fintech');
    const names = [1, 2, 3, 4, 5, 6].flatMap((variant) => createWorld({ ...entry, seed: 1, variant }).cluster.pods.map((pod) => pod.name));
    expect(names.some((name) => /-\d$/.test(name))).toBe(true);
    expect(names.some((name) => /-v2-[a-z0-9]+-[a-z0-9]{5}$/.test(name))).toBe(true);
    expect(names.some((name) => /-[bcdfghjklmnpqrstvwxz2456789]{8}-[a-z0-9]{5}$/.test(name))).toBe(true);
  });
});
