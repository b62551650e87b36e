// The Kubernetes side of the world: nodes, and every pod's life over the window (created, started,
// ready, terminated), derived from the topology's replicas, the versions running at the window start
// and the scenario's deploys (rolling updates with maxSurge 1, maxUnavailable 0, as Deployments do by
// default for small replica counts). Metrics, logs and the Kubernetes fake all read this one model.
import { hash32, intBetween, kubeSuffix, pickOne, uuidFrom, hexString } from './seeded-hash.ts';
import type { Deploy, PodRestart, Scenario } from './scenario.ts';
import type { Topology, TopologyService } from './topology.ts';

export const NAMESPACE = 'prod';
export const IMAGE_REGISTRY = 'registry.internal';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Node {
  name: string;
  internalIp: string;
  zone: string;
}

export interface ContainerRestart {
  /** When the previous container instance exited. */
  at: number;
  reason: string;
  exitCode: number;
  /** When that previous instance had started. */
  previousStartedAt: number;
  /** When the replacement container became Ready again. */
  readyAgainAt: number;
}

export interface Pod {
  name: string;
  uid: string;
  service: string;
  version: string;
  image: string;
  imageDigest: string;
  replicaSet: string;
  templateHash: string;
  node: Node;
  podIp: string;
  createdAt: number;
  /** Current container start (after the last restart, if any). */
  startedAt: number;
  /** When the pod first became Ready. */
  readyAt: number;
  /** When the kubelet began stopping it (Killing); undefined while it runs. */
  terminatingAt: number | undefined;
  /** When it left the API server. */
  deletedAt: number | undefined;
  restarts: ContainerRestart[];
  containerId: string;
}

export interface Rollout {
  service: string;
  deploy: Deploy;
  fromReplicaSet: string;
  toReplicaSet: string;
  replicas: number;
  /** Pods created by this rollout, in creation order, with the old pod each one replaced. */
  steps: { created: Pod; replaced: Pod }[];
}

export interface Cluster {
  nodes: Node[];
  pods: Pod[];
  rollouts: Rollout[];
  /** The image tag each service ran at the window start. */
  initialVersions: Map<string, string>;
}

export function runsOnCluster(service: TopologyService): boolean {
  return service.kind === 'service';
}

export function defaultReplicas(service: TopologyService): number {
  return service.replicas ?? (service.tier === 1 ? 3 : 2);
}

function generatedVersion(seed: number, service: string): string {
  return `${intBetween(1, 6, seed, service, 'major')}.${intBetween(0, 30, seed, service, 'minor')}.${intBetween(0, 9, seed, service, 'patch')}`;
}

function buildNodes(topology: Topology, seed: number): Node[] {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const nodes: Node[] = [];
  const used = new Set<string>();
  for (let i = 0; nodes.length < 6; i++) {
    const third = [3, 7, 12][nodes.length % 3] as number;
    const fourth = intBetween(10, 250, seed, topology.name, 'node', i);
    const ip = `10.42.${third}.${fourth}`;
    if (used.has(ip)) continue;
    used.add(ip);
    nodes.push({ name: `ip-10-42-${third}-${fourth}.ec2.internal`, internalIp: ip, zone: zones[nodes.length % 3] as string });
  }
  return nodes;
}

function makePod(
  seed: number,
  service: string,
  version: string,
  templateHash: string,
  nodes: Node[],
  createdAt: number,
  usedNames: Set<string>,
): Pod {
  let suffix = kubeSuffix(5, seed, service, templateHash, createdAt);
  for (let attempt = 1; usedNames.has(`${service}-${templateHash}-${suffix}`); attempt++) {
    suffix = kubeSuffix(5, seed, service, templateHash, createdAt, attempt);
  }
  const name = `${service}-${templateHash}-${suffix}`;
  usedNames.add(name);
  const node = pickOne(nodes, seed, name, 'node');
  const [a, b, c] = node.internalIp.split('.');
  const startedAt = createdAt + intBetween(4_000, 9_000, seed, name, 'start');
  return {
    name,
    uid: uuidFrom(seed, name, 'uid'),
    service,
    version,
    image: `${IMAGE_REGISTRY}/${service}:${version}`,
    imageDigest: `sha256:${hexString(64, seed, service, version, 'digest')}`,
    replicaSet: `${service}-${templateHash}`,
    templateHash,
    node,
    podIp: `${a}.${b}.${c}.${intBetween(2, 254, seed, name, 'ip')}`,
    createdAt,
    startedAt,
    readyAt: startedAt + intBetween(10_000, 16_000, seed, name, 'ready'),
    terminatingAt: undefined,
    deletedAt: undefined,
    restarts: [],
    containerId: `containerd://${hexString(64, seed, name, 'container')}`,
  };
}

function templateHashFor(seed: number, service: string, version: string): string {
  // Real pod-template-hashes are 9 or 10 characters of the Kubernetes alphabet.
  return kubeSuffix(9 + (hash32(seed, service, version, 'len') % 2), seed, service, version, 'template');
}

function applyRestarts(pods: Pod[], restarts: PodRestart[], service: string, seed: number): void {
  const byName = [...pods].sort((x, y) => x.name.localeCompare(y.name));
  for (const restart of restarts.filter((r) => r.service === service)) {
    const pod = byName[restart.replica];
    if (!pod) {
      throw new Error(`podRestarts: ${service} has no replica ${restart.replica}`);
    }
    const at = Date.parse(restart.at);
    if (at <= pod.startedAt) {
      throw new Error(`podRestarts: ${service} replica ${restart.replica} did not exist yet at ${restart.at}`);
    }
    const previousStartedAt = pod.startedAt;
    pod.startedAt = at + intBetween(1_000, 12_000, seed, pod.name, 'restart', at);
    const readyAgainAt = pod.startedAt + intBetween(8_000, 15_000, seed, pod.name, 'reready', at);
    pod.restarts.push({ at, reason: restart.reason, exitCode: restart.exitCode, previousStartedAt, readyAgainAt });
    pod.containerId = `containerd://${hexString(64, seed, pod.name, 'container', at)}`;
  }
}

export function buildCluster(topology: Topology, scenario: Scenario, seed: number): Cluster {
  const nodes = buildNodes(topology, seed);
  const windowStart = Date.parse(scenario.window.start);
  const pods: Pod[] = [];
  const rollouts: Rollout[] = [];
  const initialVersions = new Map<string, string>();
  const usedNames = new Set<string>();

  for (const service of topology.services) {
    const deploys = scenario.deploys
      .filter((deploy) => deploy.service === service.name)
      .sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
    const initialVersion = scenario.versions[service.name] ?? deploys[0]?.previousVersion ?? generatedVersion(seed, service.name);
    initialVersions.set(service.name, initialVersion);
    if (!runsOnCluster(service)) {
      if (deploys.length > 0) throw new Error(`deploys: ${service.name} is a ${service.kind} and is not deployed on the cluster`);
      continue;
    }
    const replicas = defaultReplicas(service);
    // The running release went out a few days before the window.
    const releasedAt = windowStart - 3 * DAY - intBetween(0, 48 * 60, seed, service.name, 'released') * MINUTE;
    let templateHash = templateHashFor(seed, service.name, initialVersion);
    let current: Pod[] = [];
    for (let i = 0; i < replicas; i++) {
      current.push(makePod(seed, service.name, initialVersion, templateHash, nodes, releasedAt + i * 40_000, usedNames));
    }
    applyRestarts(current, scenario.podRestarts, service.name, seed);
    pods.push(...current);

    let runningVersion = initialVersion;
    for (const deploy of deploys) {
      if (deploy.previousVersion !== runningVersion) {
        throw new Error(
          `deploys: ${service.name} ${deploy.at} says previousVersion ${deploy.previousVersion} but ${runningVersion} is running`,
        );
      }
      const at = Date.parse(deploy.at);
      const fromReplicaSet = `${service.name}-${templateHash}`;
      templateHash = templateHashFor(seed, service.name, deploy.version);
      const rollout: Rollout = {
        service: service.name,
        deploy,
        fromReplicaSet,
        toReplicaSet: `${service.name}-${templateHash}`,
        replicas,
        steps: [],
      };
      const next: Pod[] = [];
      let stepAt = at + intBetween(500, 2_500, seed, service.name, deploy.version, 'first');
      // Replace oldest first, one at a time: each new pod must be Ready before an old one goes.
      const oldest = [...current].sort((x, y) => x.createdAt - y.createdAt || x.name.localeCompare(y.name));
      for (const old of oldest) {
        const created = makePod(seed, service.name, deploy.version, templateHash, nodes, stepAt, usedNames);
        old.terminatingAt = created.readyAt;
        old.deletedAt = created.readyAt + intBetween(1_500, 4_000, seed, old.name, 'grace');
        rollout.steps.push({ created, replaced: old });
        next.push(created);
        stepAt = created.readyAt + intBetween(200, 900, seed, created.name, 'next');
      }
      pods.push(...next);
      rollouts.push(rollout);
      current = next;
      runningVersion = deploy.version;
    }
  }
  return { nodes, pods, rollouts, initialVersions };
}

/** Pods that exist (created, not yet deleted) at time t. */
export function podsExistingAt(cluster: Cluster, service: string, t: number): Pod[] {
  return cluster.pods.filter((pod) => pod.service === service && pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt));
}

/** Pods that serve traffic at time t: ready and not yet terminating. */
export function podsServingAt(cluster: Cluster, service: string, t: number): Pod[] {
  return cluster.pods.filter(
    (pod) =>
      pod.service === service &&
      pod.readyAt <= t &&
      (pod.terminatingAt === undefined || t < pod.terminatingAt) &&
      !pod.restarts.some((restart) => restart.at <= t && t < restart.readyAgainAt),
  );
}

/** The version (image tag) a service runs at t: the newest serving one. */
export function versionAt(cluster: Cluster, service: string, t: number): string | undefined {
  const serving = podsServingAt(cluster, service, t).sort((x, y) => y.createdAt - x.createdAt);
  return serving[0]?.version ?? cluster.initialVersions.get(service);
}
