// Recorded Messages API exchanges for the Claude planner, through the eval runner on a simulated
// incident. Record mode is exercised with the scripted fake playing the real API (reached by base URL,
// as a proxy would be); replay serves the cassette from the local fake Messages API with no key and
// must refuse a request that differs from the recording (a changed tool output, a changed prompt).
//
// ARIADNE_RERECORD_FIXTURES=1 makes the first test write its cassette to tests/fixtures/anthropic/
// instead of a temporary folder (see the README there).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runEval } from '../../../evals/runner/run-eval.ts';
import type { ScenarioRun } from '../../../evals/runner/run-scenario.ts';
import { CASSETTE_FORMAT, CASSETTE_VERSION, readCassette, type Cassette } from '../../../evals/runner/anthropic-cassette.ts';
import { createClaudeEvalPlanner, type ClaudeEvalPlannerOptions } from '../../../evals/runner/claude-planner.ts';
import { SUBMIT_TOOL } from '../../../services/agent/planners/claude.ts';
import { startFakeAnthropic } from '../../support/fake-anthropic.ts';
import { SCRIPT } from '../../support/inventory-bad-deploy-script.ts';

// Lets a test change the system prompt the planner sends, as an edit to claude-prompt.ts would.
const prompt = vi.hoisted(() => ({ suffix: '' }));
vi.mock('../../../services/agent/planners/claude-prompt.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../services/agent/planners/claude-prompt.ts')>();
  return { ...original, systemPrompt: (...args: Parameters<typeof original.systemPrompt>) => original.systemPrompt(...args) + prompt.suffix };
});

const FIXTURES = join(import.meta.dirname, '../../fixtures/anthropic');
const SCENARIO = 'inventory-bad-deploy';
const CASSETTE = 'eval-inventory-bad-deploy-0-0';
const KEY = 'sk-ant-api03-test-only-not-a-real-key-0123456789';

async function evalWith(options: ClaudeEvalPlannerOptions, seed = 1): Promise<ScenarioRun> {
  const claude = await createClaudeEvalPlanner(options);
  try {
    const [run] = await runEval({ scenarios: [SCENARIO], runs: 1, variants: [0], seed, parallel: 1, planner: claude.planner });
    return run!;
  } finally {
    await claude.close();
  }
}

describe('Claude planner cassettes', () => {
  const dir = process.env.ARIADNE_RERECORD_FIXTURES ? FIXTURES : mkdtempSync(join(tmpdir(), 'ariadne-cassettes-'));
  let recorded: ScenarioRun;
  let upstreamRequests: number;

  beforeAll(async () => {
    const upstream = await startFakeAnthropic(SCRIPT);
    try {
      recorded = await evalWith({ mode: { kind: 'record', dir }, apiKey: KEY, model: 'claude-sonnet-4-5', baseURL: upstream.url });
      upstreamRequests = upstream.requests.length;
    } finally {
      await upstream.close();
    }
  });
  afterAll(() => {
    if (dir !== FIXTURES) rmSync(dir, { recursive: true, force: true });
  });

  it('record mode passes every exchange through and writes it to one cassette per run, with no key or header in it', () => {
    expect(recorded.error).toBeUndefined();
    expect(recorded.ranked[0]).toMatchObject({ service: 'inventory-service', faultType: 'bad_deploy' });
    expect(upstreamRequests).toBe(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toContain(`${CASSETTE}.json`);

    const text = readFileSync(join(dir, `${CASSETTE}.json`), 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/sk-ant-|x-api-key|authorization|anthropic-version|request-id/i);
    const cassette = JSON.parse(text) as Cassette;
    expect(cassette).toMatchObject({ format: CASSETTE_FORMAT, version: CASSETTE_VERSION, name: CASSETTE, model: 'claude-sonnet-4-5' });
    expect(cassette.exchanges.map((e) => e.turn)).toEqual([1, 2, 3]);
    const [first, second] = cassette.exchanges;
    expect(first!.request.toolNames).toContain('kubernetes__list_service_events');
    expect(first!.request.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Later turns store only what changed: the system prompt and tools once, the new messages only.
    expect(second!.request.sameAsPreviousTurn).toEqual(['system', 'tools']);
    expect(second!.request.messagesFromPreviousTurn).toBe(1);
    expect(second!.request.answers).toEqual(['toolu_01', 'toolu_02']);
    expect(second!.response).toMatchObject({ status: 200, body: { content: [{ type: 'tool_use', id: 'toolu_03' }] } });
  });

  it('replay serves the cassette without a key and gives the same findings', async () => {
    const replayed = await evalWith({ mode: { kind: 'replay', dir } });
    expect(replayed.error).toBeUndefined();
    for (const key of ['outcome', 'ranked', 'steps', 'toolCalls', 'tokens'] as const) expect(replayed[key]).toEqual(recorded[key]);
  });

  it('the committed cassette replays to the findings it recorded', async () => {
    const cassette = readCassette(join(FIXTURES, `${CASSETTE}.json`));
    const last = cassette.exchanges.at(-1)!.response.body as { content: { type: string; name?: string; input?: { findings: { service: string; faultType: string }[] } }[] };
    const submitted = last.content.find((b) => b.type === 'tool_use' && b.name === SUBMIT_TOOL)!.input!.findings;

    const replayed = await evalWith({ mode: { kind: 'replay', dir: FIXTURES } });
    expect(replayed.error, 'the planner no longer sends what was recorded (prompt, tools or tool outputs changed): re-record with ARIADNE_RERECORD_FIXTURES=1 npx vitest run tests/integration/agent/claude-cassettes.test.ts').toBeUndefined();
    const fields = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'];
    const usage = cassette.exchanges.map((e) => (e.response.body as { usage: Record<string, unknown> }).usage);
    expect(replayed.tokens).toBe(usage.reduce<number>((sum, u) => sum + fields.reduce((a, f) => a + (typeof u[f] === 'number' ? u[f] : 0), 0), 0));
    expect(replayed.ranked.map((c) => [c.service, c.faultType])).toEqual(submitted.map((f) => [f.service, f.faultType]));
  });

  it('replay fails the run, naming the turn and the field, when a tool output differs from the recording', async () => {
    // Another seed renders the same incident with other noise, so the metrics the planner sends back differ.
    const replayed = await evalWith({ mode: { kind: 'replay', dir } }, 2);
    expect(replayed.outcome).toBe('error');
    expect(replayed.error).toMatch(/cassette eval-inventory-bad-deploy-0-0, turn 2: the request differs from the recording: messages\[2\]\.content\[0\]\.content \(JSON\)\.signals\[\d+\]\.[\w.[\]]+: recorded [\d.]+, got [\d.]+/);
  });

  it('replay fails the run at the first turn when the system prompt changed since recording', async () => {
    prompt.suffix = '\nAlways blame the database.';
    try {
      const replayed = await evalWith({ mode: { kind: 'replay', dir } });
      expect(replayed.outcome).toBe('error');
      expect(replayed.error).toMatch(/turn 1: the request differs from the recording: system\[0\]\.text: differs at character \d+/);
      expect(replayed.error).toContain('Always blame the database');
    } finally {
      prompt.suffix = '';
    }
  });

  it('replay fails when the planner asks for something else than was recorded (a smaller budget forces the conclusion early)', async () => {
    const claude = await createClaudeEvalPlanner({ mode: { kind: 'replay', dir } });
    try {
      const { runScenario } = await import('../../../evals/runner/run-scenario.ts');
      const { DEFAULT_BUDGET } = await import('../../../services/agent/loop.ts');
      const run = await runScenario({ scenarioId: SCENARIO, run: 0, seed: 1, variant: 0, budget: { ...DEFAULT_BUDGET, maxSteps: 1 }, planner: claude.planner });
      expect(run.outcome).toBe('error');
      expect(run.error).toMatch(/turn 2: the request differs from the recording: tool_choice\.type: recorded \\"auto\\", got \\"tool\\"/);
    } finally {
      await claude.close();
    }
  });
});
