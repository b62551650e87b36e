// The deterministic planner: hypothesis-driven and graph-guided, the way a careful on-call engineer
// works. Start at the alerting service, probe its own health, recent changes and pods; follow the
// dependencies of every service that is in trouble; then rank the troubled services, discounting
// those whose trouble is explained by a troubled dependency that went bad first.
// A pure function of the state: the same observations always give the same decision.
import type { PlanDecision, PlannerState } from '../loop.ts';
import type { Evidence, Finding, ToolCall } from '../types.ts';
import { collectFacts } from './collect-facts.ts';
import { isHealthSignal, type Probe, type ServiceFacts } from './service-facts.ts';

const PROBE_TOOLS: Record<Probe, string> = {
  metrics: 'datadog/query_service_metrics',
  logs: 'datadog/search_service_logs',
  pods: 'kubernetes/list_service_pods',
  events: 'kubernetes/list_service_events',
};

/** Minutes a caller's trouble may precede its dependency's and still be blamed on it (clock skew, scrape lag). */
const ONSET_TOLERANCE_MS = 2 * 60_000;
/** How long before a service's onset a change is still a suspect. */
const CHANGE_LOOKBACK_MS = 30 * 60_000;
/** An error signature first seen this long after the window opens is "new", not background noise... */
const NEW_SIGNATURE_AFTER_MS = 10 * 60_000;
/** ...and only if it repeats: one stray error line is not an incident. */
const NEW_SIGNATURE_MIN_COUNT = 5;

export function planNext(state: PlannerState): PlanDecision {
  const facts = collectFacts(state.observations);
  const graph = edgesOf(state);
  const toProbe = state.mustConclude ? [] : servicesToProbe(state, facts, graph);
  const calls = toProbe.flatMap((service) => callsFor(state, service, facts.get(service)));
  if (calls.length > 0) {
    return { kind: 'call', calls, rationale: `probe ${toProbe.join(', ')}` };
  }
  const findings = rank(state, facts, graph);
  const top = findings[0];
  return {
    kind: 'conclude',
    findings,
    rationale: top ? `${top.service} ranks first (${top.faultType}, ${top.confidence.toFixed(2)})` : 'no service shows trouble of its own',
  };
}

interface Graph {
  dependencies(service: string): string[];
  kind(service: string): string;
}

function edgesOf(state: PlannerState): Graph {
  const { services, edges } = state.context.neighbourhood;
  const kinds = new Map(services.map((s) => [s.name, s.kind]));
  return {
    dependencies: (service) => edges.filter((e) => e.from === service).map((e) => e.to).sort(),
    kind: (service) => kinds.get(service) ?? 'service',
  };
}

function servicesToProbe(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): string[] {
  const alerting = state.alert.service;
  // Guidance may name services a team always wants examined for this kind of alert.
  const first = [alerting, ...state.context.guidance.flatMap((g) => g.alsoCheck)];
  const unprobed = [...new Set(first)].filter((s) => !facts.has(s));
  if (unprobed.length > 0) return unprobed.sort();
  const troubled = [...facts.values()].filter((f) => inTrouble(f, state));
  // A quiet alerting service still deserves one look at its direct dependencies.
  const roots = troubled.length > 0 ? troubled.map((f) => f.service) : [alerting];
  const next = new Set<string>();
  for (const service of roots) {
    for (const dependency of graph.dependencies(service)) {
      if (!facts.has(dependency)) next.add(dependency);
    }
  }
  return [...next].sort();
}

function callsFor(state: PlannerState, service: string, known: ServiceFacts | undefined): ToolCall[] {
  const kind = edgesOf(state).kind(service);
  const probes: Probe[] = kind === 'external' ? ['metrics', 'logs'] : ['metrics', 'logs', 'pods', 'events'];
  return probes
    .filter((probe) => !known?.probed.has(probe) && state.context.tools.includes(PROBE_TOOLS[probe]))
    .map((probe) => {
      const [server, tool] = PROBE_TOOLS[probe].split('/') as [string, string];
      const args: Record<string, unknown> = { service };
      if (probe !== 'pods') args.window = state.context.window;
      return { id: `s${state.step}-${service}-${probe}`, server, tool, arguments: args };
    });
}

function newErrorSignatures(facts: ServiceFacts, state: PlannerState) {
  const opened = Date.parse(state.context.window.from);
  return facts.errorSignatures.filter(
    (s) => s.level === 'error' && s.count >= NEW_SIGNATURE_MIN_COUNT && Date.parse(s.firstSeen) - opened >= NEW_SIGNATURE_AFTER_MS,
  );
}

/** When the service's own signals turned bad: the earliest metric shift, else the earliest new error. */
function onsetOf(facts: ServiceFacts, state: PlannerState): string | undefined {
  const shifts = facts.anomalies.filter((a) => a.direction === 'up' && isHealthSignal(a.signal)).map((a) => a.at);
  const moments = shifts.length > 0 ? shifts : newErrorSignatures(facts, state).map((s) => s.firstSeen);
  return moments.sort()[0];
}

function inTrouble(facts: ServiceFacts, state: PlannerState): boolean {
  const healthAnomaly = facts.anomalies.some((a) => a.direction === 'up' && isHealthSignal(a.signal));
  const podTrouble = (facts.pods?.terminationReasons.length ?? 0) > 0 || (facts.pods?.notReady ?? 0) > 0;
  return healthAnomaly || podTrouble || newErrorSignatures(facts, state).length > 0;
}

interface Hypothesis {
  service: string;
  faultType: string;
  score: number;
  summary: string;
  evidence: Evidence[];
  nextStep: string;
}

function rank(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): Finding[] {
  const troubled = [...facts.values()].filter((f) => inTrouble(f, state));
  const onsets = new Map(troubled.map((f) => [f.service, onsetOf(f, state) ?? state.context.window.to]));
  const hypotheses = troubled.map((f) => hypothesise(state, f, troubled, onsets, graph));
  hypotheses.sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));
  const total = hypotheses.reduce((sum, h) => sum + Math.max(h.score, 0), 0);
  return hypotheses.slice(0, 3).map((h, i) => ({
    rank: i + 1,
    service: h.service,
    faultType: h.faultType,
    confidence: calibrate(h.score, total),
    summary: h.summary,
    evidence: h.evidence,
    nextStep: h.nextStep,
  }));
}

/**
 * Scores: trouble of one's own counts, a cause of one's own (a change, a crash) counts more, and
 * trouble explained by a dependency that went bad first counts against. Weights are round numbers
 * on purpose: they are tuned on the simulator's evals, not fitted to one scenario.
 */
function hypothesise(state: PlannerState, f: ServiceFacts, troubled: ServiceFacts[], onsets: Map<string, string>, graph: Graph): Hypothesis {
  const onset = Date.parse(onsets.get(f.service)!);
  const blamed = troubled.filter(
    (d) => graph.dependencies(f.service).includes(d.service) && Date.parse(onsets.get(d.service)!) <= onset + ONSET_TOLERANCE_MS,
  );
  const newSignatures = newErrorSignatures(f, state);
  const mentionsDependency = newSignatures.some((s) => graph.dependencies(f.service).some((d) => s.signature.includes(d) || s.sample.includes(d)));
  const change = [...f.changes]
    .filter((c) => c.kind === 'deploy' || c.kind === 'config')
    .filter((c) => Date.parse(c.at) <= onset + ONSET_TOLERANCE_MS && onset - Date.parse(c.at) <= CHANGE_LOOKBACK_MS)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  const reasons = f.pods?.terminationReasons ?? [];
  const anomaly = (signal: string) => f.anomalies.find((a) => a.signal === signal && a.direction === 'up');

  let faultType = 'unknown';
  let cause = 0;
  if (reasons.includes('OOMKilled')) [faultType, cause] = ['oom_killed', 1.5];
  else if (change?.kind === 'deploy') [faultType, cause] = ['bad_deploy', 1.5];
  else if (change?.kind === 'config') [faultType, cause] = ['config_error', 1.2];
  else if (reasons.length > 0 || (f.pods?.restarts ?? 0) > 0) [faultType, cause] = ['crash_loop', 1.2];
  else if (anomaly('cpu')) [faultType, cause] = ['cpu_saturation', 1.0];
  else if (anomaly('memory')) [faultType, cause] = ['memory_leak', 0.8];
  else if (newSignatures.length > 0 && !mentionsDependency) [faultType, cause] = ['code_exception', 0.8];
  else if (anomaly('latency') && !anomaly('errors')) [faultType, cause] = ['network_latency', 0.3];

  const strength = Math.min(1, Math.max(0, ...f.anomalies.filter((a) => isHealthSignal(a.signal)).map((a) => a.score / 10)));
  const score = 1 + strength + cause - (blamed.length > 0 ? 2 : 0) - (mentionsDependency ? 0.5 : 0);

  const evidence = evidenceFor(state, f, change, graph);
  const headline = f.anomalies.find((a) => a.signal === 'errors') ?? f.anomalies[0];
  const parts = [
    change ? `${change.summary} at ${clock(change.at)}` : undefined,
    headline ? `${headline.signal} ${describeShift(headline)} from ${clock(headline.at)}` : undefined,
    newSignatures[0] ? `new errors: ${newSignatures[0].signature}` : undefined,
    reasons.length > 0 ? `pods terminated (${[...new Set(reasons)].join(', ')})` : undefined,
    blamed.length > 0 ? `likely a victim of ${blamed.map((d) => d.service).join(', ')}` : undefined,
  ].filter(Boolean);
  return {
    service: f.service,
    faultType,
    score,
    summary: parts.join('; ') || 'signals deviate from baseline',
    evidence,
    nextStep: nextStepFor(faultType, f.service, change),
  };
}

function calibrate(score: number, total: number): number {
  if (score <= 0 || total <= 0) return 0.05;
  // Share of the evidence mass, pulled toward a ceiling by how strong the case is on its own.
  const share = score / total;
  const strength = Math.min(1, score / 3.5);
  return Math.round(Math.min(0.95, 0.5 * share + 0.5 * strength) * 100) / 100;
}

function evidenceFor(state: PlannerState, f: ServiceFacts, change: ServiceFacts['changes'][number] | undefined, graph: Graph): Evidence[] {
  const evidence: Evidence[] = [];
  for (const a of f.anomalies.filter((x) => x.direction === 'up').slice(0, 3)) {
    evidence.push({
      kind: 'metric',
      service: f.service,
      summary: `${a.signal} ${describeShift(a)} from ${clock(a.at)}`,
      query: a.query,
      at: a.at,
      points: a.points,
      changeAt: a.at,
      unit: a.unit.trim(),
    });
  }
  for (const s of newErrorSignatures(f, state).slice(0, 2)) {
    evidence.push({
      kind: 'logs',
      service: f.service,
      summary: `${s.count} × "${s.signature}" since ${clock(s.firstSeen)}`,
      query: f.logsQuery,
      lines: [s.sample],
      at: s.firstSeen,
    });
  }
  if (change) evidence.push({ kind: 'event', service: f.service, summary: `${change.summary} at ${clock(change.at)}`, at: change.at });
  if (f.pods && (f.pods.restarts > 0 || f.pods.notReady > 0)) {
    const reasons = [...new Set(f.pods.terminationReasons)].join(', ') || 'none recorded';
    evidence.push({ kind: 'pods', service: f.service, summary: `${f.pods.notReady}/${f.pods.pods} pods not ready, ${f.pods.restarts} restarts (last termination: ${reasons})` });
  }
  const path = pathBetween(state.alert.service, f.service, graph);
  if (path.length > 1) evidence.push({ kind: 'graph', service: f.service, summary: `dependency path: ${path.join(' → ')}` });
  return evidence;
}

function pathBetween(from: string, to: string, graph: Graph): string[] {
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) break;
    for (const next of graph.dependencies(current)) {
      if (!seen.has(next)) {
        seen.add(next);
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  if (!seen.has(to)) return [to];
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
  return path;
}

function describeShift(a: { before: number; after: number; unit: string }): string {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
  return `rose from ${fmt(a.before)}${a.unit} to ${fmt(a.after)}${a.unit}`;
}

function clock(iso: string): string {
  return `${iso.slice(11, 16)}Z`;
}

function nextStepFor(faultType: string, service: string, change: { image?: string } | undefined): string {
  switch (faultType) {
    case 'bad_deploy':
      return `Compare ${service}${change?.image ? ` ${change.image}` : ''} with the previous release and consider rolling back.`;
    case 'config_error':
      return `Review the latest configuration change on ${service} and revert it if it matches the onset.`;
    case 'oom_killed':
      return `Check ${service}'s memory limits and recent memory growth; raise the limit or roll back.`;
    case 'crash_loop':
      return `Read the logs of ${service}'s last terminated container for the crash reason.`;
    case 'cpu_saturation':
      return `Check ${service}'s CPU throttling and traffic; scale out if load-driven.`;
    default:
      return `Inspect ${service}'s recent errors and dependencies.`;
  }
}
