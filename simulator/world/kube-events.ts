// Kubernetes events the controllers and kubelets would have recorded in the window: rolling updates
// (ScalingReplicaSet, SuccessfulCreate/Delete), pod start-up (Scheduled, Pulling, Pulled, Created,
// Started, the odd failed readiness probe while the app boots), shutdown (Killing) and restarts.
// Wording follows the controllers' own messages.
import type { Cluster, Pod } from './cluster.ts';
import { NAMESPACE } from './cluster.ts';
import { hash32, intBetween, unitInterval, uuidFrom } from './seeded-hash.ts';

export interface KubeEvent {
  name: string;
  uid: string;
  namespace: string;
  involvedObject: { kind: 'Deployment' | 'ReplicaSet' | 'Pod'; name: string; uid: string; apiVersion: string; fieldPath?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  firstTimestamp: number;
  lastTimestamp: number;
  count: number;
  source: { component: string; host?: string };
}

export function objectUid(seed: number, kind: string, name: string): string {
  return uuidFrom(seed, kind, name, 'uid');
}

export function buildKubeEvents(cluster: Cluster, seed: number, from: number, until: number): KubeEvent[] {
  const events: KubeEvent[] = [];

  function add(kind: KubeEvent['involvedObject']['kind'], objectName: string, at: number, reason: string, message: string, extra: Partial<KubeEvent> = {}): void {
    if (at < from || at > until) return;
    // Kubernetes names events <object>.<hex of the creation time in nanoseconds>.
    const nanos = BigInt(at) * 1_000_000n + BigInt(hash32(seed, objectName, reason, at) % 1_000_000);
    const involvedObject: KubeEvent['involvedObject'] = {
      kind,
      name: objectName,
      uid: kind === 'Pod' ? (cluster.pods.find((pod) => pod.name === objectName)?.uid ?? objectUid(seed, kind, objectName)) : objectUid(seed, kind, objectName),
      apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
    };
    if (extra.involvedObject?.fieldPath) involvedObject.fieldPath = extra.involvedObject.fieldPath;
    events.push({
      name: `${objectName}.${nanos.toString(16)}`,
      uid: uuidFrom(seed, 'event', objectName, reason, at),
      namespace: NAMESPACE,
      involvedObject,
      reason,
      message,
      type: extra.type ?? 'Normal',
      firstTimestamp: at,
      lastTimestamp: extra.lastTimestamp ?? at,
      count: extra.count ?? 1,
      source: extra.source ?? { component: 'kubelet' },
    });
  }

  function podStartup(pod: Pod): void {
    const container = pod.service;
    const scheduledAt = pod.createdAt + intBetween(5, 60, seed, pod.name, 'sched');
    add('Pod', pod.name, scheduledAt, 'Scheduled', `Successfully assigned ${NAMESPACE}/${pod.name} to ${pod.node.name}`, { source: { component: 'default-scheduler' } });
    const kubelet = { component: 'kubelet', host: pod.node.name };
    const fieldPath = { kind: 'Pod' as const, name: pod.name, uid: pod.uid, apiVersion: 'v1', fieldPath: `spec.containers{${container}}` };
    const pullStart = scheduledAt + intBetween(300, 900, seed, pod.name, 'pull');
    const pullMs = Math.max(400, pod.startedAt - pullStart - 600);
    add('Pod', pod.name, pullStart, 'Pulling', `Pulling image "${pod.image}"`, { source: kubelet, involvedObject: fieldPath });
    const imageSize = 120_000_000 + (hash32(seed, pod.image, 'size') % 180_000_000);
    add('Pod', pod.name, pullStart + pullMs, 'Pulled', `Successfully pulled image "${pod.image}" in ${(pullMs / 1000).toFixed(3)}s (${(pullMs / 1000).toFixed(3)}s including waiting). Image size: ${imageSize} bytes.`, { source: kubelet, involvedObject: fieldPath });
    add('Pod', pod.name, pod.startedAt - 300, 'Created', `Created container: ${container}`, { source: kubelet, involvedObject: fieldPath });
    add('Pod', pod.name, pod.startedAt, 'Started', `Started container ${container}`, { source: kubelet, involvedObject: fieldPath });
    // Apps often fail their first readiness probe while still booting.
    if (unitInterval(seed, pod.name, 'probe') < 0.4) {
      add('Pod', pod.name, pod.startedAt + intBetween(2_000, 6_000, seed, pod.name, 'probe-at'), 'Unhealthy', `Readiness probe failed: Get "http://${pod.podIp}:8080/healthz": dial tcp ${pod.podIp}:8080: connect: connection refused`, { source: kubelet, involvedObject: fieldPath, type: 'Warning' });
    }
  }

  for (const rollout of cluster.rollouts) {
    const deploymentSource = { component: 'deployment-controller' };
    const replicaSetSource = { component: 'replicaset-controller' };
    rollout.steps.forEach(({ created, replaced }, index) => {
      add('Deployment', rollout.service, created.createdAt - intBetween(20, 200, seed, created.name, 'scale'), 'ScalingReplicaSet', `Scaled up replica set ${rollout.toReplicaSet} to ${index + 1}`, { source: deploymentSource });
      add('ReplicaSet', rollout.toReplicaSet, created.createdAt, 'SuccessfulCreate', `Created pod: ${created.name}`, { source: replicaSetSource });
      podStartup(created);
      const downAt = replaced.terminatingAt ?? created.readyAt;
      add('Deployment', rollout.service, downAt - intBetween(20, 200, seed, replaced.name, 'scale'), 'ScalingReplicaSet', `Scaled down replica set ${rollout.fromReplicaSet} to ${rollout.replicas - index - 1}`, { source: deploymentSource });
      add('ReplicaSet', rollout.fromReplicaSet, downAt, 'SuccessfulDelete', `Deleted pod: ${replaced.name}`, { source: replicaSetSource });
      add('Pod', replaced.name, downAt + intBetween(5, 80, seed, replaced.name, 'kill'), 'Killing', `Stopping container ${replaced.service}`, {
        source: { component: 'kubelet', host: replaced.node.name },
        involvedObject: { kind: 'Pod', name: replaced.name, uid: replaced.uid, apiVersion: 'v1', fieldPath: `spec.containers{${replaced.service}}` },
      });
    });
  }

  for (const rollout of cluster.rollouts) {
    const pod = rollout.stalled;
    if (!pod) continue;
    add('Deployment', rollout.service, pod.createdAt - 120, 'ScalingReplicaSet', `Scaled up replica set ${rollout.toReplicaSet} to 1`, { source: { component: 'deployment-controller' } });
    add('ReplicaSet', rollout.toReplicaSet, pod.createdAt, 'SuccessfulCreate', `Created pod: ${pod.name}`, { source: { component: 'replicaset-controller' } });
    add('Pod', pod.name, pod.createdAt + 40, 'Scheduled', `Successfully assigned ${NAMESPACE}/${pod.name} to ${pod.node.name}`, { source: { component: 'default-scheduler' } });
    const kubelet = { component: 'kubelet', host: pod.node.name };
    const fieldPath = { kind: 'Pod' as const, name: pod.name, uid: pod.uid, apiVersion: 'v1', fieldPath: `spec.containers{${pod.service}}` };
    const last = Math.min(until, pod.deletedAt ?? until);
    const repeats = Math.max(1, Math.floor((last - pod.createdAt) / 150_000));
    add('Pod', pod.name, pod.createdAt + 700, 'Pulling', `Pulling image "${pod.image}"`, { source: kubelet, involvedObject: fieldPath, count: repeats, lastTimestamp: Math.max(pod.createdAt + 700, last - 30_000) });
    add('Pod', pod.name, pod.createdAt + 2_100, 'Failed', `Failed to pull image "${pod.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${pod.image}": failed to resolve reference "${pod.image}": ${pod.image}: not found`, { source: kubelet, involvedObject: fieldPath, type: 'Warning', count: repeats, lastTimestamp: Math.max(pod.createdAt + 2_100, last - 29_000) });
    add('Pod', pod.name, pod.createdAt + 2_150, 'Failed', 'Error: ErrImagePull', { source: kubelet, involvedObject: fieldPath, type: 'Warning', count: repeats, lastTimestamp: Math.max(pod.createdAt + 2_150, last - 29_000) });
    add('Pod', pod.name, pod.createdAt + 3_000, 'BackOff', `Back-off pulling image "${pod.image}"`, { source: kubelet, involvedObject: fieldPath, type: 'Normal', count: repeats * 4, lastTimestamp: Math.max(pod.createdAt + 3_000, last - 5_000) });
    add('Pod', pod.name, pod.createdAt + 3_050, 'Failed', 'Error: ImagePullBackOff', { source: kubelet, involvedObject: fieldPath, type: 'Warning', count: repeats * 4, lastTimestamp: Math.max(pod.createdAt + 3_050, last - 5_000) });
  }

  for (const pod of cluster.pods) {
    if (pod.waiting?.reason === 'Unschedulable') {
      const repeats = Math.max(1, Math.floor((until - pod.createdAt) / 60_000));
      add('Pod', pod.name, pod.createdAt + 30, 'FailedScheduling', pod.waiting.message, { source: { component: 'default-scheduler' }, type: 'Warning', count: repeats, lastTimestamp: Math.max(pod.createdAt + 30, until - 20_000) });
    }
    const ooms = pod.restarts.filter((restart) => restart.reason === 'OOMKilled' && restart.at <= until);
    if (ooms.length >= 2) {
      // After the second kill the kubelet waits before each restart, and says so.
      const fieldPath = { kind: 'Pod' as const, name: pod.name, uid: pod.uid, apiVersion: 'v1', fieldPath: `spec.containers{${pod.service}}` };
      add('Pod', pod.name, ooms[1]!.at + 800, 'BackOff', `Back-off restarting failed container ${pod.service} in pod ${pod.name}_${NAMESPACE}(${pod.uid})`, { source: { component: 'kubelet', host: pod.node.name }, involvedObject: fieldPath, type: 'Warning', count: ooms.length - 1, lastTimestamp: ooms[ooms.length - 1]!.at + 800 <= until ? ooms[ooms.length - 1]!.at + 800 : ooms[1]!.at + 800 });
    }
    if (pod.waiting?.reason === 'CrashLoopBackOff') {
      const firstCrash = pod.restarts[0];
      if (firstCrash) {
        const fieldPath = { kind: 'Pod' as const, name: pod.name, uid: pod.uid, apiVersion: 'v1', fieldPath: `spec.containers{${pod.service}}` };
        add('Pod', pod.name, firstCrash.at + 1_000, 'BackOff', 'Back-off restarting failed container ' + pod.service + ' in pod ' + pod.name + '_' + NAMESPACE + '(' + pod.uid + ')', { source: { component: 'kubelet', host: pod.node.name }, involvedObject: fieldPath, type: 'Warning', count: pod.restarts.filter((restart) => restart.at <= until).length * 3, lastTimestamp: Math.max(firstCrash.at + 1_000, until - 10_000) });
      }
    }
    for (const restart of pod.restarts) {
      if (restart.at > until) continue;
      const kubelet = { component: 'kubelet', host: pod.node.name };
      const fieldPath = { kind: 'Pod' as const, name: pod.name, uid: pod.uid, apiVersion: 'v1', fieldPath: `spec.containers{${pod.service}}` };
      if (restart.reason === 'OOMKilled') {
        add('Pod', pod.name, restart.at, 'OOMKilling', `Memory cgroup out of memory: Killed process ${intBetween(100, 9000, seed, pod.name, restart.at)} (${pod.service})`, { source: { component: 'kernel-monitor', host: pod.node.name }, type: 'Warning' });
      }
      add('Pod', pod.name, restart.at + 500, 'Pulled', `Container image "${pod.image}" already present on machine`, { source: kubelet, involvedObject: fieldPath });
      add('Pod', pod.name, restart.at + 700, 'Created', `Created container: ${pod.service}`, { source: kubelet, involvedObject: fieldPath });
      add('Pod', pod.name, restart.at + 900, 'Started', `Started container ${pod.service}`, { source: kubelet, involvedObject: fieldPath });
    }
  }

  return events.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
