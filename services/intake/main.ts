// `node services/intake/main.ts`: the webhook endpoint as its own process.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createIntakeServer, listen, WEBHOOK_PATH } from './server.ts';
import { createTemporalStarter } from './temporal-starter.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'intake');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const server = createIntakeServer({ signingSecrets: config.PAGERDUTY_WEBHOOK_SECRETS, startInvestigation: createTemporalStarter(client), logger });
  const url = await listen(server, config.INTAKE_PORT, '0.0.0.0');
  logger.info({ url: `${url}${WEBHOOK_PATH}` }, 'intake listening');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => void connection.close()));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
