// The thread reply a "search further" child investigation posts: which finding it dug into, and
// what it found there (or that it found nothing more), in the same summary-first shape as a report.
import type { types } from '@slack/bolt';
import type { Report } from '../../agent/types.ts';
import { context, section } from './blocks.ts';
import { faultTypeWords } from './fault-type-words.ts';
import { fitBlockKit } from './fit-block-kit.ts';
import { codeSpan, escapeMrkdwn, oneLine, percent, truncate } from './mrkdwn.ts';
import type { RenderedMessage } from './render-report.ts';

export interface SearchFurtherView {
  parent: Report;
  /** The parent finding that was searched further. */
  rank: number;
  /** The child investigation's report. */
  report: Report;
}

export const MAX_CHILD_FINDINGS_SHOWN = 3;
export const MAX_CHILD_EVIDENCE_SHOWN = 3;

export function renderSearchFurther(view: SearchFurtherView): RenderedMessage {
  const parentFinding = view.parent.findings.find((f) => f.rank === view.rank);
  const about = parentFinding
    ? `finding #${view.rank} (${codeSpan(parentFinding.service)}: ${faultTypeWords(parentFinding.faultType)})`
    : `finding #${view.rank}`;
  const findings = [...view.report.findings].sort((a, b) => a.rank - b.rank);
  const top = findings[0];
  const blocks: types.KnownBlock[] = [];

  if (view.report.outcome === 'inconclusive' || top === undefined) {
    blocks.push(section(`:mag_right: *Searched further on ${about}:* nothing more stood out.${summaryTail(view.report.summary)}`));
  } else {
    blocks.push(
      section(
        `:mag_right: *Searched further on ${about}:* ${codeSpan(top.service)}: ${faultTypeWords(top.faultType)} (${percent(top.confidence)} confidence)${summaryTail(view.report.summary || top.summary)}`,
      ),
    );
    const lines = findings.slice(0, MAX_CHILD_FINDINGS_SHOWN).map(
      (f) => `*#${f.rank} · ${escapeMrkdwn(f.service)}* · ${faultTypeWords(f.faultType)} · ${percent(f.confidence)}: ${escapeMrkdwn(truncate(oneLine(f.summary), 200))}`,
    );
    blocks.push(section(lines.join('\n')));
    const evidence = top.evidence.slice(0, MAX_CHILD_EVIDENCE_SHOWN).map((e) => {
      const query = e.query ? ` ${codeSpan(truncate(e.query, 300))}` : '';
      return `• ${escapeMrkdwn(truncate(oneLine(e.summary), 250))}${query}`;
    });
    if (evidence.length > 0) blocks.push(section(`*Evidence:*\n${evidence.join('\n')}`));
    const nextStep = oneLine(top.nextStep);
    if (nextStep) blocks.push(section(`:point_right: *Next step:* ${escapeMrkdwn(truncate(nextStep, 500))}`));
  }
  blocks.push(context(`${view.report.toolCalls} more check${view.report.toolCalls === 1 ? '' : 's'} in ${view.report.steps} step${view.report.steps === 1 ? '' : 's'}`));

  const outcome = top && view.report.outcome === 'found' ? `${top.service} (${faultTypeWords(top.faultType)}, ${percent(top.confidence)})` : 'nothing more found';
  return { text: escapeMrkdwn(truncate(`Searched further on finding #${view.rank}: ${outcome}`, 300)), blocks: fitBlockKit(blocks) };
}

function summaryTail(summary: string): string {
  const line = oneLine(summary);
  return line ? `\n${escapeMrkdwn(truncate(line, 300))}` : '';
}
