import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../tests/integration/slack/sample-report.ts';
import { chartRefs, searchFurtherRanks, servicesInReport, voteTally } from './report-view.ts';

const vote = (userId: string, kind: 'vote_up' | 'vote_down', findingRank = 1) => ({ userId, kind, findingRank });

describe('voteTally', () => {
  it('counts each user\'s latest vote once per finding', () => {
    expect(
      voteTally([vote('U1', 'vote_up'), vote('U1', 'vote_up'), vote('U2', 'vote_up'), vote('U2', 'vote_down'), vote('U3', 'vote_down', 2), { userId: 'U4', kind: 'expand', findingRank: 1 }]),
    ).toEqual([
      { rank: 1, up: 1, down: 1 },
      { rank: 2, up: 0, down: 1 },
    ]);
  });
});

describe('searchFurtherRanks', () => {
  it('lists each rank asked for once', () => {
    expect(searchFurtherRanks([{ kind: 'search_further', findingRank: 2 }, { kind: 'expand', findingRank: 1 }, { kind: 'search_further', findingRank: 2 }])).toEqual([2]);
  });
});

describe('chartRefs', () => {
  const points = [
    { at: '2026-11-20T13:00:00Z', value: 0.2 },
    { at: '2026-11-20T13:30:00Z', value: 35 },
  ];
  const report = sampleReport();
  report.findings[0]!.evidence[2] = { ...report.findings[0]!.evidence[2]!, points, changeAt: '2026-11-20T13:20:00Z' };

  it('gives a chart URL for metric evidence with a series in expanded findings only, with the revision', () => {
    const refs = chartRefs({ report, revision: 4 }, [1, 2], 'https://ariadne.example.com/');
    expect(refs).toEqual([
      { rank: 1, evidenceIndex: 2, imageUrl: 'https://ariadne.example.com/charts/investigate-Q1QKZKKZ7ZTJ1V/1/2.png?r=4', altText: expect.stringContaining('error rate 0.2% -> 35%') },
    ]);
    expect(chartRefs({ report, revision: 4 }, [2], 'https://ariadne.example.com')).toEqual([]);
  });

  it('gives none without a public URL', () => {
    expect(chartRefs({ report, revision: 1 }, [1], undefined)).toEqual([]);
  });
});

describe('servicesInReport', () => {
  it('lists the alerting service and every service in findings and evidence, once each', () => {
    expect(servicesInReport(sampleReport())).toEqual(['inventory-service', 'payments-service', 'storefront-web']);
  });
});
