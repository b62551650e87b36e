// What the vendor fakes read from a world: the read-only members of the world contract
// (simulator/world/world-contract.ts), never the fault model, so a world loaded from a recorded bundle can
// be served the same way. `servedWorld()` adapts a world; members a world does not provide (a
// recorded bundle without them, say) are derived from what it has (deploy events and rollout
// history from the cluster, pod logs from the log model) or served empty, so every endpoint answers
// with real shapes either way.
import { NAMESPACE } from '../../world/cluster.ts';
import type { World } from '../../world/create-world.ts';
import type { LogRecord } from '../../world/logs.ts';
import type { ChangeEvent, ChannelMessage, DeploymentRecord, MonitorRecord, PastIncident, PodLogOptions, SlackUser, SpanRecord, WorldNaming } from '../../world/world-contract.ts';

export type { ChangeEvent, ChannelMessage, DeploymentRecord, MonitorRecord, MonitorStatus, PastIncident, PodLogOptions, SlackUser, SpanRecord, WorldNaming } from '../../world/world-contract.ts';

export interface ServedWorld {
  seed: number;
  variant: number;
  scenario: World['scenario'];
  topology: World['topology'];
  topologyYaml: string;
  clock: World['clock'];
  cluster: World['cluster'];
  telemetry: World['telemetry'];
  logs: World['logs'];
  kubeEvents: World['kubeEvents'];
  service: World['service'];
  naming: WorldNaming;
  spans: { minute(service: string, minuteStart: number): SpanRecord[] };
  changeEvents: ChangeEvent[];
  monitors: MonitorRecord[];
  incidentHistory: PastIncident[];
  chatter: ChannelMessage[];
  users: SlackUser[];
  podLogs(podName: string, options: PodLogOptions): string;
  deployments: DeploymentRecord[];
}

/** The contract members as a world may carry them (all optional until the world provides them). */
type ContractMembers = Partial<Pick<ServedWorld, 'variant' | 'naming' | 'spans' | 'changeEvents' | 'monitors' | 'incidentHistory' | 'chatter' | 'users' | 'podLogs' | 'deployments'>>;

export type WorldLike = Omit<World, keyof ContractMembers> & ContractMembers;

/** Adapts a world to what the fakes serve; a world that already has a member keeps its own. */
export function servedWorld(world: WorldLike): ServedWorld {
  const rich = world as WorldLike;
  return {
    seed: world.seed,
    variant: rich.variant ?? 0,
    scenario: world.scenario,
    topology: world.topology,
    topologyYaml: world.topologyYaml,
    clock: world.clock,
    cluster: world.cluster,
    telemetry: world.telemetry,
    logs: world.logs,
    kubeEvents: world.kubeEvents,
    service: (name) => world.service(name),
    naming: rich.naming ?? { metric: (canonical) => canonical, logsIndex: 'logs-prod' },
    spans: rich.spans ?? { minute: () => [] },
    changeEvents: rich.changeEvents ?? deployEventsFromRollouts(world),
    monitors: rich.monitors ?? [],
    incidentHistory: rich.incidentHistory ?? [],
    chatter: rich.chatter ?? [],
    users: rich.users ?? [],
    podLogs: rich.podLogs ? (name, options) => (rich.podLogs as ServedWorld['podLogs'])(name, options) : podLogsFromLogModel(world),
    deployments: rich.deployments ?? deploymentsFromCluster(world),
  };
}

function deployEventsFromRollouts(world: WorldLike): ChangeEvent[] {
  return world.cluster.rollouts
    .map((rollout) => ({
      at: Date.parse(rollout.deploy.at),
      service: rollout.service,
      kind: 'deploy' as const,
      title: `Deployed ${rollout.service} ${rollout.deploy.version}`,
      text: `Rolling update of deployment/${rollout.service} in ${NAMESPACE}: ${rollout.deploy.previousVersion} -> ${rollout.deploy.version}`,
      tags: [`service:${rollout.service}`, 'env:prod', `version:${rollout.deploy.version}`],
      source: 'argocd',
    }))
    .filter((event) => event.at <= world.clock.now)
    .sort((a, b) => a.at - b.at || a.service.localeCompare(b.service));
}

/** A pod's own lines from the log model, as `kubectl logs` prints them (message only). */
function podLogsFromLogModel(world: WorldLike): ServedWorld['podLogs'] {
  return (podName, options) => {
    const pod = world.cluster.pods.find((candidate) => candidate.name === podName);
    if (!pod) return '';
    const restart = pod.restarts[pod.restarts.length - 1];
    const from = Math.max(world.clock.start, options.previous ? (restart?.previousStartedAt ?? pod.startedAt) : pod.startedAt, options.sinceMs ?? -Infinity);
    const until = Math.min(world.clock.now, options.previous ? (restart?.at ?? pod.startedAt) : (pod.deletedAt ?? world.clock.now));
    const lines: LogRecord[] = [];
    for (let minute = Math.floor(from / 60_000) * 60_000 - 60_000; minute < until; minute += 60_000) {
      if (minute < world.clock.start) continue;
      for (const line of world.logs.minute(pod.service, minute)) {
        if (line.pod === podName && line.timestamp >= from && line.timestamp < until) lines.push(line);
      }
    }
    lines.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // A traceback is several lines of text; tailLines counts text lines, as the kubelet does.
    const text = lines.flatMap((line) => line.message.split('\n'));
    const tail = options.tailLines !== undefined ? text.slice(Math.max(0, text.length - options.tailLines)) : text;
    return tail.length === 0 ? '' : `${tail.join('\n')}\n`;
  };
}

function deploymentsFromCluster(world: WorldLike): DeploymentRecord[] {
  const now = world.clock.now;
  const out: DeploymentRecord[] = [];
  for (const service of world.topology.services) {
    const pods = world.cluster.pods.filter((pod) => pod.service === service.name);
    if (pods.length === 0) continue;
    const bySet = new Map<string, { replicaSet: string; image: string; createdAt: number }>();
    for (const pod of [...pods].sort((a, b) => a.createdAt - b.createdAt)) {
      if (pod.createdAt > now || bySet.has(pod.replicaSet)) continue;
      bySet.set(pod.replicaSet, { replicaSet: pod.replicaSet, image: pod.image, createdAt: pod.createdAt });
    }
    const revisions = [...bySet.values()].map((entry, index) => ({ revision: index + 1, ...entry }));
    const latest = revisions[revisions.length - 1];
    const current = pods.filter((pod) => pod.replicaSet === latest?.replicaSet && pod.createdAt <= now && (pod.deletedAt === undefined || now < pod.deletedAt));
    const available = current.filter((pod) => pod.readyAt <= now && !pod.restarts.some((r) => r.at <= now && now < r.readyAgainAt)).length;
    const replicas = world.cluster.rollouts.find((rollout) => rollout.service === service.name)?.replicas ?? current.length;
    const progressedAt = Math.max(...current.map((pod) => pod.readyAt).filter((t) => t <= now), latest?.createdAt ?? world.clock.start);
    out.push({
      service: service.name,
      name: service.name,
      kind: 'Deployment',
      namespace: NAMESPACE,
      revisions,
      replicas,
      availableReplicas: available,
      conditions: [
        { type: 'Available', status: available >= replicas ? 'True' : 'False', reason: available >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: available >= replicas ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.', lastUpdateTime: progressedAt },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${latest?.replicaSet ?? service.name}" has successfully progressed.`, lastUpdateTime: progressedAt },
      ],
    });
  }
  return out;
}
