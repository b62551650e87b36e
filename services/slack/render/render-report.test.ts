import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import type { Finding, Report } from '../../agent/types.ts';
import { ACTION_IDS, FindingButtonValueSchema } from '../ids.ts';
import { BLOCK_KIT_LIMITS } from './fit-block-kit.ts';
import { MAX_CHECKED_SHOWN, renderReport } from './render-report.ts';

type KnownBlock = types.KnownBlock;

function finding(rank: number, overrides: Partial<Finding> = {}): Finding {
  return {
    rank,
    service: rank === 1 ? 'inventory-service' : `service-${rank}`,
    faultType: rank === 1 ? 'bad_deploy' : 'cpu_saturation',
    confidence: rank === 1 ? 0.857 : 0.05,
    summary: `finding ${rank} summary`,
    evidence: [
      {
        kind: 'logs',
        service: 'inventory-service',
        summary: '412 ERROR lines since 13:20',
        query: 'service:inventory-service status:error',
        lines: ["KeyError: 'warehouse_id'", 'at org.example.Reserve.<init>(Reserve.java:42)'],
      },
      { kind: 'event', service: 'inventory-service', summary: 'Rolled out image 2.14.0 at 13:20' },
    ],
    nextStep: 'Roll back to 2.13.4.',
    ...overrides,
  };
}

function report(overrides: Partial<Report> = {}): Report {
  return {
    investigationId: 'investigate-Q1QKZKKZ7ZTJ1V',
    alert: {
      incidentId: 'Q1QKZKKZ7ZTJ1V',
      title: 'High error rate on storefront-web',
      service: 'storefront-web',
      severity: 'critical',
      triggeredAt: '2026-11-20T13:30:00Z',
      source: 'pagerduty',
    },
    outcome: 'found',
    summary: 'inventory-service 2.14.0 fails reservations since 13:20',
    findings: [finding(1), finding(2)],
    checked: ['search logs for inventory-service', 'list events for inventory-service'],
    steps: 5,
    toolCalls: 12,
    tokens: 0,
    guidanceApplied: [],
    ...overrides,
  };
}

function huge(): Report {
  const longLine = 'x'.repeat(5000);
  const findings = Array.from({ length: 12 }, (_, i) =>
    finding(i + 1, {
      summary: 's'.repeat(4000),
      nextStep: 'n'.repeat(4000),
      evidence: Array.from({ length: 30 }, () => ({
        kind: 'logs' as const,
        service: 'inventory-service',
        summary: 'e'.repeat(4000),
        query: 'q'.repeat(4000),
        lines: Array.from({ length: 50 }, () => longLine),
      })),
    }),
  );
  return report({ findings, summary: 'y'.repeat(10_000), alert: { ...report().alert, title: 't'.repeat(2000) } });
}

function texts(block: KnownBlock): string[] {
  if (block.type === 'section') return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)];
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
  if (block.type === 'header') return [block.text.text];
  return [];
}

function buttons(blocks: KnownBlock[]): types.Button[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section' && b.accessory?.type === 'button') return [b.accessory];
    if (b.type === 'actions') return b.elements.filter((e): e is types.Button => e.type === 'button');
    return [];
  });
}

const allText = (blocks: KnownBlock[]) => blocks.flatMap(texts).join('\n');

describe('renderReport', () => {
  it('opens with the likely root cause, its confidence as a percentage and the key evidence', () => {
    const { blocks } = renderReport(report(), { expandedRanks: [] });
    const first = texts(blocks[0]!)[0]!;
    expect(blocks[0]!.type).toBe('section');
    expect(first).toContain('inventory-service');
    expect(first).toContain('bad deploy');
    expect(first).toContain('86%');
    expect(first).toContain('412 ERROR lines since 13:20');
    expect(first.split('\n').length).toBeLessThanOrEqual(3);
  });

  it('gives a plain one-line fallback text naming the root cause', () => {
    const { text } = renderReport(report(), { expandedRanks: [] });
    expect(text).not.toContain('\n');
    expect(text).toContain('inventory-service');
    expect(text).toContain('86%');
    expect(text).not.toMatch(/[*`]/);
  });

  it('gives every finding an Expand button whose value parses back to its investigation and rank', () => {
    const r = report();
    const found = buttons(renderReport(r, { expandedRanks: [] }).blocks).filter((b) => b.action_id === ACTION_IDS.expandFinding);
    expect(found).toHaveLength(2);
    expect(found.map((b) => b.text.text)).toEqual(['Expand', 'Expand']);
    const values = found.map((b) => FindingButtonValueSchema.parse(JSON.parse(b.value ?? '')));
    expect(values).toEqual([
      { investigationId: r.investigationId, rank: 1 },
      { investigationId: r.investigationId, rank: 2 },
    ]);
  });

  it('keeps evidence out of a collapsed finding', () => {
    const collapsed = allText(renderReport(report(), { expandedRanks: [] }).blocks);
    expect(collapsed).not.toContain('service:inventory-service status:error');
    expect(collapsed).not.toContain('warehouse_id');
  });

  it('shows an expanded finding\'s evidence query, lines and next step, and offers Collapse', () => {
    const { blocks } = renderReport(report(), { expandedRanks: [1] });
    const text = allText(blocks);
    expect(text).toContain('`service:inventory-service status:error`');
    expect(text).toMatch(/```\nKeyError: 'warehouse_id'\n/);
    expect(text).toContain('Rolled out image 2.14.0 at 13:20');
    expect(text).toContain('Roll back to 2.13.4.');
    const [first, second] = buttons(blocks).filter((b) => b.action_id === ACTION_IDS.collapseFinding || b.action_id === ACTION_IDS.expandFinding);
    expect(first?.action_id).toBe(ACTION_IDS.collapseFinding);
    expect(first?.text.text).toBe('Collapse');
    expect(second?.action_id).toBe(ACTION_IDS.expandFinding);
    // only finding 1's next step is shown
    expect(text.match(/Next step/g)).toHaveLength(1);
  });

  it('escapes Slack control characters in text it did not write', () => {
    const text = allText(renderReport(report(), { expandedRanks: [1] }).blocks);
    expect(text).toContain('Reserve.&lt;init&gt;(Reserve.java:42)');
    expect(text).not.toContain('<init>');
  });

  it('ends with how much was checked', () => {
    const { blocks } = renderReport(report(), { expandedRanks: [] });
    const last = blocks[blocks.length - 1]!;
    expect(last.type).toBe('context');
    expect(texts(last)[0]).toContain('12 checks in 5 steps');
  });

  it('stays within Block Kit limits for a report with huge evidence, everything expanded', () => {
    const r = huge();
    const { text, blocks } = renderReport(r, { expandedRanks: r.findings.map((f) => f.rank) });
    expect(blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocks);
    for (const b of blocks) {
      if (b.type === 'section') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.headerText);
      for (const t of texts(b)) expect(t.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    }
    for (const b of buttons(blocks)) {
      expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.buttonText);
      expect(b.value?.length ?? 0).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.buttonValue);
      expect(FindingButtonValueSchema.safeParse(JSON.parse(b.value ?? '')).success).toBe(true);
    }
    expect(text.length).toBeLessThan(400);
    expect(allText(blocks)).toContain('… (truncated)');
  });

  it('gives unique block ids, as Slack requires', () => {
    const r = huge();
    const ids = renderReport(r, { expandedRanks: [1, 2, 3] }).blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders an inconclusive report as a short note of what was checked, without buttons', () => {
    const checked = Array.from({ length: 20 }, (_, i) => `check number ${i + 1}`);
    const r = report({ outcome: 'inconclusive', findings: [finding(1, { confidence: 0.2 })], checked, summary: 'No signal stood out.' });
    const { text, blocks } = renderReport(r, { expandedRanks: [1] });
    expect(buttons(blocks)).toEqual([]);
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    const all = allText(blocks);
    expect(all).toContain('Inconclusive');
    expect(all).toContain(`check number ${MAX_CHECKED_SHOWN}`);
    expect(all).not.toContain(`check number ${MAX_CHECKED_SHOWN + 1}\n`);
    expect(all).toContain(`… and ${20 - MAX_CHECKED_SHOWN} more`);
    expect(text).toMatch(/^Inconclusive/);
    expect(text).not.toContain('\n');
  });

  it('orders findings by rank whatever order the report lists them in', () => {
    const r = report({ findings: [finding(2), finding(1)] });
    const values = buttons(renderReport(r, { expandedRanks: [] }).blocks)
      .filter((b) => b.action_id === ACTION_IDS.expandFinding)
      .map((b) => JSON.parse(b.value ?? '').rank);
    expect(values).toEqual([1, 2]);
  });
});

describe('renderReport: finding buttons and view state', () => {
  const three = () =>
    report({
      findings: [finding(1), finding(2), finding(3), finding(4)],
      guidanceApplied: ['checkout-payments: for burn-rate alerts on checkout, always check the payments dependency'],
    });
  const metric = (i: number) => ({
    kind: 'metric' as const,
    service: 'inventory-service',
    summary: `error rate 0.2% -> 35% (${i})`,
    query: 'sum:trace.http.request.errors{service:inventory-service}.as_count()',
    points: [
      { at: '2026-11-20T13:00:00Z', value: 0.2 },
      { at: '2026-11-20T13:30:00Z', value: 35 },
    ],
    changeAt: '2026-11-20T13:20:00Z',
  });

  it('shows at most three findings, each with Search further, 👍, 👎 and Feedback whose values parse back', () => {
    const r = three();
    const { blocks } = renderReport(r, { expandedRanks: [] });
    const rows = blocks.filter((b): b is types.ActionsBlock => b.type === 'actions');
    expect(rows).toHaveLength(3);
    for (const [index, row] of rows.entries()) {
      const ids = row.elements.map((e) => ('action_id' in e ? e.action_id : undefined));
      expect(ids).toEqual([ACTION_IDS.searchFurther, ACTION_IDS.voteUp, ACTION_IDS.voteDown, ACTION_IDS.openFeedback]);
      for (const e of row.elements as types.Button[]) {
        expect(FindingButtonValueSchema.parse(JSON.parse(e.value ?? ''))).toEqual({ investigationId: r.investigationId, rank: index + 1 });
      }
    }
    expect(allText(blocks)).toContain('1 less likely findings not shown');
  });

  it('replaces Search further by a "searching" note while the child runs, and by a pointer to the thread after', () => {
    const { blocks } = renderReport(three(), { expandedRanks: [], searchingRanks: [2], searchedRanks: [3] });
    const searchButtons = buttons(blocks).filter((b) => b.action_id === ACTION_IDS.searchFurther);
    expect(searchButtons.map((b) => JSON.parse(b.value ?? '').rank)).toEqual([1]);
    const text = allText(blocks);
    expect(text).toMatch(/Searching further on this finding/);
    expect(text).toMatch(/Searched further: the result is in this thread/);
    // the note sits under its own finding
    const noteIndex = blocks.findIndex((b) => texts(b).some((t) => t.includes('Searching further')));
    expect(blocks[noteIndex - 2]?.block_id).toBe('ariadne_finding_2');
  });

  it('shows the vote tally on the vote buttons', () => {
    const { blocks } = renderReport(three(), { expandedRanks: [], votes: [{ rank: 1, up: 2, down: 1 }] });
    const votes = buttons(blocks).filter((b) => b.action_id === ACTION_IDS.voteUp || b.action_id === ACTION_IDS.voteDown).map((b) => b.text.text);
    expect(votes.slice(0, 2)).toEqual([':+1: 2', ':-1: 1']);
    expect(votes.slice(2)).toEqual([':+1:', ':-1:', ':+1:', ':-1:']);
  });

  it('shows a chart image only under an expanded finding\'s metric evidence, at most two per finding', () => {
    const r = report({ findings: [finding(1, { evidence: [metric(0), metric(1), metric(2)] }), finding(2, { evidence: [metric(0)] })] });
    const charts = [0, 1, 2].map((i) => ({ rank: 1, evidenceIndex: i, imageUrl: `https://ariadne.example/charts/x/1/${i}.png`, altText: `chart ${i}` }));
    charts.push({ rank: 2, evidenceIndex: 0, imageUrl: 'https://ariadne.example/charts/x/2/0.png', altText: 'chart of 2' });
    const collapsed = renderReport(r, { expandedRanks: [], charts }).blocks;
    expect(collapsed.some((b) => b.type === 'image')).toBe(false);
    const expanded = renderReport(r, { expandedRanks: [1], charts }).blocks;
    const images = expanded.filter((b): b is types.ImageBlock => b.type === 'image');
    expect(images.map((b) => ('image_url' in b ? b.image_url : ''))).toEqual(['https://ariadne.example/charts/x/1/0.png', 'https://ariadne.example/charts/x/1/1.png']);
    // each image directly follows the evidence it charts
    const first = expanded.findIndex((b) => b.type === 'image');
    expect(texts(expanded[first - 1]!)[0]).toContain('error rate 0.2% -&gt; 35% (0)');
  });

  it('shows the guidance applied in an expanded finding', () => {
    const text = allText(renderReport(three(), { expandedRanks: [1] }).blocks);
    expect(text).toContain('Guidance applied');
    expect(text).toContain('always check the payments dependency');
  });

  it('fits 3 fully expanded findings with huge evidence, charts, votes and notes in 50 blocks without dropping any', () => {
    const r = huge();
    const charts = r.findings.flatMap((f) => f.evidence.map((_, i) => ({ rank: f.rank, evidenceIndex: i, imageUrl: `https://a.example/${f.rank}/${i}.png`, altText: 'x'.repeat(3000) })));
    const { blocks } = renderReport(r, { expandedRanks: [1, 2, 3], searchingRanks: [1], searchedRanks: [2], votes: [{ rank: 1, up: 3, down: 4 }], charts });
    expect(blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocks);
    expect(allText(blocks)).not.toContain('more blocks not shown');
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(6);
    for (const b of blocks) if (b.type === 'image') expect(b.alt_text.length).toBeLessThanOrEqual(2000);
    for (const b of buttons(blocks)) expect(FindingButtonValueSchema.safeParse(JSON.parse(b.value ?? '')).success).toBe(true);
  });
});
