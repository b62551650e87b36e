import { describe, expect, it } from 'vitest';
import { createWorld, type World } from './create-world.ts';
import { libraryScenarioIds, loadLibraryScenario } from './library.ts';
import { FAULT_TYPES, type Fault, type FaultType } from './scenario.ts';
import { errorOnset, errorPct, linesBetween, maxPodMetric, meanMetric, MINUTE, sumMetric, textBetween, unrelatedServices } from './world-probe.ts';

/** The critical library scenario of each fault type (the evals' gate set). */
const library = libraryScenarioIds().map((id) => ({ id, scenario: loadLibraryScenario(id).scenario }));

function criticalWorld(type: FaultType): { world: World; fault: Fault; at: number; before: number; start: number } {
  const id = library.find(({ scenario }) => scenario.tags.includes('critical') && scenario.groundTruth?.faultType === type)?.id;
  if (!id) throw new Error(`no critical scenario for ${type}`);
  const world = createWorld({ ...loadLibraryScenario(id), seed: 1 });
  const fault = world.scenario.faults[0]!;
  const start = Date.parse(fault.start);
  return { world, fault, start, at: world.clock.alertAt - MINUTE, before: world.clock.start + 5 * MINUTE };
}

const callersOf = (world: World, name: string) => world.topology.services.filter((service) => service.dependsOn.includes(name)).map((service) => service.name);
const callerText = (world: World, root: string, from: number, to: number) => callersOf(world, root).map((caller) => textBetween(world, caller, from, to)).join('\n');
const unrelatedRunning = (world: World, root: string) => unrelatedServices(world, root).filter((name) => world.service(name)?.kind === 'service');

describe('each fault type leaves the clues an engineer would use', () => {
  it('cpu_saturation: CPU pinned on the root pods, not elsewhere; latency up at the root', () => {
    const { world, fault, at, before } = criticalWorld('cpu_saturation');
    expect(maxPodMetric(world, fault.service, 'cpu.utilization_pct', at)).toBeGreaterThan(80);
    expect(maxPodMetric(world, fault.service, 'cpu.utilization_pct', before)).toBeLessThan(60);
    for (const other of unrelatedRunning(world, fault.service)) expect(maxPodMetric(world, other, 'cpu.utilization_pct', at)).toBeLessThan(65);
    expect(meanMetric(world, fault.service, 'latency.p99_ms', at)).toBeGreaterThan(3 * meanMetric(world, fault.service, 'latency.p99_ms', before));
    expect(world.changeEvents.some((event) => event.service === fault.service)).toBe(false);
  });

  it('memory_leak: memory climbs steadily on the root pods only', () => {
    const { world, fault, at, before, start } = criticalWorld('memory_leak');
    const early = maxPodMetric(world, fault.service, 'memory.utilization_pct', start + 5 * MINUTE);
    const late = maxPodMetric(world, fault.service, 'memory.utilization_pct', at);
    expect(late).toBeGreaterThan(90);
    expect(late - early).toBeGreaterThan(20);
    expect(maxPodMetric(world, fault.service, 'memory.utilization_pct', before)).toBeLessThan(70);
    for (const other of unrelatedRunning(world, fault.service)) expect(maxPodMetric(world, other, 'memory.utilization_pct', at)).toBeLessThan(75);
    expect(world.kubeEvents.some((event) => event.reason === 'OOMKilling')).toBe(false);
  });

  it('oom_killed: memory at the limit, containers terminated OOMKilled, OOMKilling events on the root only', () => {
    const { world, fault } = criticalWorld('oom_killed');
    const pods = world.cluster.pods.filter((pod) => pod.service === fault.service);
    const kills = pods.flatMap((pod) => pod.restarts.filter((restart) => restart.reason === 'OOMKilled' && restart.at <= world.clock.now));
    expect(kills.length).toBeGreaterThan(2);
    expect(kills.every((kill) => kill.exitCode === 137)).toBe(true);
    const oomEvents = world.kubeEvents.filter((event) => event.reason === 'OOMKilling');
    expect(oomEvents.length).toBeGreaterThan(0);
    expect(oomEvents.every((event) => pods.some((pod) => pod.name === event.involvedObject.name))).toBe(true);
    const firstKill = Math.min(...kills.map((kill) => kill.at));
    expect(maxPodMetric(world, fault.service, 'memory.utilization_pct', Math.floor(firstKill / MINUTE) * MINUTE - MINUTE)).toBeGreaterThan(85);
    expect(world.cluster.pods.filter((pod) => pod.service !== fault.service).flatMap((pod) => pod.restarts).filter((restart) => restart.reason === 'OOMKilled')).toEqual([]);
  });

  it('crash_loop: containers exit seconds after start, CrashLoopBackOff, and the previous container says why', () => {
    const { world, fault } = criticalWorld('crash_loop');
    const pods = world.cluster.pods.filter((pod) => pod.service === fault.service && pod.restarts.length > 0);
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((pod) => pod.waiting?.reason === 'CrashLoopBackOff')).toBe(true);
    expect(world.kubeEvents.some((event) => event.reason === 'BackOff' && event.message.startsWith('Back-off restarting failed container') && event.involvedObject.name === pods[0]!.name)).toBe(true);
    const previous = world.podLogs(pods[0]!.name, { previous: true });
    expect(previous).toMatch(/panic:|Error:|Exception|KeyError|APPLICATION FAILED/);
    expect(world.cluster.pods.filter((pod) => pod.service !== fault.service && pod.waiting?.reason === 'CrashLoopBackOff')).toEqual([]);
    // Callers see refused connections once no pod is left.
    expect(callerText(world, fault.service, Date.parse(fault.start) + 2 * MINUTE, world.clock.now)).toMatch(/connection refused|ECONNREFUSED|Connection refused|Errno 111/);
  });

  it('network_latency: callers measure slow calls while the root serves as fast as before', () => {
    const { world, fault, at, before } = criticalWorld('network_latency');
    expect(meanMetric(world, fault.service, 'latency.p99_ms', at)).toBeLessThan(1.3 * meanMetric(world, fault.service, 'latency.p99_ms', before));
    const caller = callersOf(world, fault.service)[0]!;
    expect(meanMetric(world, caller, 'client.latency.p99_ms', at)).toBeGreaterThan(meanMetric(world, caller, 'client.latency.p99_ms', before) + 500);
  });

  it('network_loss: resets at callers and retransmits on the root pods; its own error rate stays low', () => {
    const { world, fault, at, before } = criticalWorld('network_loss');
    expect(maxPodMetric(world, fault.service, 'network.retransmits', at)).toBeGreaterThan(5 * maxPodMetric(world, fault.service, 'network.retransmits', before));
    expect(errorPct(world, fault.service, at)).toBeLessThan(1);
    expect(callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/connection reset|Connection reset|ECONNRESET|socket hang up|EOF/);
  });

  it('disk_full: the volume reaches 100% and writes fail with No space left on device', () => {
    const { world, fault, at, before } = criticalWorld('disk_full');
    expect(meanMetric(world, fault.service, 'disk.utilization_pct', at)).toBeGreaterThan(99);
    expect(meanMetric(world, fault.service, 'disk.utilization_pct', before)).toBeLessThan(65);
    expect(textBetween(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toContain('No space left on device');
    for (const other of unrelatedServices(world, fault.service).filter((name) => world.service(name)?.kind === 'database')) {
      expect(meanMetric(world, other, 'disk.utilization_pct', at)).toBeLessThan(65);
    }
  });

  it('code_exception: a new exception on the root, nothing changed, and not in unrelated logs', () => {
    const { world, fault, at, start } = criticalWorld('code_exception');
    const text = textBetween(world, fault.service, start, at);
    expect(text).toContain(fault.exception!.split(': ')[1]!.slice(0, 20));
    expect(textBetween(world, fault.service, world.clock.start, start)).not.toContain(fault.exception!.split(': ')[1]!.slice(0, 20));
    expect(world.changeEvents.some((event) => event.service === fault.service)).toBe(false);
    for (const other of unrelatedRunning(world, fault.service)) expect(textBetween(world, other, start, at)).not.toContain(fault.exception!.split(': ')[1]!.slice(0, 20));
  });

  it('code_wrong_return: callers fail to read its answers while it reports no errors', () => {
    const { world, fault, at } = criticalWorld('code_wrong_return');
    expect(errorPct(world, fault.service, at)).toBeLessThan(1);
    const caller = callersOf(world, fault.service)[0]!;
    expect(errorPct(world, caller, at)).toBeGreaterThan(5);
    expect(textBetween(world, caller, at - 3 * MINUTE, at + MINUTE)).toMatch(/unmarshal|deserialize|validation error|could not convert|Cannot read properties of null|amount/);
  });

  it('bad_deploy: errors only on the new version, from the rollout on, with a deploy event', () => {
    const { world, fault, at } = criticalWorld('bad_deploy');
    const deploy = world.changeEvents.find((event) => event.kind === 'deploy' && event.service === fault.service);
    expect(deploy?.title).toContain(fault.version!);
    const sources = world.telemetry.sources().filter((source) => source.service === fault.service && source.kind === 'traffic');
    for (const source of sources) {
      const pct = world.telemetry.value(source, 'error.rate_pct', at);
      if (pct === undefined) continue;
      if (source.version === fault.version) expect(pct).toBeGreaterThan(15);
      else expect(pct).toBeLessThan(1);
    }
  });

  it('config_error: a config push just before errors that name a configuration value', () => {
    const { world, fault, at, start } = criticalWorld('config_error');
    const change = world.changeEvents.find((event) => event.kind === 'config' && event.service === fault.service);
    expect(change).toBeDefined();
    expect(change!.at).toBeLessThanOrEqual(start);
    expect(change!.at).toBeGreaterThan(start - 5 * MINUTE);
    expect(errorPct(world, fault.service, at)).toBeGreaterThan(20);
    expect(textBetween(world, fault.service, start, at)).toContain(`invalid value for ${fault.detail}`);
    expect(change!.text).toContain(fault.detail!);
  });

  it('dependency_outage: an external API with no telemetry of its own; callers see 503s and slow calls', () => {
    const { world, fault, at, before } = criticalWorld('dependency_outage');
    expect(world.service(fault.service)?.kind).toBe('external');
    expect(world.logs.minute(fault.service, at)).toEqual([]);
    const caller = callersOf(world, fault.service)[0]!;
    expect(meanMetric(world, caller, 'client.latency.p99_ms', at)).toBeGreaterThan(2 * meanMetric(world, caller, 'client.latency.p99_ms', before));
    expect(callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/503/);
  });

  it('db_connection_exhaustion: connections pinned at max_connections and too-many-clients errors', () => {
    const { world, fault, at, before } = criticalWorld('db_connection_exhaustion');
    expect(meanMetric(world, fault.service, 'connections.active', at)).toBe(100);
    expect(meanMetric(world, fault.service, 'connections.active', before)).toBeLessThan(80);
    expect(textBetween(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/too many clients|remaining connection slots/);
    expect(callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/too many clients|remaining connection slots/);
  });

  it('slow_query: the database slows and burns CPU, logs slow statements, and callers wait in their db spans', () => {
    const { world, fault, at, before } = criticalWorld('slow_query');
    expect(meanMetric(world, fault.service, 'latency.p99_ms', at)).toBeGreaterThan(10 * meanMetric(world, fault.service, 'latency.p99_ms', before));
    expect(meanMetric(world, fault.service, 'cpu.utilization_pct', at)).toBeGreaterThan(meanMetric(world, fault.service, 'cpu.utilization_pct', before) + 25);
    expect(textBetween(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/LOG: {2}duration: \d+\.\d+ ms {2}statement: SELECT/);
    const dbSpans = callersOf(world, fault.service).flatMap((caller) => [0, 1, 2].flatMap((k) => world.spans.minute(caller, at - k * MINUTE))).filter((span) => span.attributes['peer.service'] === fault.service);
    expect(dbSpans.length).toBeGreaterThan(0);
    expect(Math.max(...dbSpans.map((span) => span.durationMs))).toBeGreaterThan(300);
    expect(dbSpans.every((span) => span.operation === 'postgresql.query')).toBe(true);
  });

  it('cert_expired: TLS certificate-expired errors at callers from a precise moment, none before', () => {
    const { world, fault, at, start } = criticalWorld('cert_expired');
    const pattern = /certificate has expired|CERT_HAS_EXPIRED|validity check failed|CertificateExpiredException/;
    expect(callerText(world, fault.service, start, at)).toMatch(pattern);
    expect(callerText(world, fault.service, world.clock.start, start)).not.toMatch(pattern);
    const earliest = callersOf(world, fault.service)
      .flatMap((caller) => linesBetween(world, caller, start - 5 * MINUTE, at))
      .filter((line) => pattern.test(line.message + JSON.stringify(line.attributes)))
      .map((line) => line.timestamp);
    expect(Math.min(...earliest)).toBeGreaterThanOrEqual(start);
  });

  it('dns_failure: callers cannot resolve names (the failing service’s own, or every name when the resolver fails)', () => {
    const { world, fault, at } = criticalWorld('dns_failure');
    const pattern = /no such host|UnknownHostException|Name or service not known|ENOTFOUND|EAI_AGAIN|name resolution|server misbehaving|NameResolutionError/;
    const text = callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE);
    expect(text).toMatch(pattern);
    if (world.service(fault.service)?.technology === 'dns') {
      // Lookups of the callers' other dependencies fail; nobody names the resolver as a host.
      expect(text).not.toMatch(new RegExp(`${fault.service}\\.`));
    } else {
      expect(text).toMatch(new RegExp(fault.service.replace(/-api$/, '')));
    }
    for (const other of unrelatedRunning(world, fault.service)) expect(textBetween(world, other, at - 3 * MINUTE, at)).not.toMatch(pattern);
  });

  it('rate_limited: 429s at callers while requests to the root go up (retries)', () => {
    const { world, fault, at, before } = criticalWorld('rate_limited');
    expect(callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/429/);
    expect(sumMetric(world, fault.service, 'requests.per_s', at)).toBeGreaterThan(1.3 * sumMetric(world, fault.service, 'requests.per_s', before));
  });

  it('image_pull_failure: the new pod is stuck in ImagePullBackOff after the deploy and the old version keeps serving', () => {
    const { world, fault, at } = criticalWorld('image_pull_failure');
    const stuck = world.cluster.pods.filter((pod) => pod.service === fault.service && pod.waiting?.reason === 'ImagePullBackOff');
    expect(stuck).toHaveLength(1);
    expect(stuck[0]!.version).toBe(fault.version);
    expect(world.kubeEvents.some((event) => event.involvedObject.name === stuck[0]!.name && event.message === 'Error: ErrImagePull')).toBe(true);
    expect(world.kubeEvents.some((event) => event.involvedObject.name === stuck[0]!.name && event.reason === 'BackOff')).toBe(true);
    const versions = world.telemetry.sources().filter((source) => source.service === fault.service && source.kind === 'traffic' && world.telemetry.value(source, 'requests.per_s', at) !== undefined).map((source) => source.version);
    expect(versions).not.toContain(fault.version);
    const deployment = world.deployments.find((record) => record.service === fault.service)!;
    expect(deployment.conditions.find((condition) => condition.type === 'Progressing')?.reason).toMatch(/ProgressDeadlineExceeded|ReplicaSetUpdated/);
  });

  it('unschedulable: a scale-up whose new pods stay Pending with FailedScheduling, while the others saturate', () => {
    const { world, fault, at } = criticalWorld('unschedulable');
    const pending = world.cluster.pods.filter((pod) => pod.service === fault.service && pod.waiting?.reason === 'Unschedulable');
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(world.kubeEvents.filter((event) => event.reason === 'FailedScheduling').every((event) => pending.some((pod) => pod.name === event.involvedObject.name))).toBe(true);
    expect(world.kubeEvents.some((event) => event.reason === 'FailedScheduling' && /Insufficient cpu/.test(event.message))).toBe(true);
    expect(world.changeEvents.some((event) => event.kind === 'scale' && event.service === fault.service)).toBe(true);
    expect(maxPodMetric(world, fault.service, 'cpu.utilization_pct', at)).toBeGreaterThan(60);
  });

  it('cache_stampede: the hit rate collapses, then the database behind the callers slows down', () => {
    const { world, fault, before, start } = criticalWorld('cache_stampede');
    expect(meanMetric(world, fault.service, 'cache.hit_rate_pct', start + 2 * MINUTE)).toBeLessThan(40);
    expect(meanMetric(world, fault.service, 'cache.hit_rate_pct', before)).toBeGreaterThan(90);
    const databases = [...new Set(callersOf(world, fault.service).flatMap((caller) => world.service(caller)!.dependsOn))].filter((name) => world.service(name)?.kind === 'database');
    expect(databases.length).toBeGreaterThan(0);
    expect(Math.max(...databases.map((db) => meanMetric(world, db, 'latency.p99_ms', start + 3 * MINUTE) / meanMetric(world, db, 'latency.p99_ms', before)))).toBeGreaterThan(10);
    expect(callerText(world, fault.service, start, start + 5 * MINUTE)).toMatch(/miss/);
  });

  it('queue_backlog: the queue depth keeps growing while producers time out', () => {
    const { world, fault, at, before, start } = criticalWorld('queue_backlog');
    expect(meanMetric(world, fault.service, 'queue.depth', at)).toBeGreaterThan(50 * meanMetric(world, fault.service, 'queue.depth', before));
    expect(meanMetric(world, fault.service, 'queue.depth', at)).toBeGreaterThan(meanMetric(world, fault.service, 'queue.depth', start + 5 * MINUTE));
  });

  it('thread_pool_exhaustion: every request thread busy while CPU stays low', () => {
    const { world, fault, at, before } = criticalWorld('thread_pool_exhaustion');
    expect(maxPodMetric(world, fault.service, 'threads.busy', at)).toBe(200);
    expect(maxPodMetric(world, fault.service, 'threads.busy', before)).toBeLessThan(150);
    expect(maxPodMetric(world, fault.service, 'cpu.utilization_pct', at)).toBeLessThan(60);
    expect(meanMetric(world, fault.service, 'latency.p99_ms', at)).toBeGreaterThan(2_000);
  });

  it('auth_failure: 401s at callers and token validation failures on the root', () => {
    const { world, fault, at } = criticalWorld('auth_failure');
    expect(callerText(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/401|Unauthorized/);
    expect(textBetween(world, fault.service, at - 3 * MINUTE, at + MINUTE)).toMatch(/signature verification failed|unknown signing key/);
    expect(errorPct(world, fault.service, at)).toBeLessThan(2);
  });

  it('noisy_neighbor: the neighbour burns CPU on shared nodes and the victim on those nodes slows down', () => {
    const { world, fault, at, before } = criticalWorld('noisy_neighbor');
    const hotPods = world.telemetry.sources().filter((source) => source.service === fault.service && source.kind === 'pod' && world.telemetry.value(source, 'cpu.utilization_pct', at) !== undefined);
    expect(hotPods.length).toBeGreaterThan(0);
    for (const pod of hotPods) {
      expect(world.telemetry.value(pod, 'node.cpu.utilization_pct', at)!).toBeGreaterThan(world.telemetry.value(pod, 'node.cpu.utilization_pct', before)! + 25);
    }
    const victim = world.scenario.alert.service;
    expect(meanMetric(world, victim, 'latency.p99_ms', at)).toBeGreaterThan(1.8 * meanMetric(world, victim, 'latency.p99_ms', before));
    expect(maxPodMetric(world, fault.service, 'cpu.utilization_pct', at)).toBeGreaterThan(80);
  });

  it('feature_flag: a flag flip, then errors on one route only', () => {
    const { world, fault, at, start } = criticalWorld('feature_flag');
    const flip = world.changeEvents.find((event) => event.kind === 'feature_flag' && event.service === fault.service);
    expect(flip?.source).toBe('launchdarkly');
    expect(flip!.at).toBeLessThanOrEqual(start);
    const [method, path] = fault.endpoint!.split(' ');
    const prefix = path!.split('{')[0]!;
    const errors = linesBetween(world, fault.service, start, at).filter((line) => line.status === 'error' && (line.attributes.http as { url?: string } | undefined)?.url !== undefined);
    expect(errors.length).toBeGreaterThan(5);
    for (const line of errors) {
      const http = line.attributes.http as { method: string; url: string };
      expect(http.method).toBe(method);
      expect(http.url.startsWith(prefix)).toBe(true);
    }
  });
});

describe('propagation', () => {
  for (const type of ['code_exception', 'config_error', 'feature_flag', 'db_connection_exhaustion', 'thread_pool_exhaustion'] as const) {
    it(`${type}: callers start failing a minute after the root, never before`, () => {
      const { world, fault, start } = criticalWorld(type);
      const rootOnset = errorOnset(world, fault.service, start - 5 * MINUTE);
      expect(rootOnset).toBeDefined();
      for (const caller of callersOf(world, fault.service)) {
        const onset = errorOnset(world, caller, start - 5 * MINUTE, 1);
        if (onset !== undefined) expect(onset).toBeGreaterThanOrEqual(rootOnset! + MINUTE);
      }
    });
  }

  it('covers every fault type with a critical scenario', () => {
    const critical = library.filter(({ scenario }) => scenario.tags.includes('critical'));
    expect(new Set(critical.map(({ scenario }) => scenario.groundTruth?.faultType))).toEqual(new Set(FAULT_TYPES));
  });
});
