// One deterministic world: a scenario on its topology with a seed. Everything the vendor fakes serve
// is derived from this object; the fakes only translate it into each vendor's shapes.
import { buildCluster, type Cluster } from './cluster.ts';
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

export interface World {
  seed: number;
  scenario: Scenario;
  topology: Topology;
  topologyYaml: string;
  clock: VirtualClock;
  cluster: Cluster;
  faults: FaultModel;
  telemetry: Telemetry;
  logs: LogModel;
  kubeEvents: KubeEvent[];
  service(name: string): TopologyService | undefined;
}

export interface WorldInput {
  scenario: Scenario;
  topology: Topology;
  topologyYaml: string;
  seed: number;
}

export function createWorld({ scenario, topology, topologyYaml, seed }: WorldInput): World {
  if (!Number.isInteger(seed)) throw new Error(`seed: must be an integer, got ${seed}`);
  const names = new Set(topology.services.map((service) => service.name));
  const mustExist = (what: string, name: string) => {
    if (!names.has(name)) throw new Error(`${what}: unknown service ${name} (topology ${topology.name})`);
  };
  mustExist('alert.service', scenario.alert.service);
  scenario.deploys.forEach((deploy, index) => mustExist(`deploys.${index}.service`, deploy.service));
  scenario.noise.forEach((noise, index) => {
    mustExist(`noise.${index}.service`, noise.service);
    mustExist(`noise.${index}.dependency`, noise.dependency);
  });
  scenario.podRestarts.forEach((restart, index) => mustExist(`podRestarts.${index}.service`, restart.service));
  assertFaultsModelled(scenario, topology);

  const start = Date.parse(scenario.window.start);
  const alertAt = Date.parse(scenario.alert.triggeredAt);
  const now = Math.min(alertAt + NOW_AFTER_ALERT_MS, Date.parse(scenario.window.end));
  const cluster = buildCluster(topology, scenario, seed);
  const faults = createFaultModel(topology, scenario, cluster);
  const telemetry = createTelemetry(topology, cluster, faults, seed, start);
  const logs = createLogModel(topology, scenario, cluster, faults, telemetry, seed);
  const kubeEvents = buildKubeEvents(cluster, seed, start, now);
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  return {
    seed,
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
