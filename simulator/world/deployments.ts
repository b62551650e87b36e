// The rollout history Kubernetes apps/v1 serves per Deployment: one revision per ReplicaSet the
// window knows of, the desired and available replicas at virtual now, and the conditions a stalled
// rollout or a crash-looping service shows.
import type { Cluster } from './cluster.ts';
import { NAMESPACE, defaultReplicas, podsOf, podsServingAt, runsOnCluster } from './cluster.ts';
import type { Scenario } from './scenario.ts';
import { hexString, intBetween } from './seeded-hash.ts';
import type { Topology } from './topology.ts';
import type { DeploymentRecord } from './world-contract.ts';

export function buildDeployments(topology: Topology, scenario: Scenario, cluster: Cluster, seed: number, now: number): DeploymentRecord[] {
  const records: DeploymentRecord[] = [];
  for (const service of topology.services.filter(runsOnCluster)) {
    const pods = podsOf(cluster, service.name).filter((pod) => pod.createdAt <= now);
    if (pods.length === 0) continue;
    const sets = new Map<string, { image: string; createdAt: number }>();
    for (const pod of [...pods].sort((a, b) => a.createdAt - b.createdAt)) if (!sets.has(pod.replicaSet)) sets.set(pod.replicaSet, { image: pod.image, createdAt: pod.createdAt - 1_000 });
    const first = intBetween(4, 40, seed, service.name, 'revision');
    const configFault = scenario.faults.find((fault) => fault.type === 'config_error' && fault.service === service.name);
    const revisions = [...sets].map(([replicaSet, info], index) => ({ revision: first + index, replicaSet, image: info.image, createdAt: info.createdAt, configHash: hexString(10, seed, service.name, replicaSet, configFault && Date.parse(configFault.start) <= now ? 'changed' : 'config') }));
    const scaleUp = cluster.scaleUps.find((candidate) => candidate.service === service.name && candidate.at <= now);
    const replicas = scaleUp?.to ?? defaultReplicas(service);
    const available = podsServingAt(cluster, service.name, now).length;
    const lastChange = Math.max(...revisions.map((revision) => revision.createdAt));
    const stalled = cluster.rollouts.find((rollout) => rollout.service === service.name && rollout.stalled && rollout.stalled.createdAt <= now);
    const conditions: DeploymentRecord['conditions'] = [
      available >= replicas
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: lastChange }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: Math.min(now, lastChange) },
    ];
    const latestSet = revisions[revisions.length - 1]!.replicaSet;
    if (stalled && now - stalled.stalled!.createdAt > 10 * 60_000) {
      conditions.push({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${latestSet}" has timed out progressing.`, lastUpdateTime: stalled.stalled!.createdAt + 600_000 });
    } else if (stalled) {
      conditions.push({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${latestSet}" is progressing.`, lastUpdateTime: stalled.stalled!.createdAt });
    } else {
      conditions.push({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${latestSet}" has successfully progressed.`, lastUpdateTime: lastChange });
    }
    records.push({ service: service.name, name: pods[0]!.workload, kind: pods[0]!.workloadKind, namespace: NAMESPACE, revisions, replicas, availableReplicas: Math.min(available, replicas), conditions });
  }
  return records;
}
