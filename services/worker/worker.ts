// Wires the worker: dependencies from config, activities from the factory, workflows from the
// workflows folder. Run directly (`node services/worker/worker.ts`) it serves until SIGINT/SIGTERM.
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { WebClient, LogLevel } from '@slack/web-api';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { createInMemoryGraph } from '../graph/in-memory-graph.ts';
import { readCatalog } from '../graph/import-catalog.ts';
import { createLogger } from '../logger.ts';
import { createClaudePlanner } from '../agent/planners/claude.ts';
import { loadGuidanceDir } from '../agent/guidance.ts';
import { configFromEnv, createToolGateway } from '../mcp/gateway.ts';
import { openSqliteStore } from '../store/index.ts';
import { TASK_QUEUE } from '../../workflows/messages.ts';
import { createActivities, type ActivityDeps, type Activities } from './activities/index.ts';
import { installTemporalLogging } from './temporal-logging.ts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export async function createActivityDeps(config: Config, logger: Logger): Promise<ActivityDeps & { close(): Promise<void> }> {
  const catalog = config.ARIADNE_CATALOG ? await readCatalog(config.ARIADNE_CATALOG) : [];
  if (catalog.length === 0) logger.warn('no ARIADNE_CATALOG: investigations will not walk service dependencies');
  const graph = createInMemoryGraph(catalog);
  const tools = await createToolGateway(configFromEnv(config, { graph }));
  const store = openSqliteStore(config.ARIADNE_DB);
  const slack = new WebClient(config.SLACK_BOT_TOKEN, { slackApiUrl: config.SLACK_API_URL, logLevel: LogLevel.ERROR, retryConfig: { retries: 2 } });
  const planner =
    config.ARIADNE_PLANNER === 'claude'
      ? createClaudePlanner({
          client: new Anthropic({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL }),
          model: config.ANTHROPIC_MODEL,
          tools: () => tools.listTools(),
        })
      : undefined;
  return {
    graph,
    tools,
    planner,
    guidance: config.ARIADNE_GUIDANCE_DIR ? await loadGuidanceDir(config.ARIADNE_GUIDANCE_DIR) : [],
    store,
    slack,
    defaultChannel: config.SLACK_DEFAULT_CHANNEL,
    alertChannel: config.SLACK_ALERT_CHANNEL,
    publicUrl: config.SLACK_PUBLIC_URL,
    quietWhenInconclusive: config.ARIADNE_QUIET_WHEN_INCONCLUSIVE,
    logger,
    async close() {
      await tools.close();
      await store.close();
      await graph.close();
    },
  };
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts a worker with the activities built from `deps`, or with `activities` given ready-made (the
 * eval runner passes the product's activities wrapped per investigation, to trace them).
 */
export async function startWorker(
  options: {
    address: string;
    namespace?: string;
    taskQueue?: string;
    workflowBundle?: WorkflowBundle;
  } & ({ deps: ActivityDeps } | { activities: Activities }),
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: 'activities' in options ? options.activities : createActivities(options.deps),
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  installTemporalLogging(logger);
  const deps = await createActivityDeps(config, logger);
  const running = await startWorker({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, deps });
  logger.info({ taskQueue: TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker running');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.shutdown());
  await running.done;
  await deps.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
