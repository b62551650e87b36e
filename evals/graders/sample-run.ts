// A scenario run for unit tests: the database is the root cause (slow_query) behind an error-rate
// alert, found at rank 1 with metric and log evidence; each test overrides what it is about.
import type { Candidate, ScenarioRun } from '../runner/run-scenario.ts';

/** Candidates from [service, evidence kinds] pairs, best first; the first gets the true fault type. */
export function candidates(ranked: readonly (string | [string, string[]])[]): Candidate[] {
  return ranked.map((entry, i) => {
    const [service, evidenceKinds] = typeof entry === 'string' ? [entry, ['metric']] : entry;
    return { service, faultType: i === 0 ? 'slow_query' : 'unknown', confidence: 0.9 - i * 0.1, evidenceKinds };
  });
}

export function sampleRun(overrides: Partial<ScenarioRun> = {}): ScenarioRun {
  return {
    scenarioId: 's',
    run: 0,
    variant: 0,
    seed: 1,
    alertClass: 'error-rate',
    groundTruth: { rootCauseService: 'db', faultType: 'slow_query' },
    causalPath: ['db'],
    outcome: 'found',
    ranked: candidates([['db', ['metric', 'logs']]]),
    steps: 1,
    toolCalls: 1,
    tokens: 0,
    durationMs: 1,
    trace: [],
    ...overrides,
  };
}
