// Renders an investigation report as one Slack message. Summary first (an engineer reading on a
// phone hours later gets the answer in the first lines), then one collapsed line per finding whose
// evidence opens on demand. Pure: the same report and view always give the same blocks.
import type { types } from '@slack/bolt';
import type { Evidence, Finding, Report } from '../../agent/types.ts';
import { ACTION_IDS, encodeFindingButtonValue, findingActionsBlockId, findingBlockId } from '../ids.ts';
import { faultTypeWords } from './fault-type-words.ts';
import { fitBlockKit } from './fit-block-kit.ts';
import { context, section } from './blocks.ts';
import { codeBlock, codeSpan, escapeMrkdwn, oneLine, percent, truncate } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;

/** A chart of one metric evidence, served by the Slack app (`/charts/...`); the URL is built outside. */
export interface ChartRef {
  rank: number;
  /** Index of the evidence in the finding's evidence list. */
  evidenceIndex: number;
  imageUrl: string;
  altText: string;
}

export interface FindingVotes {
  rank: number;
  up: number;
  down: number;
}

export interface ReportView {
  /** Ranks of the findings whose evidence is shown. */
  expandedRanks: readonly number[];
  /** Ranks with a "search further" child investigation running: the button gives way to a note. */
  searchingRanks?: readonly number[];
  /** Ranks whose "search further" result has been posted in the thread. */
  searchedRanks?: readonly number[];
  /** 👍 / 👎 tally per finding; absent ranks have no votes. */
  votes?: readonly FindingVotes[];
  /** Charts for metric evidence of expanded findings. */
  charts?: readonly ChartRef[];
}

export interface RenderedMessage {
  /** Plain one-line fallback for notifications and screen readers. */
  text: string;
  blocks: KnownBlock[];
}

// Caps keep a message short enough to read; the store keeps everything. With every finding
// expanded the message stays under Block Kit's 50 blocks: 3 + 3 x (3 + 6 + 2 + 3) = 45.
export const MAX_FINDINGS_SHOWN = 3;
export const MAX_EVIDENCE_SHOWN = 6;
export const MAX_CHARTS_PER_FINDING = 2;
export const MAX_EVIDENCE_LINES = 5;
export const MAX_LINE_CHARS = 200;
export const MAX_CHECKED_SHOWN = 8;
const MAX_SUMMARY_CHARS = 300;
const MAX_FALLBACK_CHARS = 300;

const EVIDENCE_LABELS: Record<Evidence['kind'], { emoji: string; label: string }> = {
  metric: { emoji: ':chart_with_upwards_trend:', label: 'Metric' },
  logs: { emoji: ':scroll:', label: 'Logs' },
  event: { emoji: ':calendar:', label: 'Event' },
  pods: { emoji: ':package:', label: 'Pods' },
  graph: { emoji: ':spider_web:', label: 'Dependencies' },
};

export function renderReport(report: Report, view: ReportView): RenderedMessage {
  const findings = [...report.findings].sort((a, b) => a.rank - b.rank);
  const top = findings[0];
  if (report.outcome === 'inconclusive' || top === undefined) return renderInconclusive(report);

  const expanded = new Set(view.expandedRanks);
  const searching = new Set(view.searchingRanks ?? []);
  const searched = new Set(view.searchedRanks ?? []);
  const blocks: KnownBlock[] = [section(summaryLines(report, top)), { type: 'divider' }];
  for (const finding of findings.slice(0, MAX_FINDINGS_SHOWN)) {
    const isExpanded = expanded.has(finding.rank);
    const state = searching.has(finding.rank) ? 'searching' : searched.has(finding.rank) ? 'searched' : 'idle';
    const votes = view.votes?.find((v) => v.rank === finding.rank) ?? { rank: finding.rank, up: 0, down: 0 };
    blocks.push(findingHeader(report.investigationId, finding, isExpanded));
    blocks.push(findingActions(report.investigationId, finding.rank, state, votes));
    if (state === 'searching') blocks.push(context(':hourglass_flowing_sand: Searching further on this finding… the result will be posted in this thread.'));
    if (state === 'searched') blocks.push(context(':mag_right: Searched further: the result is in this thread.'));
    if (isExpanded) {
      const charts = (view.charts ?? []).filter((c) => c.rank === finding.rank);
      blocks.push(...findingDetails(finding, charts, report.guidanceApplied));
    }
  }
  if (findings.length > MAX_FINDINGS_SHOWN) {
    blocks.push(context(`${findings.length - MAX_FINDINGS_SHOWN} less likely findings not shown`));
  }
  blocks.push(context(checkedLine(report)));

  const fallback = `Likely root cause of "${oneLine(report.alert.title)}": ${top.service} (${faultTypeWords(top.faultType)}, ${percent(top.confidence)} confidence)`;
  return { text: escapeMrkdwn(truncate(fallback, MAX_FALLBACK_CHARS)), blocks: fitBlockKit(blocks) };
}

function summaryLines(report: Report, top: Finding): string {
  const lines = [
    `:mag: *Likely root cause:* ${codeSpan(top.service)}: ${faultTypeWords(top.faultType)} (${percent(top.confidence)} confidence)`,
  ];
  const summary = oneLine(report.summary || top.summary);
  if (summary) lines.push(escapeMrkdwn(truncate(summary, MAX_SUMMARY_CHARS)));
  const key = top.evidence[0];
  if (key) lines.push(`*Key evidence:* ${escapeMrkdwn(truncate(oneLine(key.summary), MAX_SUMMARY_CHARS))}`);
  return lines.join('\n');
}

function findingHeader(investigationId: string, finding: Finding, isExpanded: boolean): types.SectionBlock {
  const title = `*#${finding.rank} · ${escapeMrkdwn(finding.service)}* · ${faultTypeWords(finding.faultType)} · ${percent(finding.confidence)}`;
  return {
    type: 'section',
    block_id: findingBlockId(finding.rank),
    text: { type: 'mrkdwn', text: `${title}\n${escapeMrkdwn(truncate(oneLine(finding.summary), MAX_SUMMARY_CHARS))}` },
    accessory: {
      type: 'button',
      action_id: isExpanded ? ACTION_IDS.collapseFinding : ACTION_IDS.expandFinding,
      text: { type: 'plain_text', text: isExpanded ? 'Collapse' : 'Expand', emoji: true },
      value: encodeFindingButtonValue({ investigationId, rank: finding.rank }),
    },
  };
}

function findingActions(investigationId: string, rank: number, state: 'idle' | 'searching' | 'searched', votes: FindingVotes): types.ActionsBlock {
  const value = encodeFindingButtonValue({ investigationId, rank });
  const button = (actionId: string, text: string): types.Button => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text, emoji: true }, value });
  const elements: types.Button[] = [];
  // While a search runs (or after it), there is no button: a second click must not look possible.
  if (state === 'idle') elements.push(button(ACTION_IDS.searchFurther, ':mag_right: Search further'));
  elements.push(button(ACTION_IDS.voteUp, votes.up > 0 ? `:+1: ${votes.up}` : ':+1:'));
  elements.push(button(ACTION_IDS.voteDown, votes.down > 0 ? `:-1: ${votes.down}` : ':-1:'));
  elements.push(button(ACTION_IDS.openFeedback, 'Feedback'));
  return { type: 'actions', block_id: findingActionsBlockId(rank), elements };
}

function findingDetails(finding: Finding, charts: readonly ChartRef[], guidanceApplied: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chartsShown = 0;
  finding.evidence.slice(0, MAX_EVIDENCE_SHOWN).forEach((e, index) => {
    blocks.push(section(evidenceText(e)));
    const chart = charts.find((c) => c.evidenceIndex === index);
    if (chart && chartsShown < MAX_CHARTS_PER_FINDING) {
      chartsShown += 1;
      blocks.push({ type: 'image', image_url: chart.imageUrl, alt_text: truncate(oneLine(chart.altText), 1900) });
    }
  });
  if (finding.evidence.length > MAX_EVIDENCE_SHOWN) {
    blocks.push(context(`${finding.evidence.length - MAX_EVIDENCE_SHOWN} more pieces of evidence not shown; the store keeps all of it`));
  }
  if (finding.evidence.length === 0) blocks.push(context('No evidence recorded for this finding.'));
  const nextStep = oneLine(finding.nextStep);
  if (nextStep) blocks.push(section(`:point_right: *Next step:* ${escapeMrkdwn(nextStep)}`));
  if (guidanceApplied.length > 0) {
    const rules = guidanceApplied.slice(0, 3).map((g) => `• ${escapeMrkdwn(truncate(oneLine(g), MAX_LINE_CHARS))}`);
    if (guidanceApplied.length > 3) rules.push(`… and ${guidanceApplied.length - 3} more`);
    blocks.push(context(`:compass: *Guidance applied:*\n${rules.join('\n')}`));
  }
  return blocks;
}

function evidenceText(evidence: Evidence): string {
  const { emoji, label } = EVIDENCE_LABELS[evidence.kind];
  const where = [escapeMrkdwn(evidence.service), evidence.at ? escapeMrkdwn(evidence.at) : undefined].filter(Boolean).join(' · ');
  const parts = [`${emoji} *${label}* · ${where}`, escapeMrkdwn(truncate(oneLine(evidence.summary), MAX_SUMMARY_CHARS))];
  if (evidence.query) parts.push(codeSpan(truncate(evidence.query, 500)));
  const lines = (evidence.lines ?? []).slice(0, MAX_EVIDENCE_LINES).map((l) => truncate(l.replace(/\r?\n/g, ' ').trimEnd(), MAX_LINE_CHARS));
  if ((evidence.lines?.length ?? 0) > MAX_EVIDENCE_LINES) lines.push(`… ${(evidence.lines?.length ?? 0) - MAX_EVIDENCE_LINES} more lines`);
  if (lines.length > 0) parts.push(codeBlock(lines));
  return parts.filter((p) => p.length > 0).join('\n');
}

function renderInconclusive(report: Report): RenderedMessage {
  const intro = `:grey_question: *Inconclusive:* I could not pin down a root cause for _${escapeMrkdwn(oneLine(report.alert.title))}_.`;
  const summary = oneLine(report.summary);
  const blocks: KnownBlock[] = [section(summary ? `${intro}\n${escapeMrkdwn(truncate(summary, MAX_SUMMARY_CHARS))}` : intro)];
  if (report.checked.length > 0) {
    const shown = report.checked.slice(0, MAX_CHECKED_SHOWN).map((c) => `• ${escapeMrkdwn(truncate(oneLine(c), MAX_LINE_CHARS))}`);
    if (report.checked.length > MAX_CHECKED_SHOWN) shown.push(`… and ${report.checked.length - MAX_CHECKED_SHOWN} more`);
    blocks.push(section(`*What I checked:*\n${shown.join('\n')}`));
  }
  blocks.push(context(checkedLine(report)));
  const fallback = `Inconclusive: no root cause found for "${oneLine(report.alert.title)}" after ${report.toolCalls} checks`;
  return { text: escapeMrkdwn(truncate(fallback, MAX_FALLBACK_CHARS)), blocks: fitBlockKit(blocks) };
}

function checkedLine(report: Report): string {
  const checks = `${report.toolCalls} check${report.toolCalls === 1 ? '' : 's'}`;
  const steps = `${report.steps} step${report.steps === 1 ? '' : 's'}`;
  const guidance = report.guidanceApplied.length
    ? ` · guidance applied: ${report.guidanceApplied.map((g) => escapeMrkdwn(truncate(oneLine(g.split(':')[0] ?? g), 60))).join(', ')}`
    : '';
  return `What I checked: ${checks} in ${steps} · alert: ${escapeMrkdwn(oneLine(report.alert.title))} (${escapeMrkdwn(report.alert.service)})${guidance}`;
}
