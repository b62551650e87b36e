// The Claude planner as the eval runner builds it, live or against cassettes (anthropic-cassette.ts):
// - live: the SDK talks to the API (its default base URL, or ANTHROPIC_BASE_URL) with the key given;
// - record: the same, with every exchange written to `<dir>/<investigation id>.json`;
// - replay: no key; the SDK talks to a local fake Messages API serving those files, which fails the
//   run when a request differs from the recording or the planner stops before the recording did.
// The cassette is chosen per investigation on the planner's first call, so one factory serves a whole
// eval (scenarios x variants x runs) and cassettes are named by the runner's investigation ids.
import Anthropic from '@anthropic-ai/sdk';
import type { Planner } from '../../services/worker/activities/index.ts';
import { createClaudePlanner } from '../../services/agent/planners/claude.ts';
import type { ToolGateway } from '../../services/mcp/gateway.ts';
import { cassetteFile, createRecorder, readCassette, startCassetteServer, type CassetteServer, type Fetch } from './anthropic-cassette.ts';

export type ClaudeMode = { kind: 'live' } | { kind: 'record'; dir: string } | { kind: 'replay'; dir: string };

export interface ClaudeEvalPlannerOptions {
  mode: ClaudeMode;
  /** Required live and when recording; never used (nor needed) when replaying. */
  apiKey?: string;
  /** The model; when replaying, each cassette's own model when absent. */
  model?: string;
  /** Only to point the SDK somewhere else than its default (tests: a scripted upstream). */
  baseURL?: string;
  /** The fetch the recorder passes calls to (tests); the global fetch when absent. */
  fetch?: Fetch;
}

export interface ClaudeEvalPlanner {
  planner: (tools: ToolGateway) => Planner;
  close(): Promise<void>;
}

export async function createClaudeEvalPlanner(options: ClaudeEvalPlannerOptions): Promise<ClaudeEvalPlanner> {
  const { mode } = options;
  if (mode.kind !== 'replay' && !options.apiKey) throw new Error(`ANTHROPIC_API_KEY is required to ${mode.kind === 'record' ? 'record cassettes' : 'run the Claude planner'}`);
  if (mode.kind !== 'replay' && !options.model) throw new Error('a model is required to run the Claude planner');
  const server: CassetteServer | undefined = mode.kind === 'replay' ? await startCassetteServer(mode.dir) : undefined;

  const clientFor = (name: string): { client: Anthropic; model: string } => {
    if (mode.kind === 'replay') {
      const model = options.model ?? readCassette(cassetteFile(mode.dir, name)).model;
      // A placeholder key: the SDK insists on one, and the local server ignores it.
      return { client: new Anthropic({ apiKey: 'replay', baseURL: server!.urlFor(name), maxRetries: 0 }), model };
    }
    const base = { apiKey: options.apiKey!, ...(options.baseURL ? { baseURL: options.baseURL } : {}) };
    if (mode.kind === 'live') return { client: new Anthropic({ ...base, ...(options.fetch ? { fetch: options.fetch } : {}) }), model: options.model! };
    const recorder = createRecorder({ file: cassetteFile(mode.dir, name), name, secrets: [options.apiKey!], ...(options.fetch ? { fetch: options.fetch } : {}) });
    return { client: new Anthropic({ ...base, fetch: recorder.fetch }), model: options.model! };
  };

  return {
    planner: (tools) => {
      let plan: Planner | undefined;
      let name = '';
      return async (state) => {
        if (!plan) {
          name = state.investigationId;
          const { client, model } = clientFor(name);
          plan = createClaudePlanner({ client, model, tools: () => tools.listTools() });
        }
        const decision = await plan(state);
        const replay = server?.state(name);
        if (decision.kind === 'conclude' && replay && replay.served < replay.turns) {
          throw new Error(`cassette ${name}: the planner concluded after turn ${replay.served} but the recording has ${replay.turns} turns`);
        }
        return decision;
      };
    },
    close: async () => server?.close(),
  };
}
