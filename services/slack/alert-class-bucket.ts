// Which bucket an alert class is in (DESIGN.md: sort alert history into confidently solvable,
// learnable, out of reach), from its recent investigations and what people said about them.
//
// The rule, per alert class over the window (30 days by default):
// - each investigation is "confirmed" (found, and no 👎 and no corrected root cause), "disputed"
//   (found, but with a 👎 or a correction), "partial" (inconclusive, yet with findings) or "empty"
//   (inconclusive, no findings);
// - solved with confidence: at least 70% confirmed;
// - out of reach: at least half empty (mostly inconclusive, nothing to learn from);
// - learnable: everything else (found but disputed, or inconclusive with leads to follow).
export type InvestigationVerdict = 'confirmed' | 'disputed' | 'partial' | 'empty';
export type AlertClassBucket = 'solved' | 'learnable' | 'out_of_reach';

export const SOLVED_SHARE = 0.7;
export const OUT_OF_REACH_SHARE = 0.5;

export interface InvestigationSignals {
  outcome: 'found' | 'inconclusive';
  hasFindings: boolean;
  /** Users whose latest vote is 👎. */
  votesDown: number;
  corrected: boolean;
}

export function verdictOf(s: InvestigationSignals): InvestigationVerdict {
  if (s.outcome === 'found') return s.votesDown > 0 || s.corrected ? 'disputed' : 'confirmed';
  return s.hasFindings ? 'partial' : 'empty';
}

export interface BucketCounts {
  total: number;
  confirmed: number;
  disputed: number;
  partial: number;
  empty: number;
}

export function countVerdicts(verdicts: readonly InvestigationVerdict[]): BucketCounts {
  const counts: BucketCounts = { total: verdicts.length, confirmed: 0, disputed: 0, partial: 0, empty: 0 };
  for (const v of verdicts) counts[v] += 1;
  return counts;
}

/** Undefined for a class without investigations: no evidence either way. */
export function bucketFor(counts: BucketCounts): AlertClassBucket | undefined {
  if (counts.total === 0) return undefined;
  if (counts.confirmed / counts.total >= SOLVED_SHARE) return 'solved';
  if (counts.empty / counts.total >= OUT_OF_REACH_SHARE) return 'out_of_reach';
  return 'learnable';
}
