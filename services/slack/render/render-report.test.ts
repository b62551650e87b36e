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
    const found = buttons(renderReport(r, { expandedRanks: [] }).blocks);
    expect(found.map((b) => b.action_id)).toEqual([ACTION_IDS.expandFinding, ACTION_IDS.expandFinding]);
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
    const [first, second] = buttons(blocks);
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
    const values = buttons(renderReport(r, { expandedRanks: [] }).blocks).map((b) => JSON.parse(b.value ?? '').rank);
    expect(values).toEqual([1, 2]);
  });
});
