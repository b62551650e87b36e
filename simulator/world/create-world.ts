// One deterministic world: a scenario on its topology with a seed. Everything the vendor fakes serve
// is derived from this object; the fakes only translate it into each vendor's shapes.
import { buildChangeEvents } from './change-events.ts';
import { buildChatter, buildUsers } from './chatter.ts';
import { buildCluster, type Cluster } from './cluster.ts';
import { buildDeployments } from './deployments.ts';
import { buildIncidentHistory } from './incident-history.ts';
import { buildMonitors } from './monitors.ts';
import { createNaming } from './naming.ts';
import { createPodLogs } from './pod-logs.ts';
import { createSpanModel, type SpanModel } from './spans.ts';
import type { ChangeEvent, ChannelMessage, DeploymentRecord, MonitorRecord, PastIncident, PodLogOptions, SlackUser, WorldNaming } from './world-contract.ts';
import { assertFaultsModelled, createFaultModel, type FaultModel } from './fault-effects.ts';
import { buildKubeEvents, type KubeEvent } from './kube-events.ts';
import { createLogModel, type LogModel } from './logs.ts';
import type { Scenario } from './scenario.ts';
import { createTelemetry, type Telemetry } from './telemetry.ts';
import type { Topology, TopologyService } from './topology.ts';

/** The fakes serve data up to this long after the alert fired ("virtual now"). */
export const NOW_AFTER_ALERT_MS = 5 * 60_000;

export interface VirtualClock {
  /** Window start, epoch ms: the earliest data served. */
  start: number;
  alertAt: number;
  /** Virtual now, epoch ms: nothing later is served. */
  now: number;
}

/** What the vendor fakes read: everything here is data up to virtual now, never the fault model. */
export interface World {
  seed: number;
  /** 0 renders the canonical terminology; other numbers re-render the same incident with other words. */
  variant: number;
  scenario: Scenario;
  topology: Topology;
  topologyYaml: string;
  clock: VirtualClock;
  cluster: Cluster;
  telemetry: Telemetry;
  logs: LogModel;
  kubeEvents: KubeEvent[];
  service(name: string): TopologyService | undefined;
  naming: WorldNaming;
  spans: SpanModel;
  changeEvents: ChangeEvent[];
  monitors: MonitorRecord[];
  incidentHistory: PastIncident[];
  chatter: ChannelMessage[];
  users: SlackUser[];
  podLogs(podName: string, options: PodLogOptions): string;
  deployments: DeploymentRecord[];
}

/** A world generated from a scenario also exposes its fault model (tests and evals only). */
export interface GeneratedWorld extends World {
  faults: FaultModel;
}

export interface WorldInput {
  scenario: Scenario;
  topology: Topology;
  topologyYaml: string;
  seed: number;
  variant?: number;
}

export function createWorld({ scenario, topology, topologyYaml, seed, variant = 0 }: WorldInput): GeneratedWorld {
  if (!Number.isInteger(seed)) throw new Error(`seed: must be an integer, got ${seed}`);
  if (!Number.isInteger(variant) || variant < 0) throw new Error(`variant: must be a non-negative integer, got ${variant}`);
  const names = new Set(topology.services.map((service) => service.name));
  const mustExist = (what: string, name: string) => {
    if (!names.has(name)) throw new Error(`${what}: unknown service ${name} (topology ${topology.name})`);
  };
  mustExist('alert.service', scenario.alert.service);
  scenario.deploys.forEach((deploy, index) => mustExist(`deploys.${index}.service`, deploy.service));
  scenario.noise.forEach((noise, index) => {
    mustExist(`noise.${index}.service`, noise.service);
    if (noise.kind === 'slow_dependency') mustExist(`noise.${index}.dependency`, noise.dependency);
  });
  scenario.podRestarts.forEach((restart, index) => mustExist(`podRestarts.${index}.service`, restart.service));
  scenario.changes.forEach((change, index) => mustExist(`changes.${index}.service`, change.service));
  scenario.flappingMonitors.forEach((monitor, index) => mustExist(`flappingMonitors.${index}.service`, monitor.service));
  assertFaultsModelled(scenario, topology);

  const start = Date.parse(scenario.window.start);
  const alertAt = Date.parse(scenario.alert.triggeredAt);
  const now = Math.min(alertAt + NOW_AFTER_ALERT_MS, Date.parse(scenario.window.end));
  const cluster = buildCluster(topology, scenario, seed, now, variant);
  const faults = createFaultModel(topology, scenario, cluster);
  const telemetry = createTelemetry(topology, cluster, faults, seed, start);
  const logs = createLogModel(topology, scenario, cluster, faults, telemetry, seed, variant);
  const kubeEvents = buildKubeEvents(cluster, seed, start, now);
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const latencyMs = (service: string, t: number) => {
    const bucket = Math.floor(t / 60_000) * 60_000;
    const source = telemetry.sources().find((candidate) => candidate.service === service && candidate.kind !== 'pod');
    return (source && telemetry.value(source, 'latency.p50_ms', bucket)) ?? 20;
  };
  const changeEvents = buildChangeEvents(scenario, cluster, seed, start, now);
  const monitors = buildMonitors(scenario, topology, seed, start, alertAt, now);
  const users = buildUsers(topology, seed);
  return {
    seed,
    variant,
    naming: createNaming(topology, variant),
    spans: createSpanModel(topology, logs, seed, variant, latencyMs, (service, t) => faults.ownImpact(service, undefined, t).networkP99AddMs),
    changeEvents,
    monitors,
    incidentHistory: buildIncidentHistory(scenario, topology, seed, alertAt),
    chatter: buildChatter(scenario, topology, users, monitors, changeEvents, seed, alertAt, now),
    users,
    podLogs: createPodLogs(cluster, logs, start, now),
    deployments: buildDeployments(topology, scenario, cluster, seed, now),
    scenario,
    topology,
    topologyYaml,
    clock: { start, alertAt, now },
    cluster,
    faults,
    telemetry,
    logs,
    kubeEvents,
    service: (name) => byName.get(name),
  };
}
