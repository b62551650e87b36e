// The Kubernetes side of the world: nodes, and every pod's life over the window (created, started,
// ready, terminated), derived from the topology's replicas, the versions running at the window start
// and the scenario's deploys (rolling updates with maxSurge 1, maxUnavailable 0, as Deployments do by
// default for small replica counts). Metrics, logs and the Kubernetes fake all read this one model.
import { hash32, intBetween, kubeSuffix, pickOne, uuidFrom, hexString } from './seeded-hash.ts';
import type { Deploy, Fault, PodRestart, Scenario } from './scenario.ts';
import type { Topology, TopologyService } from './topology.ts';

export const NAMESPACE = 'prod';
export const IMAGE_REGISTRY = 'registry.internal';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Start and ready time of a container that never started or never became ready again (valid as a Date). */
export const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

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
  /** The Deployment (or StatefulSet) that owns the pod; the service name unless a naming variant differs. */
  workload: string;
  workloadKind: 'Deployment' | 'StatefulSet';
  /** Set when the container is not running at virtual now: ImagePullBackOff, CrashLoopBackOff, or Unschedulable (never scheduled: `node` is only where it would have gone). */
  waiting?: { reason: 'ImagePullBackOff' | 'ErrImagePull' | 'CrashLoopBackOff' | 'Unschedulable'; message: string; since: number };
}

export interface Rollout {
  service: string;
  deploy: Deploy;
  fromReplicaSet: string;
  toReplicaSet: string;
  replicas: number;
  /** Pods created by this rollout, in creation order, with the old pod each one replaced. */
  steps: { created: Pod; replaced: Pod }[];
  /** A new pod that never became ready, which stalls the rollout (its image cannot be pulled). */
  stalled?: Pod;
}

/** A scale-up (HPA) that asked for more replicas than the cluster could place. */
export interface ScaleUp {
  service: string;
  at: number;
  from: number;
  to: number;
}

export interface Cluster {
  nodes: Node[];
  pods: Pod[];
  rollouts: Rollout[];
  /** The image tag each service ran at the window start. */
  initialVersions: Map<string, string>;
  scaleUps: ScaleUp[];
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
    workload: service,
    workloadKind: 'Deployment',
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

export function buildCluster(topology: Topology, scenario: Scenario, seed: number, until = Date.parse(scenario.window.end), variant = 0): Cluster {
  const nodes = buildNodes(topology, seed);
  const windowStart = Date.parse(scenario.window.start);
  const pods: Pod[] = [];
  const rollouts: Rollout[] = [];
  const initialVersions = new Map<string, string>();
  const usedNames = new Set<string>();
  const scaleUps: ScaleUp[] = [];

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
      const previousHash = templateHash;
      templateHash = templateHashFor(seed, service.name, deploy.version);
      const rollout: Rollout = {
        service: service.name,
        deploy,
        fromReplicaSet,
        toReplicaSet: `${service.name}-${templateHash}`,
        replicas,
        steps: [],
      };
      const pullFault = scenario.faults.find((fault) => fault.type === 'image_pull_failure' && fault.service === service.name && (fault.version === undefined || fault.version === deploy.version));
      if (pullFault) {
        // The first new pod never pulls its image; with maxUnavailable 0 no old pod goes away.
        const created = makePod(seed, service.name, deploy.version, templateHash, nodes, at + intBetween(500, 2_500, seed, service.name, deploy.version, 'first'), usedNames);
        created.startedAt = FAR_FUTURE;
        created.readyAt = FAR_FUTURE;
        created.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${created.image}"`, since: created.createdAt + 40_000 };
        rollout.stalled = created;
        pods.push(created);
        rollouts.push(rollout);
        templateHash = previousHash;
        continue;
      }
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

    for (const fault of scenario.faults.filter((candidate) => candidate.service === service.name)) {
      if (fault.type === 'oom_killed') applyOomKills(pods, fault, seed, until);
      if (fault.type === 'crash_loop') applyCrashLoop(pods, fault, seed, until);
      if (fault.type === 'unschedulable') {
        const at = Date.parse(fault.start) + intBetween(5_000, 20_000, seed, service.name, 'hpa');
        const extra = Math.max(2, replicas);
        scaleUps.push({ service: service.name, at, from: replicas, to: replicas + extra });
        for (let i = 0; i < extra; i++) {
          const pending = makePod(seed, service.name, runningVersion, templateHash, nodes, at + i * 150, usedNames);
          pending.startedAt = FAR_FUTURE;
          pending.readyAt = FAR_FUTURE;
          pending.waiting = {
            reason: 'Unschedulable',
            message: `0/${nodes.length} nodes are available: ${nodes.length} Insufficient cpu. preemption: 0/${nodes.length} nodes are available: ${nodes.length} No preemption victims found for incoming pod.`,
            since: pending.createdAt,
          };
          pods.push(pending);
        }
      }
    }
  }
  for (const fault of scenario.faults) if (fault.type === 'noisy_neighbor' && fault.detail) colocate(pods, fault, fault.detail, seed);
  if (variant !== 0) renameForVariant(pods, rollouts, topology, seed, variant);
  return { nodes, pods, rollouts, initialVersions, scaleUps };
}

function faultPods(pods: Pod[], fault: Fault): Pod[] {
  const start = Date.parse(fault.start);
  const end = fault.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(fault.end);
  return pods
    .filter((pod) => pod.service === fault.service && pod.waiting === undefined && (fault.version === undefined || pod.version === fault.version))
    .filter((pod) => pod.readyAt < end && (pod.terminatingAt === undefined || pod.terminatingAt > start))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Memory climbs until the kernel kills the container; it restarts and climbs again. */
function applyOomKills(pods: Pod[], fault: Fault, seed: number, until: number): void {
  const period = (fault.rampMinutes ?? 6) * MINUTE;
  const end = Math.min(until, fault.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(fault.end));
  faultPods(pods, fault).forEach((pod, index) => {
    let from = Math.max(Date.parse(fault.start), pod.readyAt);
    let at = from + period * (0.7 + 0.3 * ((index * 0.37 + (hash32(seed, pod.name, 'oom') % 100) / 100) % 1));
    let count = 0;
    while (at < end && (pod.terminatingAt === undefined || at < pod.terminatingAt)) {
      const backoff = count === 0 ? 0 : Math.min(300_000, 10_000 * 2 ** (count - 1));
      const previousStartedAt = pod.startedAt;
      pod.startedAt = at + backoff + intBetween(800, 2_500, seed, pod.name, 'oom-start', count);
      const readyAgainAt = pod.startedAt + intBetween(8_000, 15_000, seed, pod.name, 'oom-ready', count);
      pod.restarts.push({ at, reason: 'OOMKilled', exitCode: 137, previousStartedAt, readyAgainAt });
      pod.containerId = `containerd://${hexString(64, seed, pod.name, 'container', at)}`;
      count++;
      from = pod.startedAt;
      at = from + period * (0.85 + 0.3 * unitFrom(seed, pod.name, count));
    }
  });
}

/** Every container exits seconds after it starts; the kubelet backs off 10 s, 20 s ... up to 5 minutes. */
function applyCrashLoop(pods: Pod[], fault: Fault, seed: number, until: number): void {
  const end = Math.min(until, fault.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(fault.end));
  faultPods(pods, fault).forEach((pod, index) => {
    let at = Math.max(Date.parse(fault.start), pod.startedAt + 1_000) + index * intBetween(2_000, 9_000, seed, pod.name, 'stagger');
    let count = 0;
    while (at < end && (pod.terminatingAt === undefined || at < pod.terminatingAt)) {
      const backoff = Math.min(300_000, 10_000 * 2 ** count);
      const previousStartedAt = pod.startedAt;
      const nextStart = at + backoff + intBetween(300, 1_200, seed, pod.name, 'cl-start', count);
      const nextCrash = nextStart + intBetween(2_000, 6_000, seed, pod.name, 'cl-life', count);
      pod.restarts.push({ at, reason: 'Error', exitCode: 1, previousStartedAt, readyAgainAt: nextCrash < end ? nextCrash : FAR_FUTURE });
      pod.containerId = `containerd://${hexString(64, seed, pod.name, 'container', at)}`;
      count++;
      if (nextStart >= until) {
        pod.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(backoff / 1000) >= 300 ? '5m0s' : `${Math.round(backoff / 1000)}s`} restarting failed container=${pod.service} pod=${pod.name}_${NAMESPACE}(${pod.uid})`, since: at };
        break;
      }
      pod.startedAt = nextStart;
      at = nextCrash;
    }
    if (pod.restarts.length > 0 && pod.waiting === undefined && fault.end === undefined) {
      const last = pod.restarts[pod.restarts.length - 1]!;
      pod.waiting = { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${pod.service} pod=${pod.name}_${NAMESPACE}(${pod.uid})`, since: last.at };
    }
  });
}

/** A noisy neighbour's pods landed on the nodes its victim runs on (the scheduler packed them there). */
function colocate(pods: Pod[], fault: Fault, victim: string, seed: number): void {
  const start = Date.parse(fault.start);
  const alive = (pod: Pod) => pod.createdAt <= start && (pod.deletedAt === undefined || pod.deletedAt > start);
  const victimNodes = [...new Map(pods.filter((pod) => pod.service === victim && alive(pod)).map((pod) => [pod.node.name, pod.node])).values()].sort((a, b) => a.name.localeCompare(b.name));
  if (victimNodes.length === 0) return;
  pods
    .filter((pod) => pod.service === fault.service)
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach((pod, index) => {
      const node = victimNodes[index % victimNodes.length]!;
      const [a, b, c] = node.internalIp.split('.');
      pod.node = node;
      pod.podIp = `${a}.${b}.${c}.${intBetween(2, 254, seed, pod.name, 'ip')}`;
    });
}

function unitFrom(seed: number, name: string, count: number): number {
  return (hash32(seed, name, 'u', count) % 1000) / 1000;
}

/**
 * Other naming conventions for the same pods (terminology variants): a longer or shorter
 * pod-template-hash, a `-v2` Deployment name, or StatefulSet-style ordinals for services that do not
 * roll out in the window. Timings are untouched, so the incident is the same.
 */
function renameForVariant(pods: Pod[], rollouts: Rollout[], topology: Topology, seed: number, variant: number): void {
  const rolled = new Set(rollouts.map((rollout) => rollout.service));
  const renamedSets = new Map<string, string>();
  for (const service of topology.services.filter(runsOnCluster)) {
    const own = pods.filter((pod) => pod.service === service.name).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
    if (own.length === 0) continue;
    const style = 1 + (hash32(variant, service.name, 'pod-style') % 3);
    if (style === 3 && !rolled.has(service.name) && own.every((pod) => pod.waiting === undefined)) {
      own.forEach((pod, ordinal) => {
        pod.name = `${service.name}-${ordinal}`;
        pod.workload = service.name;
        pod.workloadKind = 'StatefulSet';
        pod.replicaSet = `${service.name}-${kubeSuffix(10, variant, service.name, 'revision')}`;
        pod.templateHash = pod.replicaSet.slice(service.name.length + 1);
      });
      continue;
    }
    const workload = style === 2 ? `${service.name}-v2` : service.name;
    const hashLength = style === 1 ? 8 : 10;
    for (const pod of own) {
      const hashText = kubeSuffix(hashLength, variant, pod.templateHash);
      const replicaSet = `${workload}-${hashText}`;
      renamedSets.set(pod.replicaSet, replicaSet);
      pod.name = `${replicaSet}-${kubeSuffix(5, variant, pod.name)}`;
      pod.replicaSet = replicaSet;
      pod.templateHash = hashText;
      pod.workload = workload;
    }
  }
  for (const rollout of rollouts) {
    rollout.fromReplicaSet = renamedSets.get(rollout.fromReplicaSet) ?? rollout.fromReplicaSet;
    rollout.toReplicaSet = renamedSets.get(rollout.toReplicaSet) ?? rollout.toReplicaSet;
  }
}

/** Pods that exist (created, not yet deleted) at time t. */
export function podsExistingAt(cluster: Cluster, service: string, t: number): Pod[] {
  return cluster.pods.filter((pod) => pod.service === service && pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt));
}

const podsByService = new WeakMap<Cluster, Map<string, Pod[]>>();

/** The pods of one service (any state), indexed once per cluster. */
export function podsOf(cluster: Cluster, service: string): Pod[] {
  let index = podsByService.get(cluster);
  if (!index) {
    index = new Map();
    for (const pod of cluster.pods) {
      const list = index.get(pod.service) ?? [];
      list.push(pod);
      index.set(pod.service, list);
    }
    podsByService.set(cluster, index);
  }
  return index.get(service) ?? [];
}

/** Pods that serve traffic at time t: ready and not yet terminating. */
export function podsServingAt(cluster: Cluster, service: string, t: number): Pod[] {
  return podsOf(cluster, service).filter(
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
