// summary.md: the tables an engineer pastes into a pull request.
import type { ClassBucket } from './buckets.ts';
import type { ClassSummary, ScenarioSummary } from './summarize.ts';
import type { Rate } from './metrics.ts';

export function pct(rate: Rate): string {
  if (Number.isNaN(rate.rate)) return 'n/a';
  return `${(rate.rate * 100).toFixed(0)}% [${(rate.low * 100).toFixed(0)}–${(rate.high * 100).toFixed(0)}]`;
}

export function classTable(title: string, rows: ClassSummary[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| class | runs | AC@1 | AC@3 | Avg@5 | fault type | abstention | evidence recall | median ms | tool calls | tokens |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.key} | ${r.runs} | ${pct(r.ac1)} | ${pct(r.ac3)} | ${Number.isNaN(r.avg5) ? 'n/a' : r.avg5.toFixed(2)} | ${pct(r.faultType)} | ${pct(r.abstention)} | ${pct(r.evidenceRecall)} | ${r.medianMs.toFixed(0)} | ${r.meanToolCalls.toFixed(1)} | ${r.meanTokens.toFixed(0)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

export function scenarioTable(rows: ScenarioSummary[]): string {
  return [
    '### Scenarios',
    '',
    '| scenario | solvable | top-1 | pass^k | variant consistency |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenarioId} | ${r.solvable ? 'yes' : 'no'} | ${r.top1 ?? '(none)'} | ${Number.isNaN(r.passHatK) ? 'n/a' : `${r.passHatK.toFixed(2)} (k=${r.k})`} | ${r.variantConsistency === null ? 'n/a' : r.variantConsistency.toFixed(2)} |`,
    ),
    '',
  ].join('\n');
}

const BUCKET_NAMES = { solved: 'solved with confidence', learnable: 'learnable', out_of_reach: 'out of reach' } as const;

export function bucketTable(rows: ClassBucket[]): string {
  return [
    '### Buckets per alert class',
    '',
    'The `/ariadne status` rule, with ground truth in place of feedback: confirmed = right at rank 1 (or quiet when unsolvable), disputed = wrong answer, partial = inconclusive with leads, empty = inconclusive with none.',
    '',
    '| alert class | runs | confirmed | disputed | partial | empty | bucket |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.alertClass} | ${r.counts.total} | ${r.counts.confirmed} | ${r.counts.disputed} | ${r.counts.partial} | ${r.counts.empty} | ${BUCKET_NAMES[r.bucket]} |`),
    '',
  ].join('\n');
}
