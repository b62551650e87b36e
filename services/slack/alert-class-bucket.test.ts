import { describe, expect, it } from 'vitest';
import { bucketFor, countVerdicts, verdictOf, type InvestigationVerdict } from './alert-class-bucket.ts';

const bucket = (verdicts: InvestigationVerdict[]) => bucketFor(countVerdicts(verdicts));
const repeat = (v: InvestigationVerdict, n: number) => Array.from({ length: n }, () => v);

describe('verdictOf', () => {
  it('confirms a found root cause nobody disputed, disputes one with a 👎 or a correction', () => {
    expect(verdictOf({ outcome: 'found', hasFindings: true, votesDown: 0, corrected: false })).toBe('confirmed');
    expect(verdictOf({ outcome: 'found', hasFindings: true, votesDown: 1, corrected: false })).toBe('disputed');
    expect(verdictOf({ outcome: 'found', hasFindings: true, votesDown: 0, corrected: true })).toBe('disputed');
  });

  it('tells an inconclusive investigation with leads from one with nothing', () => {
    expect(verdictOf({ outcome: 'inconclusive', hasFindings: true, votesDown: 0, corrected: false })).toBe('partial');
    expect(verdictOf({ outcome: 'inconclusive', hasFindings: false, votesDown: 0, corrected: false })).toBe('empty');
  });
});

describe('bucketFor', () => {
  it('calls a class solved at 70% confirmed, not at 60%', () => {
    expect(bucket([...repeat('confirmed', 7), ...repeat('disputed', 3)])).toBe('solved');
    expect(bucket([...repeat('confirmed', 6), ...repeat('disputed', 4)])).toBe('learnable');
  });

  it('calls a class out of reach when at least half is inconclusive without findings', () => {
    expect(bucket([...repeat('empty', 5), ...repeat('confirmed', 5)])).toBe('out_of_reach');
    expect(bucket([...repeat('empty', 4), ...repeat('partial', 6)])).toBe('learnable');
  });

  it('calls disputed answers and inconclusive ones with leads learnable', () => {
    expect(bucket(['disputed', 'partial', 'confirmed'])).toBe('learnable');
  });

  it('has no bucket without investigations', () => {
    expect(bucket([])).toBeUndefined();
  });
});
