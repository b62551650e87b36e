// Buckets per alert class from eval results, by the same rule `/ariadne status` applies to
// production history (services/slack/alert-class-bucket.ts), with ground truth standing in for
// people's feedback: a right answer is "confirmed", a wrong one "disputed" (what a 👎 would say).
// On an unsolvable scenario silence is the right answer.
import { bucketFor, countVerdicts, type AlertClassBucket, type BucketCounts, type InvestigationVerdict } from '../../services/slack/alert-class-bucket.ts';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { acAtK } from './metrics.ts';
import { groupBy } from './summarize.ts';

export function evalVerdict(run: ScenarioRun): InvestigationVerdict {
  const found = run.outcome === 'found';
  if (!run.groundTruth) return found ? 'disputed' : 'confirmed';
  if (found) return acAtK(run, 1) === 1 ? 'confirmed' : 'disputed';
  return run.ranked.length > 0 ? 'partial' : 'empty';
}

export interface ClassBucket {
  alertClass: string;
  counts: BucketCounts;
  bucket: AlertClassBucket;
}

export function bucketsByAlertClass(runs: ScenarioRun[]): ClassBucket[] {
  return [...groupBy(runs, (r) => r.alertClass)].map(([alertClass, of]) => {
    const counts = countVerdicts(of.map(evalVerdict));
    return { alertClass, counts, bucket: bucketFor(counts)! };
  });
}
