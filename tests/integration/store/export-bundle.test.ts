// The learning loop end to end: a simulated incident is investigated with the real tools, what the
// agent saw is stored with a 👎 and a corrected root cause, `ariadne investigation export` writes a
// bundle, the simulator's loader accepts it, and an investigation replayed on the bundle reaches
// the same top finding.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { Command, CommanderError } from 'commander';
import { pino } from 'pino';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAddCommand } from '../../../evals/cli/add-command.ts';
import { createInProcessHost } from '../../../evals/runner/in-process-host.ts';
import { libraryBundles } from '../../../simulator/world/library-bundles.ts';
import { DEFAULT_BUDGET, runInvestigation } from '../../../services/agent/loop.ts';
import type { Report, ToolResult } from '../../../services/agent/types.ts';
import { parseCatalog } from '../../../services/graph/import-catalog.ts';
import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { createToolGateway } from '../../../services/mcp/gateway.ts';
import { LOG_LINES_PER_SIGNATURE } from '../../../services/store/investigation-bundle.ts';
import { CatalogSchema, openSqliteStore, registerInvestigationCommands, type InvestigationStore } from '../../../services/store/index.ts';
import { createActivities } from '../../../services/worker/activities/index.ts';
import { loadBundle } from '../../../simulator/bundles/load-bundle.ts';
import { DEFAULT_CREDENTIALS, startSimulator } from '../../../simulator/index.ts';

interface Investigated {
  report: Report;
  observations: ToolResult[];
  topologyYaml: string;
  groundTruth: { rootCauseService: string; faultType: string } | undefined;
}

/** Runs the deterministic planner on a simulator (a library scenario or a bundle), capturing every tool result. */
async function investigate(source: { scenario: string } | { bundle: string }, investigationId: string): Promise<Investigated> {
  const sim = await startSimulator({ ...source, seed: 1, pagerdutyWebhookSecret: 'test', slack: { botToken: 'xoxb-test-0000', signingSecret: 'test' } });
  const tools = await createToolGateway({
    datadog: { baseUrl: sim.urls.datadog, apiKey: DEFAULT_CREDENTIALS.datadogApiKey, appKey: DEFAULT_CREDENTIALS.datadogAppKey },
    kubernetes: { server: sim.urls.kubernetes, token: DEFAULT_CREDENTIALS.kubernetesToken },
  });
  const scratch = openSqliteStore(':memory:');
  try {
    const activities = createActivities({
      tools,
      graph: createInMemoryGraph(parseCatalog(sim.topologyYaml, 'topology.yaml')),
      store: scratch,
      slack: new WebClient('xoxb-test-0000', { slackApiUrl: `${sim.urls.slack}/api/` }),
      defaultChannel: '#incidents',
      logger: pino({ level: 'silent' }),
    });
    const host = createInProcessHost(activities, investigationId);
    const observations: ToolResult[] = [];
    const callTools = host.callTools;
    host.callTools = async (calls) => {
      const results = await callTools(calls);
      observations.push(...results);
      return results;
    };
    let report: Report | undefined;
    host.post = async (r) => void (report = r);
    const alert = sim.scenario.alert;
    await runInvestigation(
      { investigationId, alert: { incidentId: investigationId.replace(/^investigate-/, ''), title: alert.title, service: alert.service, severity: 'critical', triggeredAt: alert.triggeredAt, source: 'pagerduty' } },
      host,
      DEFAULT_BUDGET,
    );
    if (!report) throw new Error('the investigation posted no report');
    return { report, observations, topologyYaml: sim.topologyYaml, groundTruth: sim.groundTruth };
  } finally {
    await tools.close();
    await scratch.close();
    await sim.close();
  }
}

/** Runs `ariadne investigation ...` against the store; resolves with the exit code and what was printed. */
async function cli(store: InvestigationStore, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('ariadne').exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (err += s) });
  // The command closes what it opens; the test keeps using the store, so hand it a non-closing view.
  const view = () => ({ ...store, close: async () => undefined });
  registerInvestigationCommands(program, view, { out: (s) => void (out += s) });
  registerAddCommand(program.command('eval').exitOverride(), view);
  try {
    await program.parseAsync(['node', 'ariadne', ...args]);
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, out, err };
    throw error;
  }
}

const SCENARIO = 'bad-deploy-marketplace';
const INVESTIGATION = 'investigate-Q7MISSED01';
let dir: string;
let store: InvestigationStore;
let original: Investigated;
/** The scenario's topology.yaml, standing in for the service catalog production would pass. */
let catalog: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ariadne-export-'));
  store = openSqliteStore(join(dir, 'ariadne.db'));
  original = await investigate({ scenario: SCENARIO }, INVESTIGATION);
  catalog = join(dir, 'catalog.yaml');
  writeFileSync(catalog, original.topologyYaml);
  await store.saveReport(original.report, 1, { alertClass: 'error-rate' });
  await store.saveObservations(INVESTIGATION, original.observations);
  await store.recordInteraction({ investigationId: INVESTIGATION, kind: 'vote_down', findingRank: 1, userId: 'U0ONCALL', at: '2026-11-20T14:00:00Z' });
  await store.saveFeedback({ investigationId: INVESTIGATION, userId: 'U0ONCALL', at: '2026-11-20T14:01:00Z', text: 'it was the cache', correctedService: 'recommendations', correctedFaultType: 'cache_stampede' });
}, 60_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ariadne investigation export', () => {
  it('writes a bundle the simulator loads, with the correction as ground truth and what the agent saw', async () => {
    const target = join(dir, 'bundle');
    const run = await cli(store, ['investigation', 'export', INVESTIGATION, target, '--catalog', catalog]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('ground truth: recommendations cache_stampede (from feedback)');

    const bundle = await loadBundle(target);
    expect(bundle.present).toEqual(expect.arrayContaining(['scenario.yaml', 'topology.yaml', 'metrics.csv', 'logs.jsonl', 'events.jsonl']));
    expect(bundle.scenario).toMatchObject({
      id: 'prod-q7missed01',
      groundTruth: { rootCauseService: 'recommendations', faultType: 'cache_stampede' },
      tags: ['from:production', 'feedback:negative', 'alert-class:error-rate'],
      alert: { service: original.report.alert.service, title: original.report.alert.title },
    });
    const start = Date.parse(bundle.scenario.window.start);
    const end = Date.parse(bundle.scenario.window.end);
    expect(start).toBeLessThan(Date.parse(original.report.alert.triggeredAt));
    expect(end).toBeGreaterThanOrEqual(Date.parse(original.report.alert.triggeredAt));

    // Every service the agent queried is in the topology, with the catalog's kind.
    const queried = new Set(original.observations.map((o) => o.arguments.service).filter((s): s is string => typeof s === 'string'));
    const names = bundle.topology.services.map((s) => s.name);
    for (const service of queried) expect(names).toContain(service);
    const catalogKinds = new Map(CatalogSchema.parse(parseYaml(original.topologyYaml)).services.map((s) => [s.name, s.kind]));
    for (const s of bundle.topology.services) expect(s.kind).toBe(catalogKinds.get(s.name));

    // Metrics: canonical names only, one value per timestamp, service and metric.
    const metricNames = new Set(bundle.metrics.map((m) => m.metric));
    expect([...metricNames].every((m) => ['error.rate_pct', 'latency.p99_ms', 'requests.per_s', 'cpu.utilization_pct', 'memory.utilization_pct', 'restarts.count'].includes(m))).toBe(true);
    expect(metricNames.has('error.rate_pct')).toBe(true);
    const keys = bundle.metrics.map((m) => `${m.timestamp}|${m.service}|${m.metric}`);
    expect(new Set(keys).size).toBe(keys.length);

    // Logs: each signature's sample, repeated at most LOG_LINES_PER_SIGNATURE times.
    const perMessage = new Map<string, number>();
    for (const l of bundle.logs) perMessage.set(`${l.service}|${l.message}`, (perMessage.get(`${l.service}|${l.message}`) ?? 0) + 1);
    expect(Math.max(...perMessage.values())).toBeLessThanOrEqual(LOG_LINES_PER_SIGNATURE);
    expect(Math.max(...perMessage.values())).toBeGreaterThan(1);

    // The deploy the agent blamed is an event of the bundle.
    expect(bundle.events.some((e) => e.kind === 'deploy' && e.service === original.report.findings[0]!.service)).toBe(true);
  });

  it('replays: an investigation of the exported bundle reaches the same top finding', async () => {
    const target = join(dir, 'replay');
    expect((await cli(store, ['investigation', 'export', INVESTIGATION, target, '--catalog', catalog])).code).toBe(0);
    const replayed = await investigate({ bundle: target }, 'investigate-REPLAY');
    const top = (r: Report) => r.findings[0] && { service: r.findings[0].service, faultType: r.findings[0].faultType };
    expect(original.report.outcome).toBe('found');
    expect(top(replayed.report)).toEqual(top(original.report));
  }, 30_000);

  it('exits 2 naming an unknown investigation, and writes nothing', async () => {
    const target = join(dir, 'nothing');
    const run = await cli(store, ['investigation', 'export', 'investigate-NOPE', target]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/unknown investigation "investigate-NOPE"/);
    expect(() => readFileSync(join(target, 'scenario.yaml'))).toThrow();
  });

  it('exits 2 naming the file and field of a bad catalog', async () => {
    const bad = join(dir, 'bad-catalog.yaml');
    writeFileSync(bad, 'services:\n  - kind: service\n');
    const run = await cli(store, ['investigation', 'export', INVESTIGATION, join(dir, 'unused'), '--catalog', bad]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`--catalog: ${bad}: services.0.name`);
  });
});

describe('ariadne eval add --investigation', () => {
  it('puts a corrected investigation into the library in one command, under its ground truth', async () => {
    const library = join(dir, 'library');
    const run = await cli(store, ['eval', 'add', '--investigation', INVESTIGATION, '--catalog', catalog, '--library', library]);
    expect(run.err).toBe('');
    const added = libraryBundles({ ARIADNE_BUNDLE_PATH: library }).get('prod-q7missed01');
    expect(added?.groundTruth).toEqual({ rootCauseService: 'recommendations', faultType: 'cache_stampede' });
    expect((await loadBundle(added!.dir)).topology.services.find((s) => s.name === original.report.alert.service)?.dependsOn.length).toBeGreaterThan(0);
  });
});

describe('ariadne investigation list', () => {
  it('lists stored investigations, and the negative ones on request', async () => {
    const all = await cli(store, ['investigation', 'list']);
    expect(all.code).toBe(0);
    expect(all.out).toContain(`${INVESTIGATION}  error-rate  found  ${original.report.findings[0]!.service}`);
    const negative = await cli(store, ['investigation', 'list', '--negative']);
    expect(negative.out).toContain('👎 1 corrected: recommendations cache_stampede');
    const none = await cli(store, ['investigation', 'list', '--class', 'pod-restarts']);
    expect(none.out).toBe('no investigations match\n');
  });

  it('exits 2 naming a bad --since', async () => {
    const run = await cli(store, ['investigation', 'list', '--since', 'yesterday']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--since must be an ISO 8601 time');
    expect((await cli(store, ['investigation', 'list', '--limit', '0'])).err).toContain('--limit must be a whole number from 1 to 1000');
  });
});
