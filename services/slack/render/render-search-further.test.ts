import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../../tests/integration/slack/sample-report.ts';
import { BLOCK_KIT_LIMITS } from './fit-block-kit.ts';
import { renderSearchFurther } from './render-search-further.ts';

const parent = sampleReport();

describe('renderSearchFurther', () => {
  it('names the parent finding and leads with what the child found, its evidence and next step', () => {
    const child = sampleReport({
      investigationId: 'investigate-Q1QKZKKZ7ZTJ1V-further-2',
      summary: 'payments-service 3.2.1 leaks connections to payments-db',
      findings: [{ ...sampleReport().findings[0]!, service: 'payments-db', faultType: 'db_connection_exhaustion', confidence: 0.72, nextStep: 'Raise the pool limit.' }],
      toolCalls: 6,
      steps: 3,
    });
    const { text, blocks } = renderSearchFurther({ parent, rank: 2, report: child });
    const all = JSON.stringify(blocks);
    expect(all).toContain('finding #2');
    expect(all).toContain('payments-service');
    expect(all).toContain('payments-db');
    expect(all).toContain('database connections exhausted');
    expect(all).toContain('72%');
    expect(all).toContain('kubectl -n prod get events');
    expect(all).toContain('Raise the pool limit.');
    expect(all).toContain('6 more checks in 3 steps');
    expect(all).not.toContain('"type":"button"');
    expect(text).toBe('Searched further on finding #2: payments-db (database connections exhausted, 72%)');
  });

  it('says plainly when the search found nothing more', () => {
    const child = sampleReport({ outcome: 'inconclusive', findings: [], summary: '', toolCalls: 4, steps: 2 });
    const { text, blocks } = renderSearchFurther({ parent, rank: 1, report: child });
    expect(JSON.stringify(blocks)).toContain('nothing more stood out');
    expect(text).toContain('nothing more found');
  });

  it('stays within Block Kit limits with huge child findings', () => {
    const big = 'z'.repeat(10_000);
    const child = sampleReport({ summary: big, findings: sampleReport().findings.map((f) => ({ ...f, summary: big, nextStep: big, evidence: f.evidence.map((e) => ({ ...e, summary: big, query: big })) })) });
    const { blocks } = renderSearchFurther({ parent, rank: 1, report: child });
    for (const b of blocks) if (b.type === 'section') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
  });
});
