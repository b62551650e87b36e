import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { candidates, sampleRun } from './sample-run.ts';
import { abstainedCorrectly, acAtK, avgAtK, faultTypeCorrect, passed, passHatK, wilson } from './metrics.ts';

const run = (ranked: string[], options: Partial<ScenarioRun> = {}): ScenarioRun => sampleRun({ causalPath: undefined, ranked: candidates(ranked), ...options });

describe('ranking graders', () => {
  it('counts the truth at its rank for AC@k and averages AC@1..5 for Avg@5', () => {
    const r = run(['api', 'cache', 'db']);
    expect([1, 2, 3, 4, 5].map((k) => acAtK(r, k))).toEqual([0, 0, 1, 1, 1]);
    expect(avgAtK(r)).toBeCloseTo(0.6);
  });

  it('gives no credit on an unsolvable scenario and none for the right type on the wrong service', () => {
    expect(acAtK(run(['db'], { groundTruth: undefined }), 1)).toBe(0);
    expect(faultTypeCorrect(run(['api']))).toBe(0);
    expect(faultTypeCorrect(run(['db']))).toBe(1);
  });

  it('rewards abstaining only where nothing can be found', () => {
    expect(abstainedCorrectly(run(['db'], { outcome: 'inconclusive' }))).toBe(0);
    expect(abstainedCorrectly(run([], { groundTruth: undefined, outcome: 'inconclusive' }))).toBe(1);
    expect(abstainedCorrectly(run(['x'], { groundTruth: undefined, outcome: 'found' }))).toBe(0);
    expect(passed(run([], { groundTruth: undefined, outcome: 'inconclusive' }))).toBe(true);
    expect(passed(run(['db'], { outcome: 'inconclusive' }))).toBe(false);
  });
});

describe('pass^k', () => {
  it('matches the tau-bench definition C(c,k)/C(n,k)', () => {
    expect(passHatK(3, 3, 3)).toBe(1);
    expect(passHatK(2, 3, 3)).toBe(0);
    expect(passHatK(2, 4, 2)).toBeCloseTo(1 / 6);
    expect(passHatK(3, 4, 1)).toBeCloseTo(0.75);
  });

  it('refuses k larger than the runs it was given', () => {
    expect(() => passHatK(1, 2, 3)).toThrow(/needs at least 3 runs/);
  });
});

describe('wilson', () => {
  it('keeps the interval inside [0, 1] and around the observed rate', () => {
    const all = wilson(10, 10);
    expect(all.rate).toBe(1);
    expect(all.high).toBe(1);
    expect(all.low).toBeGreaterThan(0.6);
    expect(all.low).toBeLessThan(0.8);
    const half = wilson(50, 100);
    expect(half.low).toBeLessThan(0.5);
    expect(half.high).toBeGreaterThan(0.5);
    expect(half.high - half.low).toBeCloseTo(0.192, 2);
  });
});
