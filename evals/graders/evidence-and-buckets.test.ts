import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { bucketsByAlertClass, evalVerdict } from './buckets.ts';
import { evidenceHits } from './evidence-recall.ts';
import { candidates, sampleRun } from './sample-run.ts';
import { summarizeClass, summarizeScenarios } from './summarize.ts';

const run = (options: Partial<ScenarioRun> = {}, ranked: [string, string[]][] = [['db', ['metric', 'logs']]]): ScenarioRun =>
  sampleRun({ ranked: candidates(ranked).map((c) => ({ ...c, faultType: 'slow_query' })), ...options });

describe('evidence recall', () => {
  it('counts the expected kinds the true root cause\'s finding cites, wherever it ranks', () => {
    // slow_query expects metric and logs; a path from the alerting service also expects the graph.
    expect(evidenceHits(run())).toEqual({ hits: 2, expected: 2 });
    expect(evidenceHits(run({ causalPath: ['web', 'api', 'db'] }))).toEqual({ hits: 2, expected: 3 });
    expect(evidenceHits(run({}, [['api', ['metric', 'logs']], ['db', ['logs', 'event']]]))).toEqual({ hits: 1, expected: 2 });
    // A noisy neighbour shares a node with the alerting service; no dependency path is expected.
    const neighbour = { groundTruth: { rootCauseService: 'db', faultType: 'noisy_neighbor' }, causalPath: ['web', 'db'] };
    expect(evidenceHits(run(neighbour, [['db', ['metric', 'pods']]]))).toEqual({ hits: 2, expected: 2 });
  });

  it('gives nothing when the root cause is not among the findings, and does not grade what it cannot', () => {
    expect(evidenceHits(run({}, [['api', ['metric', 'logs']]]))).toEqual({ hits: 0, expected: 2 });
    expect(evidenceHits(run({ groundTruth: undefined }))).toBeUndefined();
    expect(evidenceHits(run({ groundTruth: { rootCauseService: 'db', faultType: 'something_new' } }))).toBeUndefined();
  });

  it('pools kinds over runs into one rate with an interval', () => {
    const summary = summarizeClass('x', [run(), run({}, [['db', ['metric']]])]);
    expect(summary.evidenceRecall.rate).toBeCloseTo(3 / 4);
    expect(summary.evidenceRecall.n).toBe(4);
  });
});

describe('buckets per alert class', () => {
  it('reads a right answer as confirmed, a wrong one as disputed, and quiet as right only when unsolvable', () => {
    expect(evalVerdict(run())).toBe('confirmed');
    expect(evalVerdict(run({}, [['api', []]]))).toBe('disputed');
    expect(evalVerdict(run({ outcome: 'inconclusive' }))).toBe('partial');
    expect(evalVerdict(run({ outcome: 'inconclusive' }, []))).toBe('empty');
    expect(evalVerdict(run({ groundTruth: undefined, outcome: 'inconclusive' }, []))).toBe('confirmed');
    expect(evalVerdict(run({ groundTruth: undefined }))).toBe('disputed');
  });

  it('sorts each alert class into solved, learnable or out of reach', () => {
    const runs = [
      ...Array.from({ length: 4 }, () => run({ alertClass: 'error-rate' })),
      run({ alertClass: 'high-latency' }),
      run({ alertClass: 'high-latency' }, [['api', []]]),
      run({ alertClass: 'pod-restarts', outcome: 'inconclusive' }, []),
      run({ alertClass: 'pod-restarts', outcome: 'inconclusive' }, []),
      run({ alertClass: 'pod-restarts' }),
    ];
    expect(Object.fromEntries(bucketsByAlertClass(runs).map((b) => [b.alertClass, b.bucket]))).toEqual({
      'error-rate': 'solved',
      'high-latency': 'learnable',
      'pod-restarts': 'out_of_reach',
    });
  });
});

describe('variant consistency', () => {
  it('compares each variant run with the canonical run of the same seed', () => {
    const top = (service: string, seed: number, variant: number) => sampleRun({ seed, run: seed - 1, variant, ranked: candidates([service]) });
    const [summary] = summarizeScenarios([top('db', 1, 0), top('db', 2, 0), top('db', 1, 1), top('api', 2, 1), top('db', 1, 2), top('db', 2, 2)]);
    expect(summary!.variantConsistency).toBeCloseTo(3 / 4);
  });
});
