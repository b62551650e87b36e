// "Stay quiet when unsure", as configured: an inconclusive report posts nothing (and no progress line
// appears first), yet is kept for /ariadne status; a report with findings still posts.
import { WebClient } from '@slack/web-api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../services/agent/types.ts';
import { parseCatalog } from '../../../services/graph/import-catalog.ts';
import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { createToolGateway, type ToolGateway } from '../../../services/mcp/gateway.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { createActivities } from '../../../services/worker/activities/index.ts';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { sampleReport } from '../slack/sample-report.ts';

const BOT = 'xoxb-quiet-0000';

describe('quiet when inconclusive', () => {
  let sim: RunningSimulator;
  let tools: ToolGateway;
  let store: InvestigationStore;

  beforeAll(async () => {
    sim = await startSimulator({ pagerdutyWebhookSecret: 's', slack: { botToken: BOT, signingSecret: 'x' } });
    tools = await createToolGateway({});
    store = openSqliteStore(':memory:');
  });
  afterAll(async () => {
    await tools.close();
    await store.close();
    await sim.close();
  });

  const activities = (quiet: boolean) =>
    createActivities({
      tools,
      graph: createInMemoryGraph(parseCatalog(sim.topologyYaml)),
      store,
      slack: new WebClient(BOT, { slackApiUrl: `${sim.urls.slack}/api/` }),
      defaultChannel: '#incidents',
      quietWhenInconclusive: quiet,
      logger: pino({ level: 'silent' }),
    });
  const ours = (id: string) => sim.slack.messages().filter((m) => m.metadata?.event_payload?.investigation_id === id);

  it('posts neither progress nor the note for an inconclusive report, and keeps the report', async () => {
    const report: Report = { ...sampleReport(), investigationId: 'investigate-QUIET1', outcome: 'inconclusive', findings: [], summary: 'Inconclusive' };
    const acts = activities(true);
    await acts.postProgress({ investigationId: report.investigationId, alert: report.alert, progress: { step: 0, toolCalls: 0, lastRationale: 'probe', checking: ['metrics of x'], elapsedMs: 10 } });
    await acts.postReport({ report });
    expect(ours(report.investigationId)).toHaveLength(0);
    expect((await store.getReport(report.investigationId))?.report.outcome).toBe('inconclusive');
  });

  it('still posts a report that has findings', async () => {
    const report: Report = { ...sampleReport(), investigationId: 'investigate-QUIET2' };
    await activities(true).postReport({ report });
    expect(ours(report.investigationId)).toHaveLength(1);
  });

  it('posts the inconclusive note when not configured to be quiet', async () => {
    const report: Report = { ...sampleReport(), investigationId: 'investigate-QUIET3', outcome: 'inconclusive', findings: [], summary: 'Inconclusive' };
    await activities(false).postReport({ report });
    expect(ours(report.investigationId)).toHaveLength(1);
  });
});
