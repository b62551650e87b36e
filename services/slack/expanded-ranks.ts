// Which findings are open is derived from the recorded clicks, not read back from the message: two
// engineers clicking at once both get their expansion kept, and a re-posted revision keeps them too.
import type { Interaction } from '../store/index.ts';

export function expandedRanks(interactions: readonly Pick<Interaction, 'kind' | 'findingRank'>[]): number[] {
  const open = new Set<number>();
  for (const i of interactions) {
    // Votes, searches and feedback live in the same list; only expand and collapse move the state.
    if (i.kind === 'expand') open.add(i.findingRank);
    else if (i.kind === 'collapse') open.delete(i.findingRank);
  }
  return [...open].sort((a, b) => a - b);
}
