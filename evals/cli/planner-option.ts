// `ariadne eval --planner claude [--record-cassettes DIR | --replay-cassettes DIR]`: which planner an
// eval runs, and whether the Claude planner's Messages API exchanges are recorded or replayed
// (evals/runner/claude-planner.ts). The key and model come from the environment, as for the worker:
// ANTHROPIC_API_KEY (live and record; replay needs none), ANTHROPIC_MODEL (default: the product's default model;
// replay uses each cassette's model unless it is set). The SDK's own ANTHROPIC_BASE_URL is honoured.
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_CLAUDE_MODEL } from '../../services/agent/planners/claude.ts';
import { createClaudeEvalPlanner, type ClaudeEvalPlanner, type ClaudeMode } from '../runner/claude-planner.ts';

export interface PlannerCliOptions {
  planner: 'deterministic' | 'claude';
  recordCassettes?: string;
  replayCassettes?: string;
}


export function parsePlanner(value: string): PlannerCliOptions['planner'] {
  if (value !== 'deterministic' && value !== 'claude') throw new InvalidArgumentError(`--planner must be deterministic or claude, got ${JSON.stringify(value)}`);
  return value;
}

/** The planner the eval runs with; undefined for the deterministic planner (the runner's default). */
export async function evalPlanner(options: PlannerCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<ClaudeEvalPlanner | undefined> {
  const cassettes = options.recordCassettes ?? options.replayCassettes;
  if (options.planner !== 'claude') {
    if (cassettes) throw new InvalidArgumentError('--record-cassettes and --replay-cassettes need --planner claude');
    return undefined;
  }
  if (options.recordCassettes && options.replayCassettes) throw new InvalidArgumentError('give --record-cassettes or --replay-cassettes, not both');
  const mode: ClaudeMode = options.recordCassettes
    ? { kind: 'record', dir: resolve(options.recordCassettes) }
    : options.replayCassettes
      ? { kind: 'replay', dir: resolve(options.replayCassettes) }
      : { kind: 'live' };
  const apiKey = env.ANTHROPIC_API_KEY || undefined;
  if (mode.kind !== 'replay' && !apiKey) {
    throw new InvalidArgumentError(`--planner claude${mode.kind === 'record' ? ' --record-cassettes' : ''} needs ANTHROPIC_API_KEY; --replay-cassettes DIR runs without one`);
  }
  const model = env.ANTHROPIC_MODEL || (mode.kind === 'replay' ? undefined : DEFAULT_CLAUDE_MODEL);
  return createClaudeEvalPlanner({ mode, ...(mode.kind === 'replay' ? {} : { apiKey }), ...(model ? { model } : {}) });
}
