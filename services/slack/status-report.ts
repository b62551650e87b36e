// Gathers what `/ariadne status` shows: recent investigations with their outcome, and the bucket
// of each alert class (alert-class-bucket.ts) from the last 30 days of investigations and feedback.
import { deriveAlertClass } from '../agent/alert-class.ts';
import { countVotesDown, type InvestigationStore, type InvestigationSummary } from '../store/index.ts';
import { bucketFor, countVerdicts, verdictOf, type AlertClassBucket, type BucketCounts, type InvestigationVerdict } from './alert-class-bucket.ts';

export interface StatusRow {
  investigationId: string;
  title: string;
  service: string;
  alertClass: string;
  outcome: 'found' | 'inconclusive';
  verdict: InvestigationVerdict;
  topFinding?: { service: string; faultType: string; confidence: number };
  createdAt: string;
}

export interface AlertClassStatus {
  alertClass: string;
  bucket: AlertClassBucket;
  counts: BucketCounts;
}

export interface StatusReport {
  days: number;
  /** Newest first. */
  recent: StatusRow[];
  /** Most investigations first. */
  classes: AlertClassStatus[];
}

export interface StatusOptions {
  now: Date;
  days?: number;
  limit?: number;
}

export async function loadStatus(store: InvestigationStore, options: StatusOptions): Promise<StatusReport> {
  const days = options.days ?? 30;
  const since = new Date(options.now.getTime() - days * 86_400_000).toISOString();
  const investigations = await store.listInvestigations({ since, limit: options.limit ?? 500 });
  const rows = await Promise.all(investigations.map((i) => statusRow(store, i)));
  const byClass = new Map<string, InvestigationVerdict[]>();
  for (const row of rows) byClass.set(row.alertClass, [...(byClass.get(row.alertClass) ?? []), row.verdict]);
  const classes: AlertClassStatus[] = [];
  for (const [alertClass, verdicts] of byClass) {
    const counts = countVerdicts(verdicts);
    const bucket = bucketFor(counts);
    if (bucket) classes.push({ alertClass, bucket, counts });
  }
  classes.sort((a, b) => b.counts.total - a.counts.total || a.alertClass.localeCompare(b.alertClass));
  return { days, recent: rows, classes };
}

async function statusRow(store: InvestigationStore, i: InvestigationSummary): Promise<StatusRow> {
  const [interactions, feedback] = await Promise.all([store.listInteractions(i.investigationId), store.listFeedback(i.investigationId)]);
  const votesDown = countVotesDown(interactions.filter((x) => x.kind === 'vote_up' || x.kind === 'vote_down'));
  const corrected = feedback.some((f) => f.correctedService !== undefined || f.correctedFaultType !== undefined);
  return {
    investigationId: i.investigationId,
    title: i.alert.title,
    service: i.alert.service,
    alertClass: i.alertClass ?? deriveAlertClass(i.alert),
    outcome: i.outcome,
    verdict: verdictOf({ outcome: i.outcome, hasFindings: i.topFinding !== undefined, votesDown, corrected }),
    ...(i.topFinding ? { topFinding: { service: i.topFinding.service, faultType: i.topFinding.faultType, confidence: i.topFinding.confidence } } : {}),
    createdAt: i.createdAt,
  };
}
