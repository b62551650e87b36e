// Charts of metric evidence: the expanded finding carries an image block whose URL the Slack app
// itself serves as a PNG rendered from the stored report (Bolt custom route).
import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../services/agent/types.ts';
import { ACTION_IDS, findingBlockId } from '../../../services/slack/ids.ts';
import { MEMBERS, startHarness, type Harness } from './slack-app-harness.ts';
import { sampleReport } from './sample-report.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PUBLIC_URL = 'https://ariadne.acme-shop.example';

function withSeries(): Partial<Report> {
  const report = sampleReport();
  const start = Date.parse('2026-11-20T12:50:00Z');
  const points = Array.from({ length: 45 }, (_, i) => ({ at: new Date(start + i * 60_000).toISOString(), value: i < 30 ? 0.2 + (i % 4) * 0.05 : 33 + (i % 3) }));
  report.findings[0]!.evidence[2] = { ...report.findings[0]!.evidence[2]!, points, changeAt: '2026-11-20T13:20:00Z', unit: '%' };
  return { findings: report.findings };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await h.close();
});

describe('metric charts', () => {
  it('adds the chart of a metric with a series to the expanded finding, served as a cacheable PNG', async () => {
    const { report, ts } = await h.postSample('investigate-CHART1', withSeries());
    expect(JSON.stringify(h.slack.fake.messages().find((m) => m.ts === ts)?.blocks)).not.toContain('"image"');
    await h.slack.fake.clickButton({ channel: 'C0ALERTS01', ts, actionId: ACTION_IDS.expandFinding, blockId: findingBlockId(1), appUrl: h.appUrl, userId: MEMBERS[0] });
    const expanded = await h.slack.fake.waitForMessage((m) => m.ts === ts && m.updates >= 1, 5000);
    const images = expanded.blocks.filter((b) => b.type === 'image') as unknown as { image_url: string; alt_text: string }[];
    expect(images).toHaveLength(1);
    const url = images[0]!.image_url;
    expect(url).toBe(`${PUBLIC_URL}/charts/${report.investigationId}/1/2.png?r=1`);
    expect(images[0]!.alt_text).toContain('error rate 0.2% -> 35% at 13:20');

    const response = await fetch(url.replace(PUBLIC_URL, h.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    mkdirSync('artefacts/charts', { recursive: true });
    writeFileSync('artefacts/charts/expanded-finding-chart.png', png);
  });

  it('answers 404 for evidence without a series and 400 for a malformed path, naming the problem', async () => {
    await h.postSample('investigate-CHART2', withSeries());
    const noSeries = await fetch(`${h.baseUrl}/charts/investigate-CHART2/1/0.png`);
    expect(noSeries.status).toBe(404);
    expect(await noSeries.text()).toMatch(/no metric series at evidence 0/);
    const unknown = await fetch(`${h.baseUrl}/charts/investigate-NOPE/1/2.png`);
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${h.baseUrl}/charts/investigate-CHART2/1/two.png`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^file: /);
  });
});
