// apps/v1 Deployments and ReplicaSets rendered from the world's rollout history, so a client can
// read a rollout the way `kubectl rollout history` does: every ReplicaSet of a Deployment carries
// the `deployment.kubernetes.io/revision` annotation, its image and an ownerReference to the
// Deployment; old ReplicaSets are scaled to 0. Objects follow the apps/v1 OpenAPI schemas.
import type { Pod } from '../../world/cluster.ts';
import { objectUid } from '../../world/kube-events.ts';
import type { DeploymentRecord, ServedWorld } from '../shared/served-world.ts';

/** Kubernetes timestamps are RFC 3339 with second precision. */
export function k8sTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface AppsObjects {
  deployments: { record: DeploymentRecord; labels: Record<string, string>; object: Record<string, unknown> }[];
  statefulSets: { record: DeploymentRecord; labels: Record<string, string>; object: Record<string, unknown> }[];
  replicaSets: { namespace: string; labels: Record<string, string>; object: Record<string, unknown> }[];
}

export function buildAppsObjects(world: ServedWorld, resourceVersion: (...parts: (string | number)[]) => string): AppsObjects {
  const now = world.clock.now;
  const existing = (pod: Pod) => pod.createdAt <= now && (pod.deletedAt === undefined || now < pod.deletedAt);
  const out: AppsObjects = { deployments: [], statefulSets: [], replicaSets: [] };
  for (const record of [...world.deployments].sort((a, b) => a.service.localeCompare(b.service))) {
    const revisions = record.revisions.filter((revision) => revision.createdAt <= now).sort((a, b) => a.revision - b.revision);
    const latest = revisions[revisions.length - 1];
    if (!latest) continue;
    const service = world.service(record.service);
    const name = record.name;
    const uid = objectUid(world.seed, record.kind, name);
    const selector = { app: name };
    const baseLabels = { app: name, 'app.kubernetes.io/name': name, ...(service?.team ? { team: service.team } : {}) };
    const podsOf = (replicaSet: string) => world.cluster.pods.filter((pod) => pod.replicaSet === replicaSet && existing(pod));
    const ready = (pod: Pod) => pod.readyAt <= now && (pod.terminatingAt === undefined || now < pod.terminatingAt) && !pod.restarts.some((restart) => restart.at <= now && now < restart.readyAgainAt);
    const latestPods = podsOf(latest.replicaSet);
    const allPods = revisions.flatMap((revision) => podsOf(revision.replicaSet));
    const readyReplicas = allPods.filter(ready).length;
    const createdAt = revisions[0]?.createdAt ?? world.clock.start;
    const template = (image: string, hash: string) => ({
      metadata: { labels: { ...baseLabels, 'pod-template-hash': hash } },
      spec: {
        containers: [{ name, image, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: name,
        schedulerName: 'default-scheduler',
      },
    });
    const hashOf = (replicaSet: string) => (replicaSet.startsWith(`${name}-`) ? replicaSet.slice(name.length + 1) : replicaSet);
    const latestTemplate = template(latest.image, hashOf(latest.replicaSet));
    if (record.kind === 'StatefulSet') {
      const labels = { ...baseLabels };
      out.statefulSets.push({
        record,
        labels,
        object: {
          metadata: { name, namespace: record.namespace, uid, resourceVersion: resourceVersion('StatefulSet', name), generation: revisions.length, creationTimestamp: k8sTime(createdAt), labels },
          spec: {
            replicas: record.replicas,
            selector: { matchLabels: selector },
            serviceName: name,
            template: { metadata: { labels: { ...baseLabels } }, spec: latestTemplate.spec },
            updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
            podManagementPolicy: 'OrderedReady',
            revisionHistoryLimit: 10,
          },
          status: {
            observedGeneration: revisions.length,
            replicas: allPods.length,
            readyReplicas,
            currentReplicas: latestPods.length,
            updatedReplicas: latestPods.length,
            availableReplicas: record.availableReplicas,
            currentRevision: latest.replicaSet,
            updateRevision: latest.replicaSet,
            collisionCount: 0,
          },
        },
      });
      continue;
    }
    const deploymentLabels = { ...baseLabels };
    out.deployments.push({
      record,
      labels: deploymentLabels,
      object: {
        metadata: {
          name,
          namespace: record.namespace,
          uid,
          resourceVersion: resourceVersion('Deployment', name),
          generation: revisions.length,
          creationTimestamp: k8sTime(createdAt),
          labels: deploymentLabels,
          annotations: { 'deployment.kubernetes.io/revision': String(latest.revision) },
        },
        spec: {
          replicas: record.replicas,
          selector: { matchLabels: selector },
          template: { metadata: { labels: { ...baseLabels } }, spec: latestTemplate.spec },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
        status: {
          observedGeneration: revisions.length,
          replicas: allPods.length,
          updatedReplicas: latestPods.length,
          readyReplicas,
          availableReplicas: record.availableReplicas,
          ...(record.replicas - record.availableReplicas > 0 ? { unavailableReplicas: record.replicas - record.availableReplicas } : {}),
          conditions: record.conditions.map((condition) => ({
            type: condition.type,
            status: condition.status,
            lastUpdateTime: k8sTime(condition.lastUpdateTime),
            lastTransitionTime: k8sTime(condition.lastUpdateTime),
            reason: condition.reason,
            message: condition.message,
          })),
        },
      },
    });
    for (const revision of revisions) {
      const hash = hashOf(revision.replicaSet);
      const pods = podsOf(revision.replicaSet);
      const desired = revision === latest ? record.replicas : 0;
      const labels = { ...baseLabels, 'pod-template-hash': hash };
      out.replicaSets.push({
        namespace: record.namespace,
        labels,
        object: {
          metadata: {
            name: revision.replicaSet,
            namespace: record.namespace,
            uid: objectUid(world.seed, 'ReplicaSet', revision.replicaSet),
            resourceVersion: resourceVersion('ReplicaSet', revision.replicaSet),
            generation: revision === latest ? 1 : 2,
            creationTimestamp: k8sTime(revision.createdAt),
            labels,
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(record.replicas),
              'deployment.kubernetes.io/max-replicas': String(record.replicas + 1),
              'deployment.kubernetes.io/revision': String(revision.revision),
              ...(revision.configHash ? { 'checksum/config': revision.configHash } : {}),
            },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true }],
          },
          spec: {
            replicas: desired,
            selector: { matchLabels: { ...selector, 'pod-template-hash': hash } },
            template: template(revision.image, hash),
          },
          status: {
            replicas: pods.length,
            fullyLabeledReplicas: pods.length,
            readyReplicas: pods.filter(ready).length,
            availableReplicas: pods.filter(ready).length,
            observedGeneration: revision === latest ? 1 : 2,
          },
        },
      });
    }
  }
  return out;
}
