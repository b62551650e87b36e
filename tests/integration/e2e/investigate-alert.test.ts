// The walking skeleton end to end: a signed PagerDuty webhook into intake, the investigateAlert
// workflow on a real Temporal dev server, MCP tools calling the official Datadog and Kubernetes
// clients against the simulator, the report posted through the official Slack client, and an
// "Expand" click sent, signed, to the Bolt app.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAriadne, type RunningAriadne } from '../../../services/ariadne.ts';
import { loadConfig, type Config } from '../../../services/config.ts';
import { runInvestigation } from '../../../services/agent/loop.ts';
import { createActivities } from '../../../services/worker/activities/index.ts';
import { createActivityDeps } from '../../../services/worker/worker.ts';
import { createInProcessHost } from '../../../evals/runner/in-process-host.ts';
import type { Report } from '../../../services/agent/types.ts';
import { signPagerDutyBody } from '../../../services/intake/verify-signature.ts';
import { waitForReport } from '../../../services/investigations.ts';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { productEnvFor } from '../../../simulator/product-env.ts';
import { bundleWorkflows, startTemporal } from '../../support/temporal.ts';

const WEBHOOK_SECRET = 'e2e-webhook-secret';
const SIGNING_SECRET = 'e2e-signing-secret';
const BOT_TOKEN = 'xoxb-e2e-1111111111-222222222222';

describe('an alert investigated end to end through Temporal, MCP and Slack', () => {
  let env: TestWorkflowEnvironment;
  let sim: RunningSimulator;
  let ariadne: RunningAriadne;
  let workdir: string;
  let config: Config;

  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'ariadne-e2e-'));
    const [temporal, workflowBundle] = await Promise.all([startTemporal(), bundleWorkflows()]);
    env = temporal;
    sim = await startSimulator({ pagerdutyWebhookSecret: WEBHOOK_SECRET, slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } });
    writeFileSync(join(workdir, 'catalog.yaml'), sim.topologyYaml);
    config = loadConfig({
      ...productEnvFor(sim, { botToken: BOT_TOKEN }),
      TEMPORAL_ADDRESS: env.address,
      PAGERDUTY_WEBHOOK_SECRETS: WEBHOOK_SECRET,
      INTAKE_PORT: '0',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_PORT: '0',
      ARIADNE_CATALOG: join(workdir, 'catalog.yaml'),
      ARIADNE_DB: join(workdir, 'ariadne.db'),
      LOG_LEVEL: 'silent',
    });
    ariadne = await startAriadne(config, { logger: pino({ level: 'silent' }), workflowBundle });
  });

  afterAll(async () => {
    await ariadne?.close();
    await sim?.close();
    await env?.teardown();
    rmSync(workdir, { recursive: true, force: true });
  });

  const reportOf = (investigationId: string) => waitForReport(ariadne.temporalClient, investigationId);

  it('posts the right root cause with its evidence in the alert thread, once, and expands it on click', async () => {
    const started = performance.now();
    const fired = await sim.fireAlert(ariadne.intakeUrl);
    expect(fired.status).toBe(202);
    const { investigationId } = JSON.parse(fired.body) as { investigationId: string };

    const redelivered = await sim.fireAlert(ariadne.intakeUrl);
    expect(redelivered.status).toBe(200);
    expect(JSON.parse(redelivered.body)).toMatchObject({ status: 'duplicate', investigationId });

    const report = await reportOf(investigationId);
    const posted = await sim.slack.waitForMessage((m) => m.metadata?.event_payload?.investigation_id === investigationId, 10_000);
    const webhookToSlackMs = performance.now() - started;
    console.log(`e2e: webhook to Slack post in ${webhookToSlackMs.toFixed(0)} ms (${report.steps} steps, ${report.toolCalls} tool calls)`);

    const truth = sim.groundTruth!;
    expect(report.outcome).toBe('found');
    expect(report.findings[0]).toMatchObject({ service: truth.rootCauseService, faultType: truth.faultType });
    const evidenceKinds = new Set(report.findings[0]!.evidence.map((e) => e.kind));
    expect(evidenceKinds).toContain('event');
    expect(evidenceKinds).toContain('metric');

    const ours = sim.slack.messages().filter((m) => m.metadata?.event_payload?.investigation_id === investigationId);
    expect(ours).toHaveLength(1);
    // It answers in the thread of the message that announced the alert.
    const announcement = sim.slack.messages(posted.channel).find((m) => m.ts === posted.threadTs);
    expect(announcement?.text).toContain(sim.scenario.alert.title);
    const postedText = JSON.stringify(posted.blocks);
    expect(postedText).toContain(truth.rootCauseService);

    const expandId = /"action_id":"(expand[^"]*)"/.exec(postedText)?.[1];
    expect(expandId).toBeDefined();
    const click = await sim.slack.clickButton({ channel: posted.channel, ts: posted.ts, actionId: expandId!, appUrl: ariadne.slackEventsUrl });
    expect(click.status).toBe(200);
    const expanded = await sim.slack.waitForMessage((m) => m.ts === posted.ts && m.updates > posted.updates, 10_000);
    const expandedText = JSON.stringify(expanded.blocks);
    const deployEvidence = report.findings[0]!.evidence.find((e) => e.kind === 'event')!;
    expect(expandedText).toContain(deployEvidence.summary.slice(0, 40));

    // The same message first showed the progress line, replaced in place by the findings.
    const firstVersion = JSON.stringify(posted.history[0]?.blocks ?? []);
    expect(firstVersion).toContain('Investigating');
    expect(postedText).not.toContain('Investigating');
  });

  it('searches further on a finding in a child workflow and answers in the thread', async () => {
    const fired = await sim.fireAlert(ariadne.intakeUrl);
    const { investigationId } = JSON.parse(fired.body) as { investigationId: string };
    await reportOf(investigationId);
    const posted = await sim.slack.waitForMessage((m) => m.metadata?.event_payload?.investigation_id === investigationId, 10_000);
    const click = await sim.slack.clickButton({ channel: posted.channel, ts: posted.ts, actionId: 'search_further', blockId: 'ariadne_finding_actions_1', appUrl: ariadne.slackEventsUrl });
    expect(click.status).toBe(200);
    const reply = await sim.slack.waitForMessage((m) => m.metadata?.event_payload?.investigation_id === `${investigationId}-further-1`, 30_000);
    expect(reply.threadTs).toBe(posted.threadTs ?? posted.ts);
    // The reply is about the finding it searched further on: the root-cause service.
    expect(JSON.stringify(reply.blocks)).toContain(sim.groundTruth!.rootCauseService);
    const childHandle = ariadne.temporalClient.workflow.getHandle(`${investigationId}-further-1`);
    const childReport = (await childHandle.result()) as Report;
    expect(childReport.alert.service).toBe(sim.groundTruth!.rootCauseService);
    expect((await childHandle.describe()).parentExecution?.workflowId).toBe(investigationId);
  });

  it('completes when the Datadog API fails at first: Temporal retries the tool calls', async () => {
    const alert = sim.scenario.alert;
    const body = JSON.stringify({
      event: {
        id: '01E2ERETRYDELIVERY0000000',
        event_type: 'incident.triggered',
        resource_type: 'incident',
        occurred_at: alert.triggeredAt,
        agent: null,
        client: null,
        data: {
          id: 'QRETRY0000TEST',
          type: 'incident',
          title: alert.title,
          status: 'triggered',
          created_at: alert.triggeredAt,
          urgency: 'high',
          service: { id: 'PRETRY1', type: 'service_reference', summary: alert.service },
        },
      },
    });
    const before = sim.requestLog().length;
    sim.failNext('datadog', 2, 500);
    const fired = await fetch(ariadne.intakeUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, WEBHOOK_SECRET) },
    });
    expect(fired.status).toBe(202);
    const report = await reportOf('investigate-QRETRY0000TEST');
    const failures = sim.requestLog().slice(before).filter((r) => r.api === 'datadog' && r.status === 500);
    expect(failures.length).toBe(2);
    expect(report.outcome).toBe('found');
    expect(report.findings[0]!.service).toBe(sim.groundTruth!.rootCauseService);
    expect(report.checked.some((line) => line.includes('failed'))).toBe(false);
  });

  it('gives the same findings in-process as through the workflow: one loop, two hosts', async () => {
    const fired = await sim.fireAlert(ariadne.intakeUrl);
    const { investigationId } = JSON.parse(fired.body) as { investigationId: string };
    const viaTemporal = await reportOf(investigationId);

    const deps = await createActivityDeps({ ...config, ARIADNE_DB: join(workdir, 'in-process.db') }, pino({ level: 'silent' }));
    try {
      const host = createInProcessHost(createActivities(deps), investigationId);
      let posted: Report | undefined;
      host.post = async (report) => void (posted = report);
      const inProcess = await runInvestigation({ investigationId, alert: viaTemporal.alert }, host);
      expect(posted).toEqual(inProcess);
      expect(inProcess.findings).toEqual(viaTemporal.findings);
      expect(inProcess.checked).toEqual(viaTemporal.checked);
    } finally {
      await deps.close();
    }
  });
});
