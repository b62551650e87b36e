// What a posted report looks like right now is derived from the store, never read back from the
// message: the recorded clicks say which findings are open and how people voted, the child reports
// say which "search further" runs have finished, and the report's metric evidence says which charts
// to show. The worker (posting) and the listeners (re-rendering) both call loadReportView.
import type { Report } from '../agent/types.ts';
import type { Interaction, InvestigationStore, StoredReport } from '../store/index.ts';
import { chartPath, hasChart } from './charts/chart-route.ts';
import { expandedRanks } from './expanded-ranks.ts';
import { searchFurtherInvestigationId } from './ids.ts';
import type { ChartRef, FindingVotes, ReportView } from './render/render-report.ts';

export interface ReportViewOptions {
  /** Public base URL of the Slack app (serves /charts/...); without it no charts are shown. */
  publicUrl?: string | undefined;
}

/** 👍 / 👎 per finding: each user's latest vote counts once, so changing one's mind moves the tally. */
export function voteTally(interactions: readonly Pick<Interaction, 'kind' | 'findingRank' | 'userId'>[]): FindingVotes[] {
  const latest = new Map<number, Map<string, 'vote_up' | 'vote_down'>>();
  for (const i of interactions) {
    if (i.kind !== 'vote_up' && i.kind !== 'vote_down') continue;
    const byUser = latest.get(i.findingRank) ?? new Map<string, 'vote_up' | 'vote_down'>();
    byUser.set(i.userId, i.kind);
    latest.set(i.findingRank, byUser);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rank, byUser]) => {
      const votes = [...byUser.values()];
      return { rank, up: votes.filter((v) => v === 'vote_up').length, down: votes.filter((v) => v === 'vote_down').length };
    });
}

/** Ranks someone asked to search further on, in rank order. */
export function searchFurtherRanks(interactions: readonly Pick<Interaction, 'kind' | 'findingRank'>[]): number[] {
  return [...new Set(interactions.filter((i) => i.kind === 'search_further').map((i) => i.findingRank))].sort((a, b) => a - b);
}

/** Chart image URLs for the metric evidence (with a series) of the expanded findings. */
export function chartRefs(stored: StoredReport, expanded: readonly number[], publicUrl: string | undefined): ChartRef[] {
  if (!publicUrl) return [];
  const base = publicUrl.replace(/\/+$/, '');
  const open = new Set(expanded);
  const refs: ChartRef[] = [];
  for (const finding of stored.report.findings) {
    if (!open.has(finding.rank)) continue;
    finding.evidence.forEach((evidence, evidenceIndex) => {
      if (!hasChart(evidence)) return;
      // The revision in the query string busts Slack's image cache when a later revision changes the series.
      const imageUrl = `${base}${chartPath(stored.report.investigationId, finding.rank, evidenceIndex)}?r=${stored.revision}`;
      refs.push({ rank: finding.rank, evidenceIndex, imageUrl, altText: `Chart of ${evidence.service}: ${evidence.summary}` });
    });
  }
  return refs;
}

export async function loadReportView(store: InvestigationStore, stored: StoredReport, options: ReportViewOptions = {}): Promise<ReportView> {
  const id = stored.report.investigationId;
  const interactions = await store.listInteractions(id);
  const asked = searchFurtherRanks(interactions);
  // A finished child is known by its stored report, whoever started it (a click, or the worker).
  const ranks = stored.report.findings.map((f) => f.rank).sort((a, b) => a - b);
  const done = await Promise.all(ranks.map(async (rank) => ((await store.getReport(searchFurtherInvestigationId(id, rank))) ? rank : undefined)));
  const searched = done.filter((r): r is number => r !== undefined);
  const expanded = expandedRanks(interactions);
  return {
    expandedRanks: expanded,
    searchingRanks: asked.filter((r) => !searched.includes(r)),
    searchedRanks: searched,
    votes: voteTally(interactions),
    charts: chartRefs(stored, expanded, options.publicUrl),
  };
}

/** The services a report's findings and evidence mention: the choices for a corrected root cause. */
export function servicesInReport(report: Report): string[] {
  const services = new Set<string>([report.alert.service]);
  for (const f of report.findings) {
    services.add(f.service);
    for (const e of f.evidence) services.add(e.service);
  }
  return [...services].filter((s) => s.length > 0).sort();
}
