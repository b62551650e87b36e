import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { belongsTo, classify, ListServiceEventsInputSchema, summarize, type ListServiceEventsInput } from './list-service-events.ts';

const input: ListServiceEventsInput = ListServiceEventsInputSchema.parse({
  service: 'inventory-service',
  window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' },
});

let seq = 0;
function event(at: string, kind: 'Deployment' | 'ReplicaSet' | 'Pod', name: string, reason: string, message: string, extra: Partial<CoreV1Event> = {}): CoreV1Event {
  const ts = new Date(`2026-11-20T${at}Z`);
  return {
    metadata: { name: `${name}.${(seq++).toString(16).padStart(8, '0')}`, namespace: 'prod' },
    involvedObject: { kind, name, namespace: 'prod' },
    reason,
    message,
    type: 'Normal',
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    ...extra,
  };
}

const rollout = [
  event('13:20:00', 'Deployment', 'inventory-service', 'ScalingReplicaSet', 'Scaled up replica set inventory-service-7f9c6d8b5 to 1'),
  event('13:20:05', 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'Pulling', 'Pulling image "registry.internal/inventory-service:2.14.0"'),
  event('13:20:09', 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'Pulled', 'Successfully pulled image "registry.internal/inventory-service:2.14.0" in 3.2s'),
  event('13:20:10', 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'Started', 'Started container inventory-service'),
  event('13:20:40', 'Deployment', 'inventory-service', 'ScalingReplicaSet', 'Scaled down replica set inventory-service-5d4c3b2a1 to 2'),
];

describe('classify', () => {
  it.each([
    [{ reason: 'ScalingReplicaSet', message: 'Scaled up replica set a-1 to 3' }, 'deploy'],
    [{ reason: 'ScalingReplicaSet', message: 'Scaled down replica set a-1 from 3 to 2' }, 'scale'],
    [{ reason: 'Pulled', message: 'Container image "x:1" already present on machine' }, 'deploy'],
    [{ reason: 'BackOff', message: 'Back-off restarting failed container app', type: 'Warning' }, 'restart'],
    [{ reason: 'OOMKilling', message: 'Memory cgroup out of memory: Killed process 4242', type: 'Warning' }, 'oom'],
    [{ reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 500', type: 'Warning' }, 'warning'],
    [{ reason: 'Started', message: 'Started container app', type: 'Normal' }, 'other'],
    [{ reason: 'Killing', message: 'Stopping container inventory-service', type: 'Normal' }, 'other'],
    [{ reason: 'Killing', message: 'Container app failed liveness probe, will be restarted', type: 'Normal' }, 'restart'],
  ] as const)('classifies %o as %s', (e, kind) => {
    expect(classify(e)).toBe(kind);
  });
});

describe('belongsTo', () => {
  it('matches the deployment and objects named after it, not other services', () => {
    expect(belongsTo('cart-service', 'cart-service')).toBe(true);
    expect(belongsTo('cart-service', 'cart-service-6b7c8d9f0-abcde')).toBe(true);
    expect(belongsTo('cart', 'cart-service')).toBe(true); // a prefix is a prefix: documented limitation
    expect(belongsTo('cart-service', 'checkout-api')).toBe(false);
  });
});

describe('summarize', () => {
  it('keeps events of the service inside the window, sorted, with the deploy summarized', () => {
    const raw = {
      events: [
        ...rollout,
        event('12:14:00', 'Deployment', 'payments-service', 'ScalingReplicaSet', 'Scaled up replica set payments-service-6c5d4e3f2 to 1'),
        event('12:10:00', 'Deployment', 'inventory-service', 'ScalingReplicaSet', 'Scaled up replica set inventory-service-5d4c3b2a1 to 3'),
        event('13:21:00', 'Pod', 'checkout-api-7c6b5a4d3-qwert', 'Unhealthy', 'Readiness probe failed', { type: 'Warning' }),
      ].reverse(),
      scanned: 8,
      more: false,
    };
    const out = summarize(raw, input);
    expect(out.status).toBe('ok');
    expect(out.events.map((e) => `${e.at} ${e.kind} ${e.reason}`)).toEqual([
      '2026-11-20T13:20:00Z deploy ScalingReplicaSet',
      '2026-11-20T13:20:05Z deploy Pulling',
      '2026-11-20T13:20:09Z deploy Pulled',
      '2026-11-20T13:20:10Z other Started',
      '2026-11-20T13:20:40Z scale ScalingReplicaSet',
    ]);
    expect(out.events[1]).toMatchObject({ object: 'Pod/inventory-service-7f9c6d8b5-x2k4q', image: 'registry.internal/inventory-service:2.14.0' });
    expect(out.deploys).toEqual([{ at: '2026-11-20T13:20:00Z', replicaSet: 'inventory-service-7f9c6d8b5', image: 'registry.internal/inventory-service:2.14.0' }]);
    expect(out.scanned).toBe(8);
  });

  it('keeps a repeated event that started before the window, with its first occurrence', () => {
    const backoff = event('13:30:00', 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'BackOff', 'Back-off restarting failed container', {
      type: 'Warning',
      firstTimestamp: new Date('2026-11-20T12:50:00Z'),
      count: 14,
    });
    const out = summarize({ events: [backoff], scanned: 1, more: false }, input);
    expect(out.events).toEqual([
      expect.objectContaining({ at: '2026-11-20T13:30:00Z', firstAt: '2026-11-20T12:50:00Z', kind: 'restart', count: 14 }),
    ]);
  });

  it('keeps deploys and warnings when it has to cut, and says so', () => {
    const noise = Array.from({ length: 30 }, (_, i) => event(`13:0${i % 10}:${String(i).padStart(2, '0')}`, 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'Started', 'Started container'));
    const out = summarize({ events: [...noise, ...rollout], scanned: 35, more: false }, { ...input, limit: 5 });
    expect(out.events).toHaveLength(5);
    expect(out.events.filter((e) => e.kind === 'other')).toHaveLength(1);
    expect(out.truncated).toBe(true);
    expect(out.deploys).toHaveLength(1);
  });

  it('is no_data with a retention hint when nothing matched', () => {
    const out = summarize({ events: [], scanned: 0, more: false }, input);
    expect(out.status).toBe('no_data');
    expect(out.hints.join(' ')).toContain('about an hour');
  });

  it('redacts event messages', () => {
    const leaky = event('13:10:00', 'Pod', 'inventory-service-7f9c6d8b5-x2k4q', 'Failed', 'Error: secret token=abc123XYZ not mounted', { type: 'Warning' });
    const [e] = summarize({ events: [leaky], scanned: 1, more: false }, input).events;
    expect(e!.message).not.toContain('abc123XYZ');
  });
});
