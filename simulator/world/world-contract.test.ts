import { describe, expect, it } from 'vitest';
import { createWorld, type World } from './create-world.ts';
import { loadLibraryScenario } from './library.ts';
import type { SpanRecord } from './world-contract.ts';
import { MINUTE } from './world-probe.ts';

const world = (id: string, variant = 0) => createWorld({ ...loadLibraryScenario(id), seed: 1, variant });
const demo = world('inventory-bad-deploy');

function allSpans(w: World, minute: number): SpanRecord[] {
  return w.topology.services.flatMap((service) => w.spans.minute(service.name, minute));
}

describe('spans', () => {
  it('join the logs: every traced log line of a pod is a server span with the same trace id', () => {
    const minute = demo.clock.alertAt - 2 * MINUTE;
    for (const service of ['inventory-service', 'checkout-api', 'storefront-web']) {
      const spans = demo.spans.minute(service, minute);
      const traced = demo.logs.minute(service, minute).filter((line) => line.traceId && line.pod);
      const serverTraces = new Set(spans.filter((span) => span.attributes['span.kind'] === 'server').map((span) => span.traceId));
      expect(traced.length).toBeGreaterThan(0);
      for (const line of traced) expect(serverTraces.has(line.traceId!)).toBe(true);
    }
  });

  it('follow the dependency graph: a server span’s parent is its caller’s client span, one span per hop', () => {
    const spans = allSpans(demo, demo.clock.alertAt - 2 * MINUTE);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    let crossings = 0;
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (!span.parentSpanId) continue;
      const parent = byId.get(span.parentSpanId);
      expect(parent, `${span.service} ${span.operation}`).toBeDefined();
      expect(parent!.traceId).toBe(span.traceId);
      if (span.attributes['span.kind'] === 'server') {
        crossings++;
        expect(parent!.attributes['span.kind']).toBe('client');
        expect(parent!.attributes['peer.service']).toBe(span.service);
        expect(demo.service(parent!.service)!.dependsOn).toContain(span.service);
        expect(parent!.start).toBeLessThanOrEqual(span.start);
      }
    }
    expect(crossings).toBeGreaterThan(5);
    // A failing reservation is one trace: storefront -> checkout -> inventory, errors all the way up.
    const failing = spans.filter((span) => span.service === 'inventory-service' && span.status === 'error' && span.parentSpanId);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0]!.attributes['error.type']).toBe('KeyError');
  });
});

describe('change events, monitors, incidents and chatter', () => {
  it('mark every rollout with a deploy event at its time', () => {
    for (const rollout of demo.cluster.rollouts) {
      const event = demo.changeEvents.find((candidate) => candidate.kind === 'deploy' && candidate.service === rollout.service && candidate.at === Date.parse(rollout.deploy.at));
      expect(event?.title).toBe(`Deployed ${rollout.service} ${rollout.deploy.version}`);
      expect(event?.tags).toContain(`version:${rollout.deploy.version}`);
    }
  });

  it('include the monitor that fired the alert, alerting from the alert time', () => {
    const firing = demo.monitors[0]!;
    expect(firing.name).toBe(demo.scenario.alert.details!.monitor);
    expect(firing.query).toBe(demo.scenario.alert.details!.query);
    expect(firing.states.at(-1)).toEqual({ at: demo.clock.alertAt, status: 'Alert' });
    expect(demo.monitors.slice(1).every((monitor) => monitor.states.every((state) => state.status === 'OK'))).toBe(true);
  });

  it('list past incidents, resolved, with the current one last', () => {
    const current = demo.incidentHistory.at(-1)!;
    expect(current).toMatchObject({ service: 'storefront-web', title: 'High error rate on storefront-web', status: 'triggered', createdAt: demo.clock.alertAt });
    const past = demo.incidentHistory.slice(0, -1);
    expect(past.length).toBeGreaterThan(2);
    expect(past.every((incident) => incident.status === 'resolved' && incident.resolvedAt! < demo.clock.alertAt)).toBe(true);
    expect(demo.incidentHistory.map((incident) => incident.number)).toEqual([...demo.incidentHistory.map((incident) => incident.number)].sort((a, b) => a - b));
  });

  it('post the alert in the alert channel, a human question in a thread, and nothing after now', () => {
    const flappy = world('cert-expired-fintech');
    for (const w of [demo, flappy]) {
      const users = new Set(w.users.map((user) => user.id));
      w.chatter.forEach((message, index) => {
        expect(users.has(message.userId)).toBe(true);
        expect(message.at).toBeLessThanOrEqual(w.clock.now);
        if (message.threadOfIndex !== undefined) {
          expect(message.threadOfIndex).toBeLessThan(index);
          expect(w.chatter[message.threadOfIndex]!.channel).toBe(message.channel);
        }
      });
      const bot = w.users.find((user) => user.name === 'datadog')!;
      expect(w.chatter.some((message) => message.userId === bot.id && message.channel === w.topology.alertChannel && message.text.includes(w.monitors[0]!.name) && message.at >= w.clock.alertAt)).toBe(true);
      expect(w.chatter.some((message) => message.threadOfIndex !== undefined)).toBe(true);
    }
  });
});

describe('pod logs and deployments', () => {
  it('serve a pod’s lines as its container printed them, with tail and since', () => {
    const pod = demo.cluster.pods.find((candidate) => candidate.service === 'inventory-service' && candidate.version === '2.14.0')!;
    const text = demo.podLogs(pod.name, {});
    const expected = [];
    for (let minute = demo.clock.start; minute <= demo.clock.now; minute += MINUTE) expected.push(...demo.logs.minute('inventory-service', minute).filter((line) => line.pod === pod.name && line.timestamp < demo.clock.now));
    expect(text.trimEnd().split('\n').filter((line) => !line.startsWith(' ') && !line.startsWith('Traceback') && !/^\w+Error/.test(line)).length).toBeGreaterThan(0);
    expect(text).toContain("KeyError: 'warehouse_id'");
    expect(text.split('\n').filter((line) => line.includes('Exception on ')).length).toBe(expected.filter((line) => line.message.includes('Exception on ')).length);
    const tail = demo.podLogs(pod.name, { tailLines: 3 }).trimEnd().split('\n');
    expect(tail).toEqual(text.trimEnd().split('\n').slice(-3));
    expect(demo.podLogs(pod.name, { sinceMs: 60_000 }).length).toBeLessThan(text.length);
    expect(demo.podLogs('no-such-pod', {})).toBe('');
    expect(demo.podLogs(pod.name, { previous: true })).toBe('');
  });

  it('give the previous container of a crash-looping pod, ending with why it exited', () => {
    const crash = world('crash-loop-shop');
    const pod = crash.cluster.pods.find((candidate) => candidate.waiting?.reason === 'CrashLoopBackOff')!;
    const previous = crash.podLogs(pod.name, { previous: true });
    const lastLine = previous.trimEnd().split('\n').at(-1)!;
    expect(lastLine).toMatch(/panic:|Error|KeyError|FAILED/);
  });

  it('record the rollout history, replicas and conditions Kubernetes serves', () => {
    const inventory = demo.deployments.find((record) => record.service === 'inventory-service')!;
    const rollout = demo.cluster.rollouts.find((candidate) => candidate.service === 'inventory-service')!;
    expect(inventory.revisions.map((revision) => revision.replicaSet)).toEqual([rollout.fromReplicaSet, rollout.toReplicaSet]);
    expect(inventory.revisions.at(-1)!.image).toBe('registry.internal/inventory-service:2.14.0');
    expect(inventory.revisions[1]!.revision).toBe(inventory.revisions[0]!.revision + 1);
    expect(inventory).toMatchObject({ name: 'inventory-service', namespace: 'prod', replicas: 3, availableReplicas: 3 });
    expect(inventory.conditions.map((condition) => condition.reason)).toEqual(['MinimumReplicasAvailable', 'NewReplicaSetAvailable']);
    const stuck = world('image-pull-failure-fintech').deployments.find((record) => record.conditions.some((condition) => condition.reason === 'ProgressDeadlineExceeded'));
    expect(stuck).toBeDefined();
  });

  it('never dates anything after virtual now', () => {
    for (const w of [demo, world('oom-killed-shop', 2), world('unschedulable-fintech', 1)]) {
      const now = w.clock.now;
      expect(w.kubeEvents.every((event) => event.firstTimestamp <= now && event.lastTimestamp <= now)).toBe(true);
      expect(w.changeEvents.every((event) => event.at <= now)).toBe(true);
      expect(w.monitors.every((monitor) => monitor.states.every((state) => state.at <= now))).toBe(true);
      expect(w.incidentHistory.every((incident) => incident.createdAt <= now && (incident.resolvedAt ?? 0) <= now)).toBe(true);
      expect(w.deployments.every((record) => record.revisions.every((revision) => revision.createdAt <= now) && record.conditions.every((condition) => condition.lastUpdateTime <= now))).toBe(true);
      expect(allSpans(w, w.clock.alertAt).every((span) => span.start <= now)).toBe(true);
    }
  });
});

describe('spans under a network fault', () => {
  it('show the time lost on the wire: the caller’s client span outlasts the callee’s server span', () => {
    const w = world('network-latency-shop');
    const root = w.scenario.faults[0]!.service;
    const minute = w.clock.alertAt - 2 * MINUTE;
    const spans = allSpans(w, minute);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const hops = spans.filter((span) => span.service === root && span.attributes['span.kind'] === 'server' && span.parentSpanId && byId.has(span.parentSpanId));
    const clientOnly = spans.filter((span) => span.attributes['peer.service'] === root);
    expect(hops.length + clientOnly.length).toBeGreaterThan(0);
    for (const hop of hops) {
      const client = byId.get(hop.parentSpanId!)!;
      expect(client.durationMs - hop.durationMs).toBeGreaterThan(100);
      expect(client.start).toBeGreaterThanOrEqual(byId.get(client.parentSpanId!)!.start);
    }
    if (hops.length === 0) expect(Math.max(...clientOnly.map((span) => span.durationMs))).toBeGreaterThan(200);
  });
});
