// All of Ariadne in one process: intake, the Temporal worker and the Slack app, sharing one store.
// The simplest way to run it (and what the demo and the end-to-end test run); each part also has
// its own entry point for deployments that scale them apart.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.ts';
import { createIntakeServer, listen, WEBHOOK_PATH } from './intake/server.ts';
import { createTemporalStarter } from './intake/temporal-starter.ts';
import { createLogger } from './logger.ts';
import { requestSearchFurther } from './investigations.ts';
import { createSlackApp } from './slack/app.ts';
import { startIgnoredSweep } from './slack/sweep-ignored-findings.ts';
import { installTemporalLogging } from './worker/temporal-logging.ts';
import { createActivityDeps, startWorker } from './worker/worker.ts';

export interface RunningAriadne {
  /** Where PagerDuty sends webhooks. */
  intakeUrl: string;
  /** Where Slack sends interactions (the app's Request URL). */
  slackEventsUrl: string;
  temporalClient: Client;
  close(): Promise<void>;
}

export async function startAriadne(config: Config, options: { logger?: Logger; workflowBundle?: WorkflowBundle } = {}): Promise<RunningAriadne> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  installTemporalLogging(logger);
  const deps = await createActivityDeps(config, logger.child({ part: 'worker' }));
  const worker = await startWorker({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, deps, workflowBundle: options.workflowBundle });

  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporalClient = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const intake = createIntakeServer({
    signingSecrets: config.PAGERDUTY_WEBHOOK_SECRETS,
    startInvestigation: createTemporalStarter(temporalClient),
    logger: logger.child({ part: 'intake' }),
  });
  const intakeBase = await listen(intake, config.INTAKE_PORT);

  const slack = createSlackApp({
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    slackApiUrl: config.SLACK_API_URL,
    store: deps.store,
    logger: logger.child({ part: 'slack' }),
    publicUrl: config.SLACK_PUBLIC_URL,
    guidanceEditors: config.SLACK_GUIDANCE_EDITORS,
    fileGuidance: deps.guidance,
    investigations: {
      async searchFurther({ investigationId, rank, userId }) {
        const outcome = await requestSearchFurther(temporalClient, investigationId, rank, userId);
        if (outcome.status === 'rejected') throw new Error(outcome.reason);
        return { workflowId: outcome.workflowId, started: outcome.status === 'started' };
      },
    },
  });
  const { url: slackEventsUrl } = await slack.start(config.SLACK_PORT);
  const stopSweep = startIgnoredSweep(deps.store, { everyMs: 5 * 60_000, olderThanMs: config.ARIADNE_IGNORED_AFTER_MINUTES * 60_000, logger });

  return {
    intakeUrl: `${intakeBase}${WEBHOOK_PATH}`,
    slackEventsUrl,
    temporalClient,
    async close() {
      await new Promise<void>((resolve) => intake.close(() => resolve()));
      stopSweep();
      await slack.stop();
      await worker.shutdown();
      await connection.close();
      await deps.close();
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startAriadne(config, { logger });
  logger.info({ intake: running.intakeUrl, slack: running.slackEventsUrl }, 'ariadne running');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
