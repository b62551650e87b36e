// The Claude planner driven through the one loop against the simulator's fakes, with the model's
// side played by a scripted exchange on a local fake Messages API. The script is hand-written (no
// API key exists here), shaped like real Messages API responses; what is asserted is what the
// planner sends (prompt caching, tool results as data, forced conclusion) and what it makes of the
// answers.
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from '../../../services/agent/loop.ts';
import { createClaudePlanner, SUBMIT_TOOL } from '../../../services/agent/planners/claude.ts';
import { runScenario } from '../../../evals/runner/run-scenario.ts';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic.ts';
import { SCRIPT } from '../../support/inventory-bad-deploy-script.ts';

describe('the Claude planner', () => {
  let fake: FakeAnthropic | undefined;
  afterEach(async () => fake?.close());

  const plannerFor = (url: string) => (tools: Parameters<NonNullable<Parameters<typeof runScenario>[0]['planner']>>[0]) =>
    createClaudePlanner({ client: new Anthropic({ apiKey: 'test-key', baseURL: url, maxRetries: 0 }), model: 'claude-test', tools: () => tools.listTools() });

  it('runs a tool-use loop over the MCP tools, caches the prompt, and passes tool outputs back as data', async () => {
    fake = await startFakeAnthropic(SCRIPT);
    const run = await runScenario({ scenarioId: 'inventory-bad-deploy', run: 0, seed: 1, variant: 0, planner: plannerFor(fake.url) });

    expect(run.error).toBeUndefined();
    expect(fake.remaining()).toBe(0);
    expect(run.outcome).toBe('found');
    expect(run.ranked[0]).toMatchObject({ service: 'inventory-service', faultType: 'bad_deploy' });
    expect(run.tokens).toBe(2_000 + 120 + 1_500 + 800 + 90 + 1_500 + 700 + 200 + 1_500);
    expect(run.toolCalls).toBe(3);

    const [first, second, third] = fake.requests as [Record<string, any>, Record<string, any>, Record<string, any>];
    expect(first.system[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(first.tools.at(-1)).toMatchObject({ name: SUBMIT_TOOL, cache_control: { type: 'ephemeral' } });
    expect(first.tools.map((t: { name: string }) => t.name)).toContain('kubernetes__list_service_pods');
    expect(first.messages[0].content[0].text).toContain('<alert>');
    // Identical system prompt and tools on every turn: the cache can hit.
    expect(second.system).toEqual(first.system);
    expect(third.tools).toEqual(first.tools);

    const toolResults = second.messages.at(-1).content;
    expect(toolResults.map((r: { tool_use_id: string }) => r.tool_use_id)).toEqual(['toolu_01', 'toolu_02']);
    const metrics = JSON.parse(toolResults[0].content);
    expect(metrics.service).toBe('storefront-web');
    expect(Array.isArray(metrics.signals)).toBe(true);
    const events = JSON.parse(third.messages.at(-1).content[0].content);
    expect(JSON.stringify(events.deploys)).toContain('2.14.0');
  });

  it('forces submit_findings once the budget is spent', async () => {
    fake = await startFakeAnthropic([SCRIPT[0]!, SCRIPT[2]!]);
    const run = await runScenario({
      scenarioId: 'inventory-bad-deploy',
      run: 0,
      seed: 1,
      variant: 0,
      budget: { ...DEFAULT_BUDGET, maxSteps: 1 },
      planner: plannerFor(fake.url),
    });
    expect(run.error).toBeUndefined();
    expect(fake.requests[0]!.tool_choice).toEqual({ type: 'auto' });
    expect(fake.requests[1]!.tool_choice).toEqual({ type: 'tool', name: SUBMIT_TOOL });
    expect(JSON.stringify(fake.requests[1]!.messages.at(-1))).toContain('budget is spent');
    expect(run.ranked[0]?.service).toBe('inventory-service');
  });

  it('fails the run loudly when the model asks for more than was scripted', async () => {
    fake = await startFakeAnthropic([SCRIPT[0]!]);
    const run = await runScenario({ scenarioId: 'inventory-bad-deploy', run: 0, seed: 1, variant: 0, planner: plannerFor(fake.url) });
    expect(run.outcome).toBe('error');
    expect(run.error).toMatch(/script exhausted/);
  });
});
