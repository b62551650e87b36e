// The Temporal host of the eval runner: every investigation runs end to end through the product's
// `investigateAlert` workflow on a Temporal dev server, executed by the product's worker
// (`startWorker`) with the product's activities wired to that run's own simulator. One dev server,
// one workflow bundle and one worker serve a whole eval run: the worker's activities dispatch on the
// investigation id (every activity input carries it) to the activities of the run it belongs to, so
// runs in flight at the same time never share a world. Each run's activities are traced the way the
// in-process host is (`traceActivities`), so both hosts give the same record. As in-process, the
// report is captured, not posted: posting would also add requests to the simulated Slack, whose
// injected API faults are counted per request, so the agent's own Slack calls could meet other
// faults than in-process; the Slack rendering has its own end-to-end test.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { pino } from 'pino';
import { DEFAULT_BUDGET } from '../../services/agent/loop.ts';
import { ReportSchema, type Report } from '../../services/agent/types.ts';
import type { Activities } from '../../services/worker/activities/index.ts';
import { installTemporalLogging } from '../../services/worker/temporal-logging.ts';
import { startWorker, WORKFLOWS_PATH, type RunningWorker } from '../../services/worker/worker.ts';
import type { InvestigateAlertInput, investigateAlert } from '../../workflows/investigate-alert.ts';
import { prepareScenario, type RunScenarioOptions, type ScenarioRun } from './run-scenario.ts';
import { traceActivities } from './trace.ts';

const TASK_QUEUE = 'ariadne-evals';
/** A workflow that has not finished by then has hung (a worker gone, a lost task): the run is recorded as an error. */
const RUN_TIMEOUT = '10 minutes';

export interface TemporalHost {
  /** One scenario run, end to end through the workflow; failures become an `error` record, as in-process. */
  run(options: RunScenarioOptions): Promise<ScenarioRun>;
  /** Stops the worker and the dev server; safe to call more than once and while runs are in flight. */
  close(): Promise<void>;
}

/** The Temporal CLI the dev server is started from: TEMPORAL_CLI, the one `make setup` put in .tools/, or `temporal` on PATH. */
export function temporalCli(): string {
  const candidates = [process.env.TEMPORAL_CLI, fileURLToPath(new URL('../../.tools/bin/temporal', import.meta.url))].filter(Boolean) as string[];
  const onPath = (process.env.PATH ?? '').split(':').filter(Boolean).map((dir) => `${dir}/temporal`);
  const found = [...candidates, ...onPath].find((path) => existsSync(path));
  if (!found) throw new Error(`--temporal: no Temporal CLI found (tried TEMPORAL_CLI, .tools/bin/temporal and PATH); run 'make setup'`);
  return found;
}

export async function startTemporalHost(): Promise<TemporalHost> {
  // The SDK's own logs (worker state changes) would break the progress line: errors only, on stderr.
  installTemporalLogging(pino({ level: 'error' }, pino.destination(2)));
  const path = temporalCli();
  const [started, bundled] = await Promise.allSettled([
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path }, extraArgs: ['--log-level', 'error', '--output', 'none'] } }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } }),
  ]);
  if (started.status === 'rejected' || bundled.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.teardown();
    const reason = started.status === 'rejected' ? `starting the Temporal dev server (${path}) failed` : 'bundling the workflows failed';
    throw new Error(`--temporal: ${reason}: ${describe(started.status === 'rejected' ? started.reason : (bundled as PromiseRejectedResult).reason)}`);
  }
  const env = started.value;
  const workflowBundle = bundled.value;

  const runs = new Map<string, Activities>();
  const forRun = (investigationId: unknown): Activities => {
    const activities = typeof investigationId === 'string' ? runs.get(investigationId) : undefined;
    if (!activities) throw ApplicationFailure.nonRetryable(`no eval run is in flight for investigation ${String(investigationId)}`, 'BadInput');
    return activities;
  };
  const dispatch: Activities = {
    loadContext: (input) => forRun(input?.investigationId).loadContext(input),
    plan: (state) => forRun(state?.investigationId).plan(state),
    callTool: (input) => forRun(input?.investigationId).callTool(input),
    postReport: (input) => forRun(input?.report?.investigationId).postReport(input),
    postProgress: (input) => forRun(input?.investigationId).postProgress(input),
    postFollowUp: (input) => forRun(input?.parentId).postFollowUp(input),
  };

  let worker: RunningWorker;
  try {
    worker = await startWorker({ address: env.address, activities: dispatch, taskQueue: TASK_QUEUE, workflowBundle });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  // A worker that stops on its own (a fatal error) fails the runs in flight instead of leaving them waiting.
  const workerStopped = worker.done.then(
    () => Promise.reject(new Error('the Temporal worker stopped')),
    (error: unknown) => Promise.reject(new Error(`the Temporal worker failed: ${error instanceof Error ? error.message : String(error)}`)),
  );
  workerStopped.catch(() => undefined);

  let closing: Promise<void> | undefined;
  return {
    async run(options) {
      const prepared = await prepareScenario(options);
      const { investigationId } = prepared.input;
      try {
        const traced = traceActivities(prepared.activities);
        runs.set(investigationId, {
          ...traced.activities,
          async postReport({ report }) {
            ReportSchema.parse(report);
            return { channel: '', ts: '' };
          },
          async postProgress() {},
        });
        const input: InvestigateAlertInput = { ...prepared.input, webhookId: `eval-${investigationId}`, budget: options.budget ?? DEFAULT_BUDGET, followUpWindowMs: 1 };
        const handle = await env.client.workflow.start<typeof investigateAlert>('investigateAlert', {
          taskQueue: TASK_QUEUE,
          workflowId: investigationId,
          args: [input],
          workflowExecutionTimeout: RUN_TIMEOUT,
        });
        const report: Report = await Promise.race([handle.result(), workerStopped]);
        return prepared.completed(report, traced.lastDecision(), traced.spans());
      } catch (error) {
        return prepared.failed(new Error(describe(error)));
      } finally {
        runs.delete(investigationId);
        await prepared.close();
      }
    },
    close() {
      closing ??= (async () => {
        await worker.shutdown().catch(() => undefined);
        await env.teardown();
      })();
      return closing;
    },
  };
}

/** A Temporal failure with its causes (workflow failed: activity failed: the activity's own message). */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 5; e = e instanceof Error ? e.cause : undefined) messages.push(e instanceof Error ? e.message : String(e));
  return messages.join(': ');
}
