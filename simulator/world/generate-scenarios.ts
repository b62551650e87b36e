// Scenarios from a seed: for a fault type and a topology, pick a fault site that fits the type, the
// service whose monitor fires, a window around it, and red herrings (an innocent deploy, a flapping
// monitor, an old error that keeps repeating, an unrelated pod restart); optionally a second, milder
// fault elsewhere (multi-fault) or no fault at all behind a flapping alert (unsolvable). Run as a
// script: `node simulator/world/generate-scenarios.ts --out DIR --count N --seed S [--topology NAME]`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { FAULT_TYPES, type FaultType, type Scenario } from './scenario.ts';
import { hash32, intBetween, pickOne } from './seeded-hash.ts';
import { parseTopology, type Topology, type TopologyService } from './topology.ts';

export const LIBRARY_TOPOLOGIES = ['shop', 'marketplace', 'fintech', 'platform'] as const;

export interface GenerateScenarioInput {
  seed: number;
  topology: Topology;
  faultType?: FaultType;
  /** 'multi' adds a second fault; 'unsolvable' fires a flapping alert with nothing behind it. */
  shape?: 'single' | 'multi' | 'unsolvable';
  id?: string;
  tags?: string[];
}

const EXCEPTIONS: Record<string, [string, string][]> = {
  python: [["KeyError: 'currency'", "KeyError: 'currency' (missing in payload)"], ["AttributeError: 'NoneType' object has no attribute 'id'", "AttributeError: 'NoneType' object has no attribute 'id' (record not loaded)"], ["ValueError: invalid literal for int() with base 10: ''", "ValueError: invalid literal for int() with base 10: '' (empty quantity)"]],
  java: [['java.lang.NullPointerException: Cannot invoke "String.length()" because "value" is null', 'java.lang.NullPointerException: value is null (String.length() called on null)'], ['java.lang.IllegalStateException: Duplicate key 0 (attempted merging values 1 and 2)', 'java.lang.IllegalStateException: duplicate map key 0 while merging values 1 and 2'], ['java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0', 'java.lang.ArrayIndexOutOfBoundsException: index 0 is outside an empty array']],
  go: [['runtime error: invalid memory address or nil pointer dereference', 'runtime error: nil pointer dereference (invalid memory address)'], ['json: cannot unmarshal number into Go struct field .currency of type string', 'json: cannot decode a number into the string field currency']],
  node: [["TypeError: Cannot read properties of undefined (reading 'id')", "TypeError: undefined has no property 'id'"], ['RangeError: Invalid time value', 'RangeError: time value is not valid']],
};

const SERVICE_FAULTS = new Set<FaultType>(['cpu_saturation', 'memory_leak', 'oom_killed', 'crash_loop', 'code_exception', 'code_wrong_return', 'bad_deploy', 'config_error', 'thread_pool_exhaustion', 'feature_flag', 'image_pull_failure', 'unschedulable', 'noisy_neighbor', 'network_latency', 'network_loss', 'auth_failure']);

function callersOf(topology: Topology, name: string): TopologyService[] {
  return topology.services.filter((service) => service.dependsOn.includes(name));
}

/** Services that (transitively) call `name`, nearest first. */
function ancestors(topology: Topology, name: string): string[] {
  const out: string[] = [];
  const queue = [name];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const caller of callersOf(topology, current)) {
      if (!out.includes(caller.name) && caller.name !== name) {
        out.push(caller.name);
        queue.push(caller.name);
      }
    }
  }
  return out;
}

function siteCandidates(topology: Topology, type: FaultType): TopologyService[] {
  const hasCallers = (service: TopologyService) => callersOf(topology, service.name).length > 0;
  const services = topology.services.filter((service) => service.kind === 'service');
  switch (type) {
    case 'dependency_outage':
    case 'rate_limited':
      return topology.services.filter((service) => service.kind === 'external' && hasCallers(service) && service.technology !== 'dns');
    case 'db_connection_exhaustion':
    case 'slow_query':
    case 'disk_full':
      return topology.services.filter((service) => service.kind === 'database' && service.technology === 'postgres' && hasCallers(service));
    case 'cache_stampede':
      return topology.services.filter((service) => service.kind === 'cache' && callersOf(topology, service.name).some((caller) => caller.dependsOn.some((dep) => topology.services.find((s) => s.name === dep)?.kind === 'database')));
    case 'queue_backlog':
      return topology.services.filter((service) => service.kind === 'queue' && hasCallers(service));
    case 'cert_expired':
      return topology.services.filter((service) => (service.kind === 'external' || service.kind === 'service') && service.technology !== 'dns' && hasCallers(service));
    case 'dns_failure': {
      // A resolver the system runs through, when it has one; else lookups of one service's name fail.
      const resolvers = topology.services.filter((service) => service.technology === 'dns' && hasCallers(service));
      return resolvers.length > 0 ? resolvers : topology.services.filter((service) => (service.kind === 'external' || service.kind === 'service') && hasCallers(service));
    }
    case 'noisy_neighbor': {
      const batch = services.filter((service) => (service.tier ?? 2) >= 3);
      return batch.length > 0 ? batch : services.filter((service) => (service.tier ?? 2) >= 2);
    }
    case 'image_pull_failure':
      return services;
    default:
      return SERVICE_FAULTS.has(type) ? services.filter(hasCallers) : services;
  }
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.000Z$/, 'Z');
const version = (seed: number, name: string, bump = 0) => `${intBetween(1, 6, seed, name, 'maj')}.${intBetween(0, 30, seed, name, 'min')}.${intBetween(0, 9, seed, name, 'pat') + bump}`;

interface AlertShape {
  service: string;
  title: string;
  monitor: string;
  query: string;
}

function alertFor(topology: Topology, type: FaultType, site: TopologyService, seed: number): AlertShape {
  const onSite = ['oom_killed', 'image_pull_failure', 'unschedulable', 'memory_leak', 'crash_loop', 'queue_backlog', 'disk_full', 'slow_query', 'db_connection_exhaustion', 'noisy_neighbor'].includes(type);
  const up = ancestors(topology, site.name);
  const edge = up.filter((name) => topology.services.find((service) => service.name === name)?.tier === 1);
  let service = site.name;
  if (!onSite || site.kind !== 'service') service = (edge.length > 0 ? pickOne(edge.slice(0, 3), seed, 'alert-edge') : up[0]) ?? site.name;
  if (type === 'noisy_neighbor') {
    const unrelated = new Set([site.name, ...site.dependsOn, ...ancestors(topology, site.name)]);
    const victims = topology.services.filter((candidate) => candidate.kind === 'service' && !unrelated.has(candidate.name) && (candidate.replicas ?? 2) >= 3);
    service = pickOne(victims.length > 0 ? victims : topology.services.filter((candidate) => candidate.kind === 'service' && candidate.name !== site.name), seed, 'victim').name;
  }
  if (type === 'disk_full' || type === 'slow_query' || type === 'db_connection_exhaustion' || type === 'queue_backlog') service = up[0] ?? site.name;
  const errors = (s: string) => `sum(last_5m):sum:trace.http.request.errors{service:${s},env:prod}.as_count() / sum:trace.http.request.hits{service:${s},env:prod}.as_count() * 100 > 5`;
  const latency = (s: string) => `avg(last_5m):avg:trace.http.request.duration.by.service.99p{service:${s},env:prod} > 1.5`;
  switch (type) {
    case 'oom_killed':
    case 'crash_loop':
      if (service === site.name) return { service, title: `${service} pods restarting`, monitor: `[P2] ${service} container restarts`, query: `change(sum(last_10m),last_10m):sum:kubernetes.containers.restarts{kube_deployment:${service},env:prod} > 3` };
      break;
    case 'image_pull_failure':
      return { service, title: `${service} deployment has unavailable replicas`, monitor: `[P2] ${service} rollout not progressing`, query: `max(last_15m):max:kubernetes_state.deployment.replicas_unavailable{kube_deployment:${service},env:prod} >= 1` };
    case 'memory_leak':
      return { service, title: `${service} memory usage above 90%`, monitor: `[P2] ${service} container memory`, query: `avg(last_10m):avg:container.memory.utilization{service:${service},env:prod} > 90` };
    case 'cpu_saturation':
    case 'unschedulable':
    case 'noisy_neighbor':
    case 'network_latency':
    case 'slow_query':
    case 'thread_pool_exhaustion':
    case 'cache_stampede':
    case 'queue_backlog':
      return { service, title: `${service} p99 latency above SLO`, monitor: `[P1] ${service} p99 latency above 1.5s`, query: latency(service) };
    default:
      break;
  }
  return { service, title: `High error rate on ${service}`, monitor: `[P1] ${service} 5xx rate above 5%`, query: errors(service) };
}

/** One scenario for a topology; everything is derived from the seed. */
export function generateScenario(input: GenerateScenarioInput): Scenario {
  const { seed, topology } = input;
  const shape = input.shape ?? 'single';
  const type = input.faultType ?? pickOne(FAULT_TYPES, seed, 'type');
  const day = Date.parse('2026-10-01T00:00:00Z') + intBetween(0, 50, seed, 'day') * 86_400_000;
  const faultStart = day + intBetween(7 * 60, 20 * 60, seed, 'start-minute') * 60_000;
  const windowStart = faultStart - intBetween(60, 90, seed, 'lead') * 60_000;
  const services = topology.services.filter((service) => service.kind === 'service');
  const scenario: Scenario = {
    id: input.id ?? `${type.replace(/_/g, '-')}-${topology.name}-${seed}`,
    title: '',
    topology: topology.name,
    window: { start: iso(windowStart), end: '' },
    alert: { title: '', service: '', severity: 'critical', triggeredAt: '', source: 'datadog' },
    tags: [...(input.tags ?? []), `topology:${topology.name}`],
    versions: {},
    deploys: [],
    faults: [],
    noise: [],
    podRestarts: [],
    changes: [],
    flappingMonitors: [],
  };
  const herringCandidates = (avoid: string[]) => services.filter((service) => !avoid.includes(service.name));

  if (shape === 'unsolvable') {
    const service = pickOne(services.filter((candidate) => candidate.tier !== 1).length > 0 ? services.filter((candidate) => candidate.tier !== 1) : services, seed, 'flap-service');
    const alertAt = faultStart;
    const name = `[P3] ${service.name} error budget burn`;
    const query = `sum(last_5m):sum:trace.http.request.errors{service:${service.name},env:prod}.as_count() > 1`;
    scenario.title = `A short-window monitor on ${service.name} fires with nothing behind it`;
    scenario.window.end = iso(alertAt + 5 * 60_000);
    scenario.alert = { title: `${service.name} error budget burn`, service: service.name, severity: 'warning', triggeredAt: iso(alertAt), source: 'datadog', details: { monitor: name, query, env: 'prod' } };
    scenario.flappingMonitors.push({ service: service.name, name: `[P3] ${service.name} 5xx count`, query, periodMinutes: intBetween(5, 9, seed, 'period') });
    scenario.tags.push('unsolvable', 'flap');
    addHerrings(scenario, herringCandidates([service.name]), seed, windowStart, alertAt, topology);
    return scenario;
  }

  const candidates = siteCandidates(topology, type);
  if (candidates.length === 0) throw new Error(`topology ${topology.name} has no component where ${type} can happen`);
  const site = pickOne(candidates, seed, type, 'site');
  const alert = alertFor(topology, type, site, seed);
  const ramp = { memory_leak: 35, disk_full: 20, queue_backlog: 15, oom_killed: 6 }[type as string] ?? 0;
  const alertAt = faultStart + (ramp + intBetween(6, 10, seed, 'alert-delay')) * 60_000;
  scenario.window.end = iso(alertAt + 5 * 60_000);
  scenario.alert = { title: alert.title, service: alert.service, severity: 'critical', triggeredAt: iso(alertAt), source: 'datadog', details: { monitor: alert.monitor, query: alert.query, env: 'prod' } };
  const fault: Scenario['faults'][number] = { type, service: site.name, start: iso(faultStart) };
  const language = site.language ?? 'go';
  if (['code_exception', 'bad_deploy', 'config_error', 'feature_flag'].includes(type)) {
    const [exception, reworded] = pickOne(EXCEPTIONS[language] ?? EXCEPTIONS.go!, seed, 'exception');
    if (type === 'config_error') fault.detail = pickOne(CONFIG_KEYS, seed, 'config-key');
    fault.exception = type === 'config_error' ? configException(language, fault.detail!) : exception;
    fault.exceptionVariants = type === 'config_error' ? [fault.exception.replace('invalid', 'bad')] : [reworded];
  }
  if (type === 'feature_flag') {
    fault.endpoint = site.endpoints?.[site.endpoints.length - 1] ?? 'GET /';
    fault.detail = `${site.name.replace(/-(service|api|web)$/, '')}-${pickOne(['new-pricing', 'async-writes', 'v2-serializer', 'batch-lookup'], seed, 'flag')}`;
  }
  if (type === 'noisy_neighbor') fault.detail = alert.service;
  if (type === 'auth_failure') fault.detail = `k-${intBetween(2025, 2026, seed, 'kid-y')}-${String(intBetween(1, 12, seed, 'kid-m')).padStart(2, '0')}`;
  if (ramp > 0) fault.rampMinutes = ramp;
  if (type === 'bad_deploy' || type === 'image_pull_failure') {
    const from = version(seed, site.name);
    const to = version(seed, site.name, 1);
    scenario.versions[site.name] = from;
    scenario.deploys.push({ service: site.name, at: iso(faultStart), previousVersion: from, version: to });
    fault.version = to;
    if (type === 'bad_deploy') {
      fault.errorRatePct = intBetween(25, 45, seed, 'rate');
      fault.latencyMs = intBetween(20, 80, seed, 'lat');
    }
  }
  scenario.faults.push(fault);
  scenario.title = titleFor(type, site.name, alert.service);
  scenario.groundTruth = { rootCauseService: site.name, faultType: type, evidence: evidenceFor(type, site.name) };
  scenario.tags.push(`fault:${type}`, language && site.kind === 'service' ? `language:${language}` : `kind:${site.kind}`);
  if (alert.service !== site.name) scenario.tags.push('propagation');

  if (shape === 'multi') {
    const pool = herringCandidates([site.name, alert.service, ...ancestors(topology, site.name)]);
    if (pool.length === 0) throw new Error(`topology ${topology.name} has no service off the causal path of ${site.name} for a second fault`);
    const other = pickOne(pool, seed, 'second');
    const secondType: FaultType = pickOne(['code_exception', 'cpu_saturation', 'memory_leak'] as const, seed, 'second-type');
    const [exception] = pickOne(EXCEPTIONS[other.language ?? 'go'] ?? EXCEPTIONS.go!, seed, 'second-exc');
    scenario.faults.push({ type: secondType, service: other.name, start: iso(faultStart - intBetween(10, 30, seed, 'second-lead') * 60_000), errorRatePct: 4, latencyMs: secondType === 'cpu_saturation' ? 300 : undefined, exception: secondType === 'code_exception' ? exception : undefined, rampMinutes: secondType === 'memory_leak' ? 60 : undefined });
    scenario.groundTruth.alsoPresent = [{ service: other.name, faultType: secondType }];
    scenario.tags.push('multi-fault');
  }
  addHerrings(scenario, herringCandidates([site.name, ...scenario.faults.map((f) => f.service)]), seed, windowStart, alertAt, topology);
  return scenario;
}

const CONFIG_KEYS = ['db.pool.max_size', 'upstream.base_url', 'features.currency_table', 'cache.ttl_seconds'];

/** The error a service raises on a bad value of the config key that was just pushed. */
function configException(language: string, key: string): string {
  switch (language) {
    case 'java':
      return `java.lang.IllegalArgumentException: invalid value for ${key}: ''`;
    case 'python':
      return `ValueError: invalid value for ${key}: ''`;
    case 'node':
      return `Error: invalid value for ${key}: ''`;
    default:
      return `config: invalid value for ${key}: ""`;
  }
}

function titleFor(type: FaultType, site: string, alerted: string): string {
  const where = alerted === site ? site : `${site}; ${alerted} alerts`;
  return `${type.replace(/_/g, ' ')} on ${where}`;
}

function evidenceFor(type: FaultType, site: string): string[] {
  const clues: Record<FaultType, string> = {
    cpu_saturation: 'CPU near 100% on its pods with latency up and no change event',
    memory_leak: 'memory climbing steadily on its pods, latency rising as it nears the limit',
    oom_killed: 'memory reaching the limit, containers terminated OOMKilled, restarts and OOMKilling events',
    crash_loop: 'containers exiting seconds after start, CrashLoopBackOff and BackOff events',
    network_latency: 'callers measure slow calls to it while its own server latency is normal',
    network_loss: 'connection resets at callers, TCP retransmits on its pods, its own metrics normal',
    disk_full: 'disk utilisation reaching 100% and "No space left on device" errors',
    code_exception: 'a new exception in its logs on the failing requests, no deploy or config change',
    code_wrong_return: 'callers fail to parse its responses while it reports no errors',
    bad_deploy: 'errors only on pods of the new version, starting with the rollout',
    config_error: 'a config change just before errors naming a configuration value',
    dependency_outage: 'callers get 503s and slow calls from the provider; nothing on our side changed',
    db_connection_exhaustion: 'connections pinned at max_connections and "too many clients" errors',
    slow_query: 'database latency and CPU up, slow statements logged, callers time out on queries',
    cert_expired: 'TLS certificate-expired errors at callers from a precise moment',
    dns_failure: 'name resolution failures at callers for its hostname',
    rate_limited: '429 Too Many Requests at callers, request volume to it up',
    image_pull_failure: 'new pod stuck in ImagePullBackOff after the deploy, rollout not progressing',
    unschedulable: 'scale-up with pods Pending and FailedScheduling events; existing pods saturated',
    cache_stampede: 'cache hit rate collapsing, then database load and callers slow',
    queue_backlog: 'queue depth growing, consumers leaving the group, producers timing out',
    thread_pool_exhaustion: 'all request threads busy with CPU low, rejected requests',
    auth_failure: '401s at callers and token validation failures on it',
    noisy_neighbor: 'its pods burning CPU on shared nodes; node CPU high and pods on those nodes slow',
    feature_flag: 'a flag turned on just before errors on one route only',
  };
  return [`${site}: ${clues[type]}`];
}

/** An innocent deploy, a flapping monitor, an old repeating error and an unrelated restart, each by seed. */
function addHerrings(scenario: Scenario, pool: TopologyService[], seed: number, windowStart: number, alertAt: number, topology: Topology): void {
  if (pool.length === 0) return;
  const deployed = scenario.deploys.map((deploy) => deploy.service);
  const innocent = pickOne(pool.filter((service) => !deployed.includes(service.name)), seed, 'herring-deploy');
  if (hash32(seed, 'herring-a') % 4 !== 0 && innocent) {
    const from = version(seed, innocent.name);
    scenario.versions[innocent.name] = from;
    scenario.deploys.push({ service: innocent.name, at: iso(windowStart + intBetween(8, 30, seed, 'herring-at') * 60_000), previousVersion: from, version: version(seed, innocent.name, 1) });
    scenario.tags.push('red-herring-deploy');
  }
  if (hash32(seed, 'herring-b') % 3 !== 0 && scenario.flappingMonitors.length === 0) {
    const flapper = pickOne(pool, seed, 'herring-flap');
    scenario.flappingMonitors.push({ service: flapper.name, name: `[P3] ${flapper.name} p95 latency`, query: `avg(last_5m):avg:trace.http.request.duration.by.service.95p{service:${flapper.name},env:prod} > 0.25`, periodMinutes: intBetween(5, 11, seed, 'flap-period') });
    scenario.tags.push('red-herring-flap');
  }
  if (hash32(seed, 'herring-c') % 2 === 0) {
    const noisy = pickOne(pool, seed, 'herring-noise');
    const messages = ['failed to refresh exchange-rate snapshot: upstream returned stale data, keeping previous snapshot', 'deprecated field "legacy_id" received from client; ignoring', 'metrics exporter: failed to push batch, will retry'];
    scenario.noise.push({ kind: 'error_log', service: noisy.name, message: pickOne(messages, seed, 'noise-msg'), perMinute: intBetween(1, 3, seed, 'noise-rate') });
    scenario.tags.push('noisy-logs');
  }
  if (hash32(seed, 'herring-d') % 2 === 0) {
    const restarted = pickOne(pool.filter((service) => !scenario.deploys.some((deploy) => deploy.service === service.name)).length > 0 ? pool.filter((service) => !scenario.deploys.some((deploy) => deploy.service === service.name)) : pool, seed, 'herring-restart');
    if (!scenario.deploys.some((deploy) => deploy.service === restarted.name)) {
      scenario.podRestarts.push({ service: restarted.name, replica: 0, at: iso(windowStart - intBetween(2, 20, seed, 'restart-h') * 3_600_000), reason: 'Error', exitCode: 2 });
      scenario.tags.push('red-herring-restart');
    }
  }
  if (hash32(seed, 'herring-e') % 3 === 0) {
    const other = pickOne(topology.services.filter((service) => service.kind === 'service'), seed, 'herring-change');
    scenario.changes.push({ at: iso(alertAt - intBetween(25, 50, seed, 'change-at') * 60_000), service: other.name, kind: 'infra', title: `Terraform apply: node group prod-general AMI update`, text: 'aws_eks_node_group.prod_general: launch template version bumped (no instances replaced yet)', source: 'terraform' });
  }
}

/** Scenario YAML with a stable key order, ready for the library. */
export function scenarioYaml(scenario: Scenario): string {
  const clean = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
  for (const key of ['versions', 'deploys', 'faults', 'noise', 'podRestarts', 'changes', 'flappingMonitors']) {
    const value = clean[key];
    if ((Array.isArray(value) && value.length === 0) || (value && typeof value === 'object' && Object.keys(value).length === 0)) delete clean[key];
  }
  return stringify(clean, { lineWidth: 0 });
}

function loadTopology(name: string): Topology {
  const path = fileURLToPath(new URL(`../library/topologies/${name}.yaml`, import.meta.url));
  return parseTopology(readFileSync(path, 'utf8'), path);
}

/** `count` scenarios over the library topologies, cycling through fault types. */
export function generateScenarios(options: { count: number; seed: number; topologies?: Topology[] }): Scenario[] {
  const topologies = options.topologies ?? LIBRARY_TOPOLOGIES.map(loadTopology);
  const out: Scenario[] = [];
  for (let i = 0; i < options.count; i++) {
    const seed = options.seed * 1000 + i;
    const type = FAULT_TYPES[(i + options.seed) % FAULT_TYPES.length]!;
    const shape = i % 17 === 16 ? 'unsolvable' : i % 11 === 10 ? 'multi' : 'single';
    const id = `gen-${options.seed}-${i}-${shape === 'unsolvable' ? 'flap' : type.replace(/_/g, '-')}`;
    // Not every topology has a component where every fault can happen (the shop has no cache behind
    // a database caller); such a fault goes to the next topology that has one.
    const fits = [...topologies.slice(i % topologies.length), ...topologies.slice(0, i % topologies.length)].find((candidate) => shape === 'unsolvable' || siteCandidates(candidate, type).length > 0);
    if (!fits) throw new Error(`no topology has a component where ${type} can happen`);
    out.push(generateScenario({ seed, topology: fits, faultType: type, shape, id }));
  }
  return out;
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const out = arg('--out');
  const count = Number(arg('--count') ?? '10');
  const seed = Number(arg('--seed') ?? '1');
  if (!out || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    process.stderr.write('usage: node simulator/world/generate-scenarios.ts --out DIR --count N --seed S\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  for (const scenario of generateScenarios({ count, seed })) {
    writeFileSync(`${out}/${scenario.id}.yaml`, scenarioYaml(scenario));
    process.stdout.write(`${scenario.id}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
