// The deterministic planner: hypothesis-driven and graph-guided, the way a careful on-call engineer
// works. Start at the alerting service; probe its own health, recent changes and pods; follow the
// dependencies of every service in trouble, and the ones its error lines blame. Then rank the
// suspects: trouble of one's own and blame from callers count for, a cause of one's own (a change,
// a crash) counts more, and trouble explained by a dependency that went bad first counts against.
// A pure function of the state: the same observations always give the same decision.
import { GetServiceNeighboursOutputSchema } from '../../mcp/graph/tools/get-service-neighbours.ts';
import type { PlanDecision, PlannerState } from '../loop.ts';
import type { Evidence, Finding, ToolCall } from '../types.ts';
import { CALLER_FAMILIES, familyOf, KIND_FAMILIES, namesService, type Family } from './clues.ts';
import { collectFacts } from './collect-facts.ts';
import { isHealthSignal, type Anomaly, type Change, type ErrorSignature, type Probe, type ServiceFacts } from './service-facts.ts';

const PROBE_TOOLS: Partial<Record<Probe, string>> = {
  metrics: 'datadog/query_service_metrics',
  logs: 'datadog/search_service_logs',
  pods: 'kubernetes/list_service_pods',
  events: 'kubernetes/list_service_events',
  changes: 'datadog/list_change_events',
};
const NEIGHBOURS_TOOL = 'graph/get_service_neighbours';

/** A caller's trouble may precede its dependency's by this much and still be blamed on it (scrape lag). */
const ONSET_TOLERANCE_MS = 2 * 60_000;
/** How long before a service's onset a change is still a suspect. */
const CHANGE_LOOKBACK_MS = 30 * 60_000;
/** An error signature first seen this long after the window opens is "new", not background noise... */
const NEW_SIGNATURE_AFTER_MS = 10 * 60_000;
/** ...and only if it repeats: one stray error line is not an incident. */
const NEW_SIGNATURE_MIN_COUNT = 5;
/** Candidates kept for ranking metrics; Slack shows the first three. */
const MAX_CANDIDATES = 5;
/** Error lines a service must log before its trouble can explain a caller's (a trickle is background). */
const STRONG_ERROR_LINES = 50;
/** Co-located workloads whose metrics are read when a service slows down with nothing of its own to blame. */
const MAX_NEIGHBOURS = 8;

export function planNext(state: PlannerState): PlanDecision {
  const facts = collectFacts(state.observations);
  const graph = graphOf(state);
  const toProbe = state.mustConclude ? [] : servicesToProbe(state, facts, graph);
  // Change history is read only for services already in trouble: it explains trouble, it does not find it.
  const troubledWithoutChanges = state.mustConclude
    ? []
    : [...facts.values()].filter((f) => !f.probed.has('changes') && !neighbourOnly(state, f) && graph.kind(f.service) !== 'external' && read(state, f, graph).inTrouble).map((f) => f.service);
  const calls = [
    ...toProbe.flatMap((service) => callsFor(state, service, facts.get(service), graph, BASIC_PROBES)),
    ...troubledWithoutChanges.flatMap((service) => callsFor(state, service, facts.get(service), graph, ['changes'])),
    ...(state.mustConclude ? [] : graphLookups(state, facts, graph)),
  ];
  if (calls.length > 0) {
    return { kind: 'call', calls, rationale: `probe ${toProbe.join(', ')}` };
  }
  // Only once the dependencies are walked: a service slow with nothing of its own or downstream to
  // blame may be starved by what shares its nodes.
  const neighbours = state.mustConclude ? [] : neighbourCalls(state, facts, graph);
  if (neighbours.length > 0) {
    return { kind: 'call', calls: neighbours, rationale: `read the metrics of workloads sharing nodes: ${neighbours.map((c) => c.arguments.service).join(', ')}` };
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
  language(service: string): string | undefined;
  /** Whether the service's dependencies are not known yet: it lies beyond the neighbourhood, or its listed ones do. */
  needsLookup(service: string): boolean;
}

/**
 * The neighbourhood loaded with the alert, extended by what the graph tool answered for services at
 * its edge: a causal chain may run further than the hops loaded up front.
 */
function graphOf(state: PlannerState): Graph {
  const { services, edges } = state.context.neighbourhood;
  const nodes = new Map<string, { kind: string; language?: string }>(services.map((s) => [s.name, { kind: s.kind, language: s.language }]));
  const deps = new Map<string, Set<string>>();
  const add = (from: string, to: string) => deps.set(from, (deps.get(from) ?? new Set()).add(to));
  for (const e of edges) add(e.from, e.to);
  const looked = new Set<string>();
  for (const o of state.observations) {
    if (`${o.server}/${o.tool}` !== NEIGHBOURS_TOOL || typeof o.arguments.service !== 'string') continue;
    looked.add(o.arguments.service);
    if (o.status !== 'ok' || o.structured === undefined) continue;
    const out = GetServiceNeighboursOutputSchema.safeParse(o.structured);
    if (!out.success) continue;
    for (const d of out.data.downstream.filter((n) => n.hops === 1)) {
      add(out.data.service, d.name);
      if (!nodes.has(d.name)) nodes.set(d.name, { kind: d.kind === 'unknown' ? 'service' : d.kind, language: d.language });
    }
  }
  const listed = new Map(services.map((s) => [s.name, s.dependsOn]));
  return {
    dependencies: (service) => [...(deps.get(service) ?? [])].sort(),
    kind: (service) => nodes.get(service)?.kind ?? 'service',
    language: (service) => nodes.get(service)?.language,
    needsLookup: (service) => !looked.has(service) && (listed.get(service)?.some((d) => !nodes.has(d)) ?? true),
  };
}

// ---------------------------------------------------------------------------------------------
// What a service's own logs say: new error lines, and which of them blame a dependency.

interface Report {
  dependency: string;
  family: Family;
  count: number;
  firstSeen: string;
  signature: ErrorSignature;
}

interface Reading {
  facts: ServiceFacts;
  newSignatures: ErrorSignature[];
  /** New error lines that describe a dependency failing, attributed to it. */
  reports: Report[];
  /** New error lines that are the service's own (not about a dependency). */
  ownErrors: { signature: ErrorSignature; family: Family | undefined }[];
  onset: string | undefined;
  inTrouble: boolean;
  /** Trouble that can explain a caller's: a metric shift, pods failing, or errors by the dozen, not a trickle. */
  strong: boolean;
}

function read(state: PlannerState, facts: ServiceFacts, graph: Graph): Reading {
  const opened = Date.parse(state.context.window.from);
  const newSignatures = facts.errorSignatures.filter(
    (s) => (s.level === 'error' || s.level === 'warn') && s.count >= NEW_SIGNATURE_MIN_COUNT && Date.parse(s.firstSeen) - opened >= NEW_SIGNATURE_AFTER_MS,
  );
  const dependencies = graph.dependencies(facts.service);
  const reports: Report[] = [];
  const ownErrors: Reading['ownErrors'] = [];
  for (const signature of newSignatures) {
    const text = `${signature.signature}\n${signature.sample}`;
    const family = familyOf(text);
    const byKind = family && KIND_FAMILIES[family] ? dependencies.filter((d) => graph.kind(d) === KIND_FAMILIES[family]) : [];
    // A cache miss names where the caller fell back to (the database); the miss is the cache's.
    const named = family === 'cache_miss' ? byKind.find((d) => namesService(text, d, graph.kind(d))) : dependencies.find((d) => namesService(text, d, graph.kind(d)));
    const dependency = named ?? (byKind.length === 1 ? byKind[0] : undefined);
    if (family && dependency && (CALLER_FAMILIES.has(family) || named)) {
      reports.push({ dependency, family, count: signature.count, firstSeen: signature.firstSeen, signature });
    } else {
      ownErrors.push({ signature, family });
    }
  }
  const shifts = facts.anomalies.filter((a) => a.direction === 'up' && isHealthSignal(a.signal)).map((a) => a.at);
  const onset = (shifts.length > 0 ? shifts : newSignatures.map((s) => s.firstSeen)).sort()[0];
  const podTrouble = podTroubleOf(state, facts).length > 0;
  const errorLines = newSignatures.filter((s) => s.level === 'error').reduce((sum, s) => sum + s.count, 0);
  return {
    facts,
    newSignatures,
    reports,
    ownErrors,
    onset,
    inTrouble: shifts.length > 0 || errorLines > 0 || podTrouble,
    strong: shifts.length > 0 || podTrouble || errorLines >= STRONG_ERROR_LINES,
  };
}

function readAll(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): Map<string, Reading> {
  const readings = new Map([...facts.values()].map((f) => [f.service, read(state, f, graph)]));
  attributeResolverFailures(readings, graph);
  return readings;
}

/**
 * Name-resolution failures for several different hosts at once are not those hosts' fault: the
 * resolver the callers share is failing. When exactly one dependency common to every caller that
 * reports them is itself in trouble, the reports are its.
 */
function attributeResolverFailures(readings: Map<string, Reading>, graph: Graph): void {
  const reporting = [...readings.values()].filter((r) => r.reports.some((x) => x.family === 'dns'));
  const hosts = new Set(reporting.flatMap((r) => r.reports.filter((x) => x.family === 'dns').map((x) => x.dependency)));
  if (hosts.size < 2) return;
  const shared = reporting
    .map((r) => graph.dependencies(r.facts.service))
    .reduce((common, deps) => common.filter((d) => deps.includes(d)))
    .filter((d) => !hosts.has(d) && readings.get(d)?.inTrouble === true);
  if (shared.length !== 1) return;
  for (const r of reporting) r.reports = r.reports.map((x) => (x.family === 'dns' ? { ...x, dependency: shared[0]! } : x));
}

/** Failing readiness or liveness probes are what slowness looks like from the kubelet, not a cause. */
const POD_SYMPTOMS: ReadonlySet<string> = new Set(['Unhealthy', 'NotReady']);
function isPodCause(reason: string): boolean {
  return !POD_SYMPTOMS.has(reason);
}

function podTroubleOf(state: PlannerState, facts: ServiceFacts): string[] {
  const opened = Date.parse(state.context.window.from);
  const recent = (at: string | null) => at !== null && Date.parse(at) >= opened;
  const reasons = [
    ...(facts.pods?.waitingReasons ?? []),
    ...(facts.pods?.terminations ?? []).filter((t) => recent(t.at)).map((t) => t.reason),
    ...facts.warnings.filter((w) => Date.parse(w.at) >= opened).map((w) => w.reason),
  ];
  if ((facts.pods?.notReady ?? 0) > 0 && reasons.length === 0) reasons.push('NotReady');
  return [...new Set(reasons)].sort();
}

// ---------------------------------------------------------------------------------------------
// Probing.

function servicesToProbe(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): string[] {
  const alerting = state.alert.service;
  // Guidance may name services a team always wants examined for this kind of alert.
  const first = [...new Set([alerting, ...state.context.guidance.flatMap((g) => g.alsoCheck)])].filter((s) => !facts.has(s));
  if (first.length > 0) return first.sort();
  // Workloads read only as node neighbours are not on the alert's causal path: their own dependencies are not walked.
  const readings = [...readAll(state, facts, graph).values()].filter((r) => !neighbourOnly(state, r.facts));
  const troubled = readings.filter((r) => r.inTrouble);
  // A quiet alerting service still deserves one look at its direct dependencies.
  const roots = troubled.length > 0 ? troubled.map((r) => r.facts.service) : [alerting];
  const next = new Set<string>();
  for (const service of roots) for (const dependency of graph.dependencies(service)) next.add(dependency);
  for (const reading of troubled) for (const report of reading.reports) next.add(report.dependency);
  return [...next].filter((s) => !facts.has(s)).sort();
}

const BASIC_PROBES: Probe[] = ['metrics', 'logs', 'pods', 'events'];

/** A service whose metrics alone were read, as a node neighbour, while other probes were available. */
function neighbourOnly(state: PlannerState, f: ServiceFacts): boolean {
  const others = BASIC_PROBES.filter((p) => p !== 'metrics' && state.context.tools.includes(PROBE_TOOLS[p]!));
  return others.length > 0 && f.probed.size === 1 && f.probed.has('metrics');
}

/** Services in trouble whose catalog dependencies lie beyond the loaded neighbourhood: ask the graph what they are. */
function graphLookups(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): ToolCall[] {
  if (!state.context.tools.includes(NEIGHBOURS_TOOL)) return [];
  return [...readAll(state, facts, graph).values()]
    .filter((r) => r.inTrouble && !neighbourOnly(state, r.facts) && graph.needsLookup(r.facts.service))
    .map((r) => r.facts.service)
    .sort()
    .map((service) => ({ id: `s${state.step}-${service}-graph`, server: 'graph', tool: 'get_service_neighbours', arguments: { service, hops: 1, direction: 'downstream' } }));
}

/**
 * A service whose latency rose with no change, no pod trouble, no CPU or memory of its own and no
 * dependency in trouble before it: what else runs on its nodes? Returns such services.
 */
function starved(state: PlannerState, readings: Map<string, Reading>, graph: Graph): Reading[] {
  return [...readings.values()].filter((r) => {
    const f = r.facts;
    const up = (signal: string) => f.anomalies.some((a) => a.signal === signal && a.direction === 'up');
    if (!r.inTrouble || !up('latency') || up('cpu') || up('memory') || (f.pods?.coLocated.length ?? 0) === 0) return false;
    if (podTroubleOf(state, f).some(isPodCause) || ownChange(f, r.onset) !== undefined) return false;
    const onset = Date.parse(r.onset ?? state.context.window.to);
    // Its own error lines already say which dependency fails it.
    if (r.reports.some((x) => Date.parse(x.firstSeen) <= onset + ONSET_TOLERANCE_MS)) return false;
    return !graph.dependencies(f.service).some((d) => {
      const dep = readings.get(d);
      return dep?.strong === true && Date.parse(dep.onset ?? state.context.window.to) <= onset + ONSET_TOLERANCE_MS;
    });
  });
}

function neighbourCalls(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): ToolCall[] {
  const wanted = new Set<string>();
  for (const victim of starved(state, readAll(state, facts, graph), graph)) {
    for (const n of (victim.facts.pods?.coLocated ?? []).slice(0, MAX_NEIGHBOURS)) wanted.add(n.service);
  }
  return [...wanted].sort().flatMap((service) => callsFor(state, service, facts.get(service), graph, ['metrics']));
}

/** The latest deploy, config push or flag flip shortly before the onset. */
function ownChange(f: ServiceFacts | undefined, onsetIso: string | undefined): Change | undefined {
  if (!f || !onsetIso) return undefined;
  const onset = Date.parse(onsetIso);
  return [...f.changes]
    .filter((c) => c.kind === 'deploy' || c.kind === 'config' || c.kind === 'feature_flag')
    .filter((c) => Date.parse(c.at) <= onset + ONSET_TOLERANCE_MS && onset - Date.parse(c.at) <= CHANGE_LOOKBACK_MS)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
}

function callsFor(state: PlannerState, service: string, known: ServiceFacts | undefined, graph: Graph, wanted: Probe[]): ToolCall[] {
  // External providers run nothing of ours: no pods or Kubernetes events to read.
  const probes = graph.kind(service) === 'external' ? wanted.filter((p) => p === 'metrics' || p === 'logs') : wanted;
  return probes.flatMap((probe) => {
    const name = PROBE_TOOLS[probe];
    if (!name || known?.probed.has(probe) || !state.context.tools.includes(name)) return [];
    const [server, tool] = name.split('/') as [string, string];
    const args: Record<string, unknown> = { service };
    if (probe !== 'pods') args.window = state.context.window;
    // Neighbours get probed in their own right when they are in trouble.
    if (probe === 'changes') args.includeNeighbours = false;
    return [{ id: `s${state.step}-${service}-${probe}`, server, tool, arguments: args }];
  });
}

// ---------------------------------------------------------------------------------------------
// Ranking.

interface Suspect {
  service: string;
  reading?: Reading;
  /** Callers' reports that name this service. */
  blame: (Report & { caller: string })[];
  /** Services slowed on nodes this one shares with them while its CPU rose (a noisy neighbour). */
  crowds: Crowding[];
}

interface Crowding {
  victim: Reading;
  nodes: string[];
  /** This service's CPU shift. */
  cpu: Anomaly;
}

function rank(state: PlannerState, facts: Map<string, ServiceFacts>, graph: Graph): Finding[] {
  const readings = readAll(state, facts, graph);
  const suspects = new Map<string, Suspect>();
  const suspect = (service: string) => {
    const existing = suspects.get(service);
    if (existing) return existing;
    const created: Suspect = { service, reading: readings.get(service), blame: [], crowds: [] };
    suspects.set(service, created);
    return created;
  };
  for (const reading of readings.values()) {
    // A workload read only as a node neighbour is a suspect only as one (below): the rest of its trouble was not explored.
    if (reading.inTrouble && !neighbourOnly(state, reading.facts)) suspect(reading.facts.service);
    for (const report of reading.reports) suspect(report.dependency).blame.push({ ...report, caller: reading.facts.service });
  }
  // A starved service's node neighbours whose CPU rose no later than its slowdown began.
  for (const victim of starved(state, readings, graph)) {
    const onset = Date.parse(victim.onset ?? state.context.window.to);
    const coLocated = victim.facts.pods?.coLocated ?? [];
    for (const n of coLocated) {
      const cpu = facts.get(n.service)?.anomalies.find((a) => a.signal === 'cpu' && a.direction === 'up' && Date.parse(a.at) <= onset + ONSET_TOLERANCE_MS);
      if (!cpu) continue;
      suspect(n.service).crowds.push({ victim, nodes: n.nodes, cpu });
      // The other workloads on those same nodes that slowed down too, with no CPU of their own rising.
      for (const other of coLocated) {
        const r = readings.get(other.service);
        const shared = other.nodes.filter((node) => n.nodes.includes(node));
        const up = (signal: string) => r?.facts.anomalies.some((a) => a.signal === signal && a.direction === 'up');
        if (other.service === n.service || !r?.inTrouble || !(up('latency') || up('errors')) || up('cpu') || shared.length === 0) continue;
        if (podTroubleOf(state, r.facts).some(isPodCause) || ownChange(r.facts, r.onset) !== undefined) continue;
        if (suspects.get(n.service)!.crowds.some((c) => c.victim.facts.service === other.service)) continue;
        suspect(n.service).crowds.push({ victim: r, nodes: shared, cpu });
      }
    }
  }
  const onsetOf = (s: Suspect) => s.reading?.onset ?? s.crowds.map((c) => c.cpu.at).sort()[0] ?? s.blame.map((b) => b.firstSeen).sort()[0] ?? state.context.window.to;
  const hypotheses = [...suspects.values()].map((s) => hypothesise(state, s, suspects, onsetOf, graph));
  hypotheses.sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));
  const total = hypotheses.reduce((sum, h) => sum + Math.max(h.score, 0), 0);
  return hypotheses.slice(0, MAX_CANDIDATES).map((h, i) => ({
    rank: i + 1,
    service: h.service,
    faultType: h.faultType,
    confidence: calibrate(h.score, total),
    summary: h.summary,
    evidence: h.evidence,
    nextStep: nextStepFor(h.faultType, h.service, h.change),
  }));
}

interface Hypothesis {
  service: string;
  faultType: string;
  score: number;
  summary: string;
  evidence: Evidence[];
  change?: Change;
}

/** Families that point at one specific cause; generic ones (timeouts, 5xx) only say "something is wrong there". */
const SPECIFIC: ReadonlySet<Family> = new Set(['tls', 'dns', 'rate_limited', 'unauthorized', 'db_saturated', 'db_timeout', 'cache_timeout', 'cache_miss', 'queue_full', 'bad_payload', 'refused', 'reset']);

function hypothesise(state: PlannerState, s: Suspect, suspects: Map<string, Suspect>, onsetOf: (s: Suspect) => string, graph: Graph): Hypothesis {
  const f = s.reading?.facts;
  const onset = Date.parse(onsetOf(s));
  const anomaly = (signal: string) => f?.anomalies.find((a) => a.signal === signal && a.direction === 'up');
  const change = [...(f?.changes ?? [])]
    .filter((c) => c.kind === 'deploy' || c.kind === 'config' || c.kind === 'feature_flag')
    .filter((c) => Date.parse(c.at) <= onset + ONSET_TOLERANCE_MS && onset - Date.parse(c.at) <= CHANGE_LOOKBACK_MS)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  const pods = f ? podTroubleOf(state, f) : [];
  const blameFamilies = tally(s.blame.map((b) => b.family));
  const topBlame = blameFamilies[0];
  const ownFamilies = tally((s.reading?.ownErrors ?? []).map((e) => e.family ?? 'exception'));

  // A victim: its own trouble is what a dependency that went bad no later than it is reporting.
  const victimOf = (s.reading?.reports ?? [])
    .map((r) => suspects.get(r.dependency))
    .filter((d): d is Suspect => d !== undefined && Date.parse(onsetOf(d)) <= onset + ONSET_TOLERANCE_MS);
  const troubledDependency = graph
    .dependencies(s.service)
    .map((d) => suspects.get(d))
    .filter((d): d is Suspect => d !== undefined && d.reading?.strong === true && Date.parse(onsetOf(d)) <= onset + ONSET_TOLERANCE_MS);
  // A database behind a cache that callers report missing: its load is the misses falling through.
  const missedCache =
    graph.kind(s.service) === 'database'
      ? [...suspects.values()].filter(
          (c) => c.blame.some((b) => b.family === 'cache_miss' && graph.dependencies(b.caller).includes(s.service)) && Date.parse(onsetOf(c)) <= onset + ONSET_TOLERANCE_MS,
        )
      : [];
  // A service starved on its nodes by a neighbour running hot.
  const crowdedBy = [...suspects.values()].filter((n) => n.crowds.some((c) => c.victim.facts.service === s.service));
  const explainedBy = [...new Set([...victimOf, ...troubledDependency, ...missedCache, ...crowdedBy].map((d) => d.service))];

  const [faultType, cause] =
    s.crowds.length > 0 && pods.length === 0
      ? (['noisy_neighbor', 1.2] as [string, number])
      : classify({ pods, change, topBlame, ownFamilies, anomaly, kind: graph.kind(s.service), hasOwnTelemetry: (f?.anomalies.length ?? 0) > 0 || (f?.errorSignatures.length ?? 0) > 0 });

  // Own trouble: metric shifts count fully; error lines alone count by how many there are, so a
  // handful of stray errors in an hour is not an incident.
  const strength = Math.min(1, Math.max(0, ...(f?.anomalies ?? []).filter((a) => isHealthSignal(a.signal)).map((a) => a.score / 10)));
  const ownErrorCount = (s.reading?.ownErrors ?? []).reduce((sum, e) => sum + e.signature.count, 0);
  const logsOnly = strength === 0 ? Math.min(1, ownErrorCount / 100) : 0;
  // A noisy neighbour's own trouble is its CPU; the services it slows speak for it as callers do.
  const crowding = Math.min(1, Math.max(0, ...s.crowds.map((c) => c.cpu.score / 10)));
  const own = strength > 0 ? 1 + Math.max(strength, crowding) : crowding > 0 ? 1 + crowding : logsOnly + (pods.length > 0 ? 1 : 0);
  const crowdedVictims = new Set(s.crowds.map((c) => c.victim.facts.service)).size;
  const blameWeight = Math.min(2.5, s.blame.reduce((sum, b) => sum + (SPECIFIC.has(b.family) ? 1 : 0.5), 0) + crowdedVictims);
  const ownCause = change !== undefined || pods.some(isPodCause);
  const victimPenalty = explainedBy.length > 0 && !ownCause ? 2 : 0;
  const score = own + blameWeight + (own > 0.5 || blameWeight > 0 ? cause : cause * own) - victimPenalty;

  const headline = f?.anomalies.find((a) => a.signal === 'errors' && a.direction === 'up') ?? f?.anomalies.find((a) => a.direction === 'up');
  const parts = [
    change ? `${change.summary} at ${clock(change.at)}` : undefined,
    pods.length > 0 ? `pods: ${pods.join(', ')}` : undefined,
    headline ? `${headline.signal} ${describeShift(headline)} from ${clock(headline.at)}` : undefined,
    topBlame ? `${s.blame.length} caller report${s.blame.length === 1 ? '' : 's'} of ${topBlame.replaceAll('_', ' ')} (${[...new Set(s.blame.map((b) => b.caller))].join(', ')})` : undefined,
    s.crowds[0]
      ? `CPU ${describeShift(s.crowds[0].cpu)} from ${clock(s.crowds[0].cpu.at)} on nodes shared with ${s.crowds.map((c) => c.victim.facts.service).join(', ')}, which slowed down with nothing of their own changed`
      : undefined,
    s.reading?.ownErrors[0] ? `new errors: ${s.reading.ownErrors[0].signature.signature}` : undefined,
    explainedBy.length > 0 && victimPenalty > 0 ? `likely a victim of ${explainedBy.join(', ')}` : undefined,
  ].filter(Boolean);
  return {
    service: s.service,
    faultType,
    score,
    summary: parts.join('; ') || 'signals deviate from baseline',
    evidence: evidenceFor(state, s, change, pods, graph),
    change,
  };
}

interface Clues {
  pods: string[];
  change: Change | undefined;
  topBlame: Family | undefined;
  ownFamilies: Family[];
  anomaly(signal: string): unknown;
  kind: string;
  hasOwnTelemetry: boolean;
}

/**
 * The fault type from the clues, most telling first: what Kubernetes says about the pods, a change
 * right before the onset, what callers' clients report, then the service's own resources and errors.
 * The second value is how strongly the clue speaks for a cause of the service's own.
 */
function classify(c: Clues): [string, number] {
  const has = (...reasons: string[]) => reasons.some((r) => c.pods.includes(r));
  if (has('OOMKilled', 'OOMKilling')) return ['oom_killed', 1.5];
  if (has('ImagePullBackOff', 'ErrImagePull', 'Failed')) return ['image_pull_failure', 1.5];
  if (has('FailedScheduling', 'Unschedulable', 'Pending')) return ['unschedulable', 1.5];
  if (has('CrashLoopBackOff', 'BackOff', 'Error')) return ['crash_loop', 1.2];
  if (c.change?.kind === 'feature_flag') return ['feature_flag', 1.5];
  if (c.change?.kind === 'config') return ['config_error', 1.4];
  if (c.change?.kind === 'deploy') return ['bad_deploy', 1.5];
  const byBlame: Partial<Record<Family, string>> = {
    tls: 'cert_expired',
    dns: 'dns_failure',
    rate_limited: 'rate_limited',
    unauthorized: 'auth_failure',
    db_saturated: 'db_connection_exhaustion',
    db_timeout: 'slow_query',
    cache_timeout: 'cache_stampede',
    cache_miss: 'cache_stampede',
    queue_full: 'queue_backlog',
    bad_payload: 'code_wrong_return',
    reset: 'network_loss',
  };
  if (c.kind === 'external') {
    // A provider outside: its own failure modes show only through the callers' clients.
    const specific = c.topBlame && ['tls', 'dns', 'rate_limited', 'unauthorized'].includes(c.topBlame) ? byBlame[c.topBlame] : undefined;
    return [specific ?? 'dependency_outage', 1.0];
  }
  if (c.topBlame && byBlame[c.topBlame]) return [byBlame[c.topBlame]!, 1.0];
  // A broker's own alarm that blocks publishers.
  if (c.kind === 'queue' && c.ownFamilies.includes('queue_full')) return ['queue_backlog', 1.0];
  if (c.ownFamilies.includes('disk_full')) return ['disk_full', 1.2];
  if (c.ownFamilies.includes('resource_exhausted')) return ['thread_pool_exhaustion', 1.0];
  if (c.anomaly('memory')) return ['memory_leak', 1.0];
  if (c.anomaly('cpu')) return ['cpu_saturation', 1.0];
  if (!c.hasOwnTelemetry && c.topBlame) return ['dependency_outage', 0.8];
  if (c.topBlame === 'timeout' && !c.anomaly('latency')) return ['network_latency', 0.6];
  if (c.ownFamilies.length > 0) return ['code_exception', 0.8];
  if (c.topBlame === 'refused') return ['crash_loop', 0.5];
  if (c.anomaly('latency')) return ['network_latency', 0.3];
  return ['unknown', 0];
}

function tally<T extends string>(items: T[]): T[] {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([item]) => item);
}

/**
 * Confidence from the case's own strength, discounted when rival hypotheses carry much of the
 * evidence. A lone weak suspect stays weak: being the only candidate is not evidence.
 */
function calibrate(score: number, total: number): number {
  if (score <= 0 || total <= 0) return 0.05;
  const strength = Math.min(1, score / 2.5);
  const share = score / total;
  return Math.round(Math.max(0.05, Math.min(0.95, strength * (0.6 + 0.4 * share))) * 100) / 100;
}

function evidenceFor(state: PlannerState, s: Suspect, change: Change | undefined, pods: string[], graph: Graph): Evidence[] {
  const evidence: Evidence[] = [];
  const f = s.reading?.facts;
  for (const a of (f?.anomalies ?? []).filter((x) => x.direction === 'up').slice(0, 3)) {
    evidence.push({ kind: 'metric', service: s.service, summary: `${a.signal} ${describeShift(a)} from ${clock(a.at)}`, query: a.query, at: a.at, points: a.points, changeAt: a.at, unit: a.unit.trim() });
  }
  for (const { signature } of (s.reading?.ownErrors ?? []).slice(0, 2)) {
    evidence.push({ kind: 'logs', service: s.service, summary: `${signature.count} × "${signature.signature}" since ${clock(signature.firstSeen)}`, query: f?.logsQuery, lines: [signature.sample], at: signature.firstSeen });
  }
  for (const b of s.blame.slice(0, 2)) {
    evidence.push({
      kind: 'logs',
      service: b.caller,
      summary: `${b.caller} reports ${b.family.replaceAll('_', ' ')} calling ${s.service}: ${b.count} × since ${clock(b.firstSeen)}`,
      lines: [b.signature.sample],
      at: b.firstSeen,
    });
  }
  for (const c of s.crowds.slice(0, 2)) {
    const v = c.victim.facts;
    evidence.push({ kind: 'pods', service: v.service, summary: `${v.service}'s pods run on ${c.nodes.join(', ')}, shared with ${s.service}'s pods` });
    const slow = v.anomalies.find((a) => a.signal === 'latency' && a.direction === 'up');
    if (slow) evidence.push({ kind: 'metric', service: v.service, summary: `${v.service} latency ${describeShift(slow)} from ${clock(slow.at)}`, query: slow.query, at: slow.at, points: slow.points, changeAt: slow.at, unit: slow.unit.trim() });
  }
  if (change) evidence.push({ kind: 'event', service: s.service, summary: `${change.summary} at ${clock(change.at)}`, at: change.at });
  if (pods.length > 0 && f?.pods) {
    evidence.push({ kind: 'pods', service: s.service, summary: `${f.pods.notReady}/${f.pods.pods} pods not ready, ${f.pods.restarts} restarts (${pods.join(', ')})` });
  }
  const path = pathBetween(state.alert.service, s.service, graph);
  if (path.length > 1) evidence.push({ kind: 'graph', service: s.service, summary: `dependency path: ${path.join(' → ')}` });
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

const NEXT_STEPS: Record<string, (service: string, change?: Change) => string> = {
  bad_deploy: (s, c) => `Compare ${s}${c?.image ? ` ${c.image}` : ''} with the previous release and consider rolling back.`,
  config_error: (s) => `Review the latest configuration change on ${s} and revert it if it matches the onset.`,
  feature_flag: (s) => `Turn the flag flipped on ${s} back off and watch the error rate.`,
  oom_killed: (s) => `Check ${s}'s memory limit and recent growth; raise the limit or roll back.`,
  memory_leak: (s) => `Look at ${s}'s memory growth since its last restart; a heap profile will show what is held.`,
  crash_loop: (s) => `Read the previous container logs of ${s}'s crashing pods for the reason.`,
  image_pull_failure: (s) => `Check that ${s}'s image tag exists and that the registry credentials are valid.`,
  unschedulable: (s) => `Check node capacity and ${s}'s resource requests; the scheduler cannot place its pods.`,
  cpu_saturation: (s) => `Check ${s}'s CPU throttling and traffic; scale out if load-driven.`,
  cert_expired: (s) => `Renew the certificate ${s} presents; callers fail the TLS handshake.`,
  dns_failure: (s) => `Check DNS resolution of ${s}'s host from the callers' pods.`,
  rate_limited: (s) => `Check the request rate towards ${s} and its quota; back off retries.`,
  auth_failure: (s) => `Check the credentials callers use for ${s} (rotated or expired secret).`,
  db_connection_exhaustion: (s) => `Check ${s}'s connection count against max_connections and the callers' pool sizes.`,
  slow_query: (s) => `Find the slow statements on ${s} (pg_stat_statements) and their plans.`,
  cache_stampede: (s) => `Check ${s}'s hit rate and the load its misses push onto the database.`,
  queue_backlog: (s) => `Check ${s}'s consumers: lag, errors and throughput.`,
  thread_pool_exhaustion: (s) => `Take a thread dump of ${s}; find what holds the worker threads.`,
  disk_full: (s) => `Free or grow ${s}'s volume; writes fail with no space left.`,
  dependency_outage: (s) => `Check ${s}'s status page and fail over or degrade gracefully.`,
  network_latency: (s) => `Check the network path to ${s} (mesh, node, zone).`,
  network_loss: (s) => `Check packet loss and connection resets on the path to ${s}.`,
  code_wrong_return: (s) => `Compare ${s}'s responses with what callers expect; a contract changed.`,
  noisy_neighbor: (s) => `Check ${s}'s CPU requests and limits on the shared nodes; throttle it, move it, or cordon a node for it.`,
};

function nextStepFor(faultType: string, service: string, change: Change | undefined): string {
  return NEXT_STEPS[faultType]?.(service, change) ?? `Inspect ${service}'s recent errors and dependencies.`;
}
