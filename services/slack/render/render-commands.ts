// Replies to `/ariadne ...`, shown only to the person who typed it: the guidance catalog with its
// conflicts, confirmations with the rule id, refusals, status per alert class, and help.
import type { types } from '@slack/bolt';
import type { GuidanceRule } from '../../agent/guidance.ts';
import type { AlertClassBucket } from '../alert-class-bucket.ts';
import type { CatalogRule } from '../guidance-catalog.ts';
import type { StatusReport } from '../status-report.ts';
import { context, section } from './blocks.ts';
import { faultTypeWords } from './fault-type-words.ts';
import { fitBlockKit } from './fit-block-kit.ts';
import { codeSpan, escapeMrkdwn, oneLine, percent, truncate } from './mrkdwn.ts';
import type { RenderedMessage } from './render-report.ts';

export const MAX_RULES_SHOWN = 40;
export const MAX_RECENT_SHOWN = 10;

const BUCKET_WORDS: Record<AlertClassBucket, string> = {
  solved: ':white_check_mark: solved with confidence',
  learnable: ':seedling: learnable',
  out_of_reach: ':no_entry_sign: out of reach',
};

function classWord(alertClass: string): string {
  return alertClass === '*' ? 'global' : alertClass;
}

function ruleLine(c: CatalogRule): string {
  const scope = `${classWord(c.rule.alertClass)}${c.rule.service ? ` · ${escapeMrkdwn(c.rule.service)}` : ''}`;
  const origin = c.source === 'slack' ? `from Slack by <@${c.createdBy ?? 'unknown'}>` : 'from YAML';
  const conflict = c.conflictsWith.length > 0 ? `\n    :warning: conflicts with ${c.conflictsWith.map((id) => codeSpan(id)).join(', ')}` : '';
  return `• ${codeSpan(c.rule.id)} (${scope}, ${origin}): ${escapeMrkdwn(truncate(oneLine(c.rule.text), 300))}${conflict}`;
}

export function renderGuidanceList(rules: readonly CatalogRule[], alertClass: string | undefined): RenderedMessage {
  const heading = alertClass ? `*Guidance for ${classWord(alertClass)} alerts* (with the global rules)` : '*All guidance*';
  if (rules.length === 0) {
    return { text: 'No guidance yet.', blocks: [section(`${heading}\nNo guidance yet. Add some with \`/ariadne guidance add <alert-class|global> <text>\`.`)] };
  }
  const blocks: types.KnownBlock[] = [section(heading)];
  const byClass = new Map<string, CatalogRule[]>();
  for (const r of rules.slice(0, MAX_RULES_SHOWN)) byClass.set(r.rule.alertClass, [...(byClass.get(r.rule.alertClass) ?? []), r]);
  for (const [cls, group] of [...byClass.entries()].sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)))) {
    blocks.push(section(`*${classWord(cls)}*\n${group.map(ruleLine).join('\n')}`));
  }
  const conflicts = rules.filter((r) => r.conflictsWith.length > 0).length;
  const notes = [`${rules.length} rule${rules.length === 1 ? '' : 's'}`];
  if (rules.length > MAX_RULES_SHOWN) notes.push(`${rules.length - MAX_RULES_SHOWN} not shown`);
  if (conflicts > 0) notes.push(`:warning: ${conflicts} in conflict (same alert class and service, or the same id): remove or reword one`);
  notes.push('YAML rules change through the repo; Slack rules with `/ariadne guidance remove <id>`');
  blocks.push(context(notes.join(' · ')));
  return { text: `${rules.length} guidance rules${conflicts > 0 ? `, ${conflicts} in conflict` : ''}`, blocks: fitBlockKit(blocks) };
}

export function renderGuidanceAdded(rule: GuidanceRule, conflictsWith: readonly string[]): RenderedMessage {
  const scope = `${classWord(rule.alertClass)}${rule.service ? ` · ${escapeMrkdwn(rule.service)}` : ''}`;
  const lines = [`:white_check_mark: Added guidance ${codeSpan(rule.id)} (${scope}): ${escapeMrkdwn(truncate(oneLine(rule.text), 500))}`];
  if (conflictsWith.length > 0) lines.push(`:warning: It conflicts with ${conflictsWith.map((id) => codeSpan(id)).join(', ')} (same alert class and service).`);
  return { text: `Added guidance ${rule.id}`, blocks: [section(lines.join('\n')), context(`Remove it with \`/ariadne guidance remove ${rule.id}\``)] };
}

export function renderGuidanceRemoved(id: string, text: string): RenderedMessage {
  return { text: `Removed guidance ${id}`, blocks: [section(`:wastebasket: Removed guidance ${codeSpan(id)}: ${escapeMrkdwn(truncate(oneLine(text), 500))}`)] };
}

export function renderNotice(text: string): RenderedMessage {
  return { text, blocks: [section(text)] };
}

export function renderStatus(status: StatusReport): RenderedMessage {
  if (status.recent.length === 0) {
    return renderNotice(`No investigations in the last ${status.days} days.`);
  }
  const classes = status.classes.map((c) => {
    const n = c.counts;
    const detail = `${n.total} investigation${n.total === 1 ? '' : 's'}: ${n.confirmed} confirmed, ${n.disputed} disputed, ${n.partial} inconclusive with leads, ${n.empty} inconclusive`;
    return `• *${escapeMrkdwn(c.alertClass)}*: ${BUCKET_WORDS[c.bucket]} (${detail})`;
  });
  const recent = status.recent.slice(0, MAX_RECENT_SHOWN).map((r) => {
    const when = r.createdAt.slice(0, 16).replace('T', ' ');
    const outcome = r.outcome === 'found' && r.topFinding
      ? `${codeSpan(r.topFinding.service)} ${faultTypeWords(r.topFinding.faultType)} (${percent(r.topFinding.confidence)})${r.verdict === 'disputed' ? ' :-1: disputed' : ''}`
      : 'inconclusive';
    return `• ${when} · _${escapeMrkdwn(truncate(oneLine(r.title), 80))}_ · ${escapeMrkdwn(r.alertClass)} → ${outcome}`;
  });
  const blocks: types.KnownBlock[] = [
    section(`*Alert classes, last ${status.days} days*\n${classes.join('\n')}`),
    section(`*Recent investigations*\n${recent.join('\n')}`),
    context('Solved: ≥ 70% found without a :-1: or a correction · out of reach: ≥ 50% inconclusive without findings · learnable: the rest'),
  ];
  return { text: `Ariadne status: ${status.recent.length} investigations in ${status.days} days`, blocks: fitBlockKit(blocks) };
}

export function renderHelp(alertClasses: readonly string[], problem?: string): RenderedMessage {
  const lines = [
    ...(problem ? [`:warning: ${escapeMrkdwn(problem)}`, ''] : []),
    '*Ariadne commands*',
    '• `/ariadne guidance add <alert-class|global> [service:<name>] <text>`: add guidance (guidance editors only)',
    '• `/ariadne guidance list [alert-class]`: guidance from YAML and Slack, with conflicts',
    '• `/ariadne guidance remove <id>`: remove guidance added from Slack (guidance editors only)',
    '• `/ariadne status`: recent investigations and how well each alert class is handled',
    `Alert classes: ${alertClasses.map((c) => `\`${c}\``).join(', ')}`,
  ];
  return { text: problem ? `Ariadne: ${problem}` : 'Ariadne commands', blocks: [section(lines.join('\n'))] };
}
