// One scenario, one run: a fresh simulated world, the product's own activities wired to it, and the
// one investigation loop driven in-process. The report is captured, not posted: evals measure the
// investigation, the Slack rendering has its own tests.
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { runInvestigation, DEFAULT_BUDGET, type Budget, type InvestigationInput, type PlanDecision } from '../../services/agent/loop.ts';
import type { Report } from '../../services/agent/types.ts';
import { parseCatalog } from '../../services/graph/import-catalog.ts';
import { createInMemoryGraph } from '../../services/graph/in-memory-graph.ts';
import { configFromEnv, createToolGateway, type ToolGateway } from '../../services/mcp/gateway.ts';
import { openSqliteStore } from '../../services/store/index.ts';
import { createActivities, type Activities, type Planner } from '../../services/worker/activities/index.ts';
import { startSimulator } from '../../simulator/index.ts';
import { productEnvFor } from '../../simulator/product-env.ts';
import { deriveAlertClass } from '../../services/agent/alert-class.ts';
import { createInProcessHost } from './in-process-host.ts';
import { traceHost, type Span } from './trace.ts';

const EVAL_BOT_TOKEN = 'xoxb-eval-0000';

export interface Candidate {
  service: string;
  faultType: string;
  confidence: number;
  /** Kinds of evidence the finding cites (metric, logs, event, pods, graph), for evidence recall. */
  evidenceKinds: string[];
}

export interface ScenarioRun {
  scenarioId: string;
  run: number;
  variant: number;
  seed: number;
  groundTruth?: { rootCauseService: string; faultType: string };
  /** Derived from the alert the way the product derives it; evals bucket results by it. */
  alertClass: string;
  /** Services from the alerting one to the root cause along dependencies (evals know the truth; the agent does not). */
  causalPath?: string[];
  outcome: Report['outcome'] | 'error';
  /** The planner's ranked candidates, best first, kept even when the report abstained. */
  ranked: Candidate[];
  steps: number;
  toolCalls: number;
  tokens: number;
  durationMs: number;
  trace: Span[];
  error?: string;
}

export interface RunScenarioOptions {
  scenarioId: string;
  run: number;
  seed: number;
  variant: number;
  budget?: Budget;
  /** Builds the planner under test from the run's tool gateway; the deterministic planner when absent. */
  planner?: (tools: ToolGateway) => Planner;
}

export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRun> {
  const prepared = await prepareScenario(options);
  try {
    const traced = traceHost(createInProcessHost(prepared.activities, prepared.input.investigationId));
    let report: Report | undefined;
    traced.host.post = async (r) => void (report = r);
    await runInvestigation(prepared.input, traced.host, options.budget ?? DEFAULT_BUDGET);
    return prepared.completed(report!, traced.lastDecision(), traced.spans);
  } catch (error) {
    return prepared.failed(error);
  } finally {
    await prepared.close();
  }
}

/** One run's world and the product's activities wired to it, shared by the in-process and the Temporal host. */
export interface PreparedScenario {
  activities: Activities;
  input: InvestigationInput;
  /** The record of a run that produced a report; `decision` is the planner's last one. */
  completed(report: Report, decision: PlanDecision | undefined, trace: Span[]): ScenarioRun;
  failed(error: unknown): ScenarioRun;
  close(): Promise<void>;
}

export async function prepareScenario(options: RunScenarioOptions): Promise<PreparedScenario> {
  const sim = await startSimulator({
    scenario: options.scenarioId,
    seed: options.seed,
    ...(options.variant ? { variant: options.variant } : {}),
    pagerdutyWebhookSecret: 'eval',
    slack: { botToken: EVAL_BOT_TOKEN, signingSecret: 'eval' },
  });
  const base = { scenarioId: options.scenarioId, run: options.run, variant: options.variant, seed: options.seed, alertClass: deriveAlertClass(sim.scenario.alert) };
  const started = performance.now();
  const closers: (() => Promise<void>)[] = [() => sim.close()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const graph = createInMemoryGraph(parseCatalog(sim.topologyYaml, `${options.scenarioId}/topology.yaml`));
    const tools = await createToolGateway(configFromEnv(productEnvFor(sim, { botToken: EVAL_BOT_TOKEN }), { graph }));
    closers.push(() => tools.close());
    const store = openSqliteStore(':memory:');
    closers.push(() => store.close());
    const activities = createActivities({
      tools,
      planner: options.planner?.(tools),
      graph,
      store,
      slack: new WebClient(EVAL_BOT_TOKEN, { slackApiUrl: `${sim.urls.slack}/api/` }),
      defaultChannel: '#incidents',
      logger: pino({ level: 'silent' }),
    });
    const alert = sim.scenario.alert;
    const input: InvestigationInput = {
      investigationId: `eval-${options.scenarioId}-${options.run}-${options.variant}`,
      alert: { incidentId: options.scenarioId, title: alert.title, service: alert.service, severity: 'critical', triggeredAt: alert.triggeredAt, source: 'pagerduty' },
    };
    return {
      activities,
      input,
      completed(report, decision, trace) {
        const ranked = decision?.kind === 'conclude' ? decision.findings.map((f) => ({ service: f.service, faultType: f.faultType, confidence: f.confidence, evidenceKinds: [...new Set(f.evidence.map((e) => e.kind))].sort() })) : [];
        return {
          ...base,
          groundTruth: sim.groundTruth,
          causalPath: sim.groundTruth ? causalPath(sim.topologyYaml, alert.service, sim.groundTruth.rootCauseService) : undefined,
          outcome: report.outcome,
          ranked,
          steps: report.steps,
          toolCalls: report.toolCalls,
          tokens: report.tokens,
          durationMs: performance.now() - started,
          trace,
        };
      },
      failed(error) {
        return { ...base, groundTruth: sim.groundTruth, outcome: 'error', ranked: [], steps: 0, toolCalls: 0, tokens: 0, durationMs: performance.now() - started, trace: [], error: error instanceof Error ? error.message : String(error) };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function causalPath(topologyYaml: string, from: string, to: string): string[] {
  const services = parseCatalog(topologyYaml);
  const deps = new Map(services.map((s) => [s.name, s.dependsOn]));
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of deps.get(current) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!seen.has(to)) return [from, to];
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
  return path;
}
