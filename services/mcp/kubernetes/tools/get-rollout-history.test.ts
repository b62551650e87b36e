import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeCall, GetRolloutHistoryInputSchema, ownedBy, summarize, summarizeDeployment } from './get-rollout-history.ts';

const input = GetRolloutHistoryInputSchema.parse({ service: 'inventory-service' });

function deployment(status: Partial<NonNullable<V1Deployment['status']>> = {}, revision = '11'): V1Deployment {
  return {
    metadata: { name: 'inventory-service', namespace: 'prod', uid: 'd-uid', annotations: { 'deployment.kubernetes.io/revision': revision } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'inventory-service' } },
      template: { spec: { containers: [{ name: 'inventory-service', image: 'registry.internal/inventory-service:2.14.0' }] } },
    },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastUpdateTime: new Date('2026-11-20T13:19:59Z') },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: new Date('2026-11-20T13:19:59Z') },
      ],
      ...status,
    },
  } as V1Deployment;
}

function replicaSet(name: string, revision: number, image: string, created: string, replicas: number): V1ReplicaSet {
  return {
    metadata: {
      name,
      namespace: 'prod',
      creationTimestamp: new Date(created),
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'inventory-service', uid: 'd-uid', controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'inventory-service' } }, template: { spec: { containers: [{ name: 'inventory-service', image }] } } },
    status: { replicas, readyReplicas: replicas },
  } as V1ReplicaSet;
}

const history = [
  replicaSet('inventory-service-5d4c3b2a1', 9, 'registry.internal/inventory-service:2.13.1', '2026-11-10T09:00:00Z', 0),
  replicaSet('inventory-service-7f9c6d8b5', 11, 'registry.internal/inventory-service:2.14.0', '2026-11-20T13:19:59Z', 3),
  replicaSet('inventory-service-6b5a4c3d2', 10, 'registry.internal/inventory-service:2.13.4', '2026-11-16T03:45:59Z', 0),
];

describe('summarizeDeployment', () => {
  it('lists revisions newest first with images and times, and the images the rollout replaced', () => {
    const d = summarizeDeployment(deployment(), history, 5);
    expect(d.revisions.map((r) => [r.revision, r.images[0]!.split(':')[1], r.replicas])).toEqual([
      [11, '2.14.0', 3],
      [10, '2.13.4', 0],
      [9, '2.13.1', 0],
    ]);
    expect(d).toMatchObject({ currentRevision: 11, lastRolloutAt: '2026-11-20T13:19:59Z', previousImages: ['registry.internal/inventory-service:2.13.4'], rolloutComplete: true, totalRevisions: 3 });
  });

  it('calls a rollout with unavailable replicas or a failed Progressing condition incomplete', () => {
    const stuck = deployment({
      availableReplicas: 2,
      unavailableReplicas: 1,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "inventory-service-7f9c6d8b5" has timed out progressing.' }],
    });
    expect(summarizeDeployment(stuck, history, 5).rolloutComplete).toBe(false);
  });

  it('ignores replica sets owned by another deployment', () => {
    const other = { ...replicaSet('inventory-service-worker-1a2b3c4d5', 1, 'x', '2026-11-20T10:00:00Z', 1), metadata: { name: 'inventory-service-worker-1a2b3c4d5', namespace: 'prod', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'inventory-service-worker', uid: 'w-uid' }] } } as V1ReplicaSet;
    expect(ownedBy(deployment(), other)).toBe(false);
    expect(summarizeDeployment(deployment(), [...history, other], 5).totalRevisions).toBe(3);
  });
});

describe('summarize', () => {
  it('hints at the rollout and caps revisions', () => {
    const out = summarize({ deployments: [deployment()], replicaSets: history }, { ...input, limit: 2 });
    expect(out.status).toBe('ok');
    expect(out.truncated).toBe(true);
    expect(out.deployments[0]!.revisions).toHaveLength(2);
    expect(out.hints[0]).toBe(
      'inventory-service rolled out revision 11 (registry.internal/inventory-service:2.14.0) at 2026-11-20T13:19:59Z, replacing registry.internal/inventory-service:2.13.4; compare with the onset of errors.',
    );
    expect(out.query).toBe('kubectl rollout history deployment/inventory-service -n prod');
  });

  it('is no_data when the service has no deployment', () => {
    const out = summarize({ deployments: [], replicaSets: [] }, input);
    expect(out.status).toBe('no_data');
    expect(out.hints[1]).toContain('StatefulSet');
    expect(describeCall(input)).toBe('Kubernetes rollout history of inventory-service in all namespaces');
  });
});
