import { describe, expect, it } from 'vitest';
import { expandedRanks } from './expanded-ranks.ts';

describe('expandedRanks', () => {
  it('replays expand and collapse clicks in order', () => {
    expect(
      expandedRanks([
        { kind: 'expand', findingRank: 2 },
        { kind: 'expand', findingRank: 1 },
        { kind: 'collapse', findingRank: 2 },
        { kind: 'expand', findingRank: 3 },
        { kind: 'expand', findingRank: 1 },
      ]),
    ).toEqual([1, 3]);
  });

  it('ignores a collapse of a finding that was never open', () => {
    expect(expandedRanks([{ kind: 'collapse', findingRank: 1 }])).toEqual([]);
  });
});

describe('expandedRanks with other interactions', () => {
  it('is not moved by votes, searches, feedback or the ignored sweep', () => {
    expect(
      expandedRanks([
        { kind: 'expand', findingRank: 1 },
        { kind: 'vote_down', findingRank: 1 },
        { kind: 'search_further', findingRank: 1 },
        { kind: 'feedback_submitted', findingRank: 1 },
        { kind: 'ignored', findingRank: 2 },
      ]),
    ).toEqual([1]);
  });
});
