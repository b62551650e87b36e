import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeCall, ListServicePodsInputSchema, summarize, summarizePod, type ListServicePodsInput } from './list-service-pods.ts';

const input: ListServicePodsInput = ListServicePodsInputSchema.parse({ service: 'inventory-service' });

function pod(name: string, options: { ready?: boolean; restarts?: number; image?: string; terminated?: { reason: string; finishedAt: string }; waiting?: string } = {}): V1Pod {
  const ready = options.ready ?? true;
  return {
    metadata: { name, namespace: 'prod', labels: { 'app.kubernetes.io/name': 'inventory-service' } },
    spec: { nodeName: 'ip-10-0-1-12', containers: [{ name: 'app', image: options.image ?? 'registry.internal/inventory-service:2.14.0' }] },
    status: {
      phase: 'Running',
      startTime: new Date('2026-11-20T13:20:30Z'),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          image: options.image ?? 'registry.internal/inventory-service:2.14.0',
          imageID: '',
          ready,
          restartCount: options.restarts ?? 0,
          ...(options.waiting ? { state: { waiting: { reason: options.waiting } } } : { state: { running: {} } }),
          ...(options.terminated
            ? { lastState: { terminated: { reason: options.terminated.reason, exitCode: 137, finishedAt: new Date(options.terminated.finishedAt) } } }
            : {}),
        },
      ],
    },
  };
}

describe('summarizePod', () => {
  it('reads readiness, restarts, last termination, image and node', () => {
    const p = summarizePod(pod('inventory-service-7f9c6d8b5-x2k4q', { ready: false, restarts: 4, terminated: { reason: 'OOMKilled', finishedAt: '2026-11-20T13:25:10Z' }, waiting: 'CrashLoopBackOff' }));
    expect(p).toEqual({
      name: 'inventory-service-7f9c6d8b5-x2k4q',
      namespace: 'prod',
      phase: 'Running',
      ready: false,
      restarts: 4,
      lastTerminationReason: 'OOMKilled',
      lastTerminatedAt: '2026-11-20T13:25:10Z',
      waitingReason: 'CrashLoopBackOff',
      image: 'registry.internal/inventory-service:2.14.0',
      node: 'ip-10-0-1-12',
      startedAt: '2026-11-20T13:20:30Z',
    });
  });
});

describe('summarize', () => {
  it('puts unhealthy pods first, totals all pods and lists distinct images', () => {
    const out = summarize(
      {
        selector: 'app.kubernetes.io/name=inventory-service',
        pods: [
          pod('inventory-service-7f9c6d8b5-aaaaa'),
          pod('inventory-service-7f9c6d8b5-bbbbb', { restarts: 2 }),
          pod('inventory-service-5d4c3b2a1-ccccc', { ready: false, image: 'registry.internal/inventory-service:2.13.4' }),
        ],
      },
      input,
    );
    expect(out.status).toBe('ok');
    expect(out.pods.map((p) => p.name)).toEqual(['inventory-service-5d4c3b2a1-ccccc', 'inventory-service-7f9c6d8b5-bbbbb', 'inventory-service-7f9c6d8b5-aaaaa']);
    expect(out.totals).toEqual({ pods: 3, notReady: 1, restarts: 2 });
    expect(out.images).toEqual(['registry.internal/inventory-service:2.13.4', 'registry.internal/inventory-service:2.14.0']);
    expect(out.hints.join(' ')).toContain('2 different images');
    expect(out.query).toBe('kubectl get pods -A -l app.kubernetes.io/name=inventory-service -o wide');
  });

  it('caps the pod list but not the totals', () => {
    const pods = Array.from({ length: 8 }, (_, i) => pod(`inventory-service-7f9c6d8b5-p000${i}`));
    const out = summarize({ selector: 's', pods }, { ...input, limit: 3 });
    expect(out.pods).toHaveLength(3);
    expect(out.totals.pods).toBe(8);
    expect(out.truncated).toBe(true);
  });

  it('is no_data with a hint when no pod carries the label', () => {
    const out = summarize({ selector: 'app=orders-db', pods: [] }, { ...input, service: 'orders-db' });
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('app.kubernetes.io/name=orders-db or app=orders-db');
  });
});

describe('input', () => {
  it('rejects an invalid namespace, naming the field', () => {
    const result = ListServicePodsInputSchema.safeParse({ service: 'x', namespace: 'Prod_1' });
    expect(result.error!.issues[0]!.path).toEqual(['namespace']);
  });

  it('describes a call in one line', () => {
    expect(describeCall(input)).toBe('Kubernetes pods of inventory-service in all namespaces');
  });
});

describe('co-located workloads', () => {
  const other = (name: string, app: string | undefined, node: string, phase = 'Running'): V1Pod => ({
    metadata: { name, labels: app ? { app } : {} },
    spec: { nodeName: node, containers: [] },
    status: { phase },
  });

  it('lists the other workloads on the service nodes, most shared nodes first, without the service itself', () => {
    const nodePods = [
      pod('inventory-service-a'),
      other('batch-runner-1', 'batch-runner', 'ip-10-0-1-12'),
      other('batch-runner-2', 'batch-runner', 'ip-10-0-1-12'),
      other('mailer-1', 'mailer', 'ip-10-0-1-12'),
      other('finished-job', 'report-job', 'ip-10-0-1-12', 'Succeeded'),
      other('unlabelled', undefined, 'ip-10-0-1-12'),
      other('elsewhere', 'search', 'ip-10-0-9-9'),
    ];
    const out = summarize({ pods: [pod('inventory-service-a')], selector: 'app=inventory-service', nodePods }, input);
    expect(out.nodes).toEqual(['ip-10-0-1-12']);
    expect(out.coLocated).toEqual([
      { service: 'batch-runner', pods: 2, nodes: ['ip-10-0-1-12'] },
      { service: 'mailer', pods: 1, nodes: ['ip-10-0-1-12'] },
    ]);
  });

  it('says so when the nodes could not be listed, and omits the section', () => {
    const out = summarize({ pods: [pod('inventory-service-a')], selector: 'app=inventory-service' }, input);
    expect(out.coLocated).toBeUndefined();
    expect(out.hints).toContain('The other pods on these nodes could not be listed.');
  });
});
