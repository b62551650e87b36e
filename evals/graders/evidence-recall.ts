// Evidence recall: did the finding that names the true root cause cite the kinds of evidence a
// responder would need to believe it? The ground truth's `evidence` lines are prose for people;
// this table says, per fault type, which kinds of evidence such an incident leaves in the tools the
// agent has (metrics, logs, change events, pod state) — the ones a good finding shows. A root cause
// away from the alerting service also needs the dependency path that connects them, unless the
// fault does not travel along dependencies (a noisy neighbour shares a node, not a call).
import type { FaultType } from '../../simulator/world/scenario.ts';
import type { ScenarioRun } from '../runner/run-scenario.ts';

export type EvidenceKind = 'metric' | 'logs' | 'event' | 'pods' | 'graph';

export const EXPECTED_EVIDENCE: Record<FaultType, readonly EvidenceKind[]> = {
  cpu_saturation: ['metric'],
  memory_leak: ['metric'],
  oom_killed: ['metric', 'pods'],
  crash_loop: ['pods', 'logs'],
  network_latency: ['metric'],
  network_loss: ['metric', 'logs'],
  disk_full: ['metric', 'logs'],
  code_exception: ['logs'],
  code_wrong_return: ['logs'],
  bad_deploy: ['event', 'logs'],
  config_error: ['event', 'logs'],
  dependency_outage: ['metric', 'logs'],
  db_connection_exhaustion: ['metric', 'logs'],
  slow_query: ['metric', 'logs'],
  cert_expired: ['logs'],
  dns_failure: ['logs'],
  rate_limited: ['metric', 'logs'],
  image_pull_failure: ['pods', 'event'],
  unschedulable: ['pods', 'event'],
  cache_stampede: ['metric'],
  queue_backlog: ['metric', 'logs'],
  thread_pool_exhaustion: ['metric', 'logs'],
  auth_failure: ['logs'],
  noisy_neighbor: ['metric', 'pods'],
  feature_flag: ['event', 'logs'],
};

const OFF_GRAPH: ReadonlySet<FaultType> = new Set(['noisy_neighbor']);

/** The evidence kinds expected for a run's ground truth; undefined when there is nothing to grade. */
export function expectedEvidence(run: ScenarioRun): EvidenceKind[] | undefined {
  const truth = run.groundTruth;
  if (!truth || !(truth.faultType in EXPECTED_EVIDENCE)) return undefined;
  const kinds = [...EXPECTED_EVIDENCE[truth.faultType as FaultType]];
  const path = run.causalPath;
  if (path && path.length > 1 && !OFF_GRAPH.has(truth.faultType as FaultType)) kinds.push('graph');
  return kinds;
}

/** Expected kinds cited by the finding on the true root cause (none when it is not among the findings). */
export function evidenceHits(run: ScenarioRun): { hits: number; expected: number } | undefined {
  const expected = expectedEvidence(run);
  if (!expected) return undefined;
  const finding = run.ranked.find((c) => c.service === run.groundTruth!.rootCauseService);
  const cited = new Set(finding?.evidenceKinds ?? []);
  return { hits: expected.filter((kind) => cited.has(kind)).length, expected: expected.length };
}
