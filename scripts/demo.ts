// `make demo`: the whole path on one machine with no API keys. Starts a Temporal dev server, the
// simulated production world, and Ariadne; fires the scenario's PagerDuty alert; waits for the
// investigation; prints what was posted to Slack; clicks "Expand" on the top finding as an engineer
// would; and shuts everything down (or, with --keep, keeps running and prints the URLs).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Command } from 'commander';
import { pino } from 'pino';
import { startAriadne } from '../services/ariadne.ts';
import { loadConfig } from '../services/config.ts';
import { waitForReport } from '../services/investigations.ts';
import { startSimulator } from '../simulator/index.ts';
import { productEnvFor } from '../simulator/product-env.ts';
import { blocksToText } from './blocks-to-text.ts';

const program = new Command()
  .name('demo')
  .description('Run one simulated incident end to end through Temporal, MCP tools and Slack.')
  .option('--keep', 'keep everything running after the investigation and print the URLs')
  .option('--scenario <id>', 'scenario to run', 'inventory-bad-deploy')
  .option('--verbose', 'show the services\' JSON logs on stderr')
  .parse();
const options = program.opts<{ keep?: boolean; scenario: string; verbose?: boolean }>();

const secrets = { webhook: 'demo-webhook-secret', slackSigning: 'demo-signing-secret', botToken: 'xoxb-demo-0000000000-000000000000' };
const say = (line = '') => process.stdout.write(`${line}\n`);
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

async function main(): Promise<void> {
  const workdir = mkdtempSync(join(tmpdir(), 'ariadne-demo-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(workdir, { recursive: true, force: true })];
  const cleanup = async () => {
    // Drains the list, so a second call (a signal during shutdown) does nothing twice.
    for (let step = cleanups.pop(); step; step = cleanups.pop()) await step();
  };
  // Whatever ends the demo (Ctrl-C, a closed terminal, a closed pipe such as `| head`), the
  // Temporal dev server and the servers must not be left running.
  const stopAndExit = (code: number) => void cleanup().finally(() => process.exit(code));
  process.once('SIGINT', () => stopAndExit(130));
  process.once('SIGTERM', () => stopAndExit(143));
  process.once('SIGHUP', () => stopAndExit(129));
  process.stdout.once('error', () => stopAndExit(1));

  try {
    const [temporalPort, uiPort] = [await freePort(), await freePort()];
    say(`[${elapsed()}] starting the Temporal dev server on 127.0.0.1:${temporalPort}`);
    const temporal = startTemporal(temporalPort, uiPort, options.keep === true);
    cleanups.push(() => stop(temporal));
    await waitForTemporal(`127.0.0.1:${temporalPort}`);

    const sim = await startSimulator({
      scenario: options.scenario,
      pagerdutyWebhookSecret: secrets.webhook,
      slack: { botToken: secrets.botToken, signingSecret: secrets.slackSigning },
    });
    cleanups.push(() => sim.close());
    say(`[${elapsed()}] simulated production world "${sim.scenario.title}" is up`);

    const catalog = join(workdir, 'catalog.yaml');
    writeFileSync(catalog, sim.topologyYaml);
    const slackPort = await freePort();
    const config = loadConfig({
      ...productEnvFor(sim, { botToken: secrets.botToken }),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      PAGERDUTY_WEBHOOK_SECRETS: secrets.webhook,
      INTAKE_PORT: '0',
      SLACK_SIGNING_SECRET: secrets.slackSigning,
      SLACK_PORT: String(slackPort),
      SLACK_PUBLIC_URL: `http://127.0.0.1:${slackPort}`,
      ARIADNE_CATALOG: catalog,
      ARIADNE_DB: join(workdir, 'ariadne.db'),
      LOG_LEVEL: options.verbose ? 'info' : 'warn',
    });
    const ariadne = await startAriadne(config, { logger: pino({ level: config.LOG_LEVEL }, pino.destination(2)) });
    cleanups.push(() => ariadne.close());
    say(`[${elapsed()}] Ariadne is up: intake ${ariadne.intakeUrl}, Slack app ${ariadne.slackEventsUrl}`);

    const alert = sim.scenario.alert;
    say(`[${elapsed()}] PagerDuty fires "${alert.title}" (${alert.service}, ${alert.triggeredAt})`);
    const fired = await sim.fireAlert(ariadne.intakeUrl);
    if (fired.status >= 300) throw new Error(`intake answered ${fired.status}: ${fired.body}`);
    const { investigationId } = JSON.parse(fired.body) as { investigationId: string };

    const report = await waitForReport(ariadne.temporalClient, investigationId);
    say(`[${elapsed()}] investigation ${investigationId} finished: ${report.steps} steps, ${report.toolCalls} tool calls`);

    const posted = await sim.slack.waitForMessage((m) => m.metadata?.event_payload?.investigation_id === investigationId, 10_000);
    say();
    say(`──── posted to Slack channel ${posted.channel} ────`);
    say(blocksToText(posted.blocks));

    const expandId = findAction(posted.blocks, 'expand');
    if (expandId && report.outcome === 'found') {
      const click = await sim.slack.clickButton({ channel: posted.channel, ts: posted.ts, actionId: expandId, appUrl: ariadne.slackEventsUrl });
      if (click.status !== 200) throw new Error(`the Slack app answered ${click.status} to Expand: ${click.body}`);
      const expanded = await sim.slack.waitForMessage((m) => m.ts === posted.ts && m.updates > posted.updates, 10_000);
      say();
      say('──── after an engineer clicks "Expand" on the top finding ────');
      say(blocksToText(expanded.blocks));
    }
    say();
    if (sim.groundTruth) {
      const top = report.findings[0];
      const right = top?.service === sim.groundTruth.rootCauseService;
      say(`[${elapsed()}] ground truth: ${sim.groundTruth.rootCauseService} (${sim.groundTruth.faultType}); Ariadne's top finding is ${right ? 'right' : 'WRONG'}`);
    }

    if (options.keep) {
      say();
      say('Everything keeps running; press Ctrl-C to stop.');
      say(`  Temporal UI      http://127.0.0.1:${uiPort}/namespaces/default/workflows/${investigationId}`);
      say(`  intake           ${ariadne.intakeUrl}`);
      say(`  Slack app        ${ariadne.slackEventsUrl}`);
      for (const [api, url] of Object.entries(sim.urls)) say(`  ${api.padEnd(16)} ${url}`);
      await new Promise(() => {});
    }
  } finally {
    if (!options.keep) await cleanup();
  }
}

function findAction(blocks: unknown, prefix: string): string | undefined {
  const text = JSON.stringify(blocks ?? []);
  const match = new RegExp(`"action_id":"(${prefix}[^"]*)"`).exec(text);
  return match?.[1];
}

function startTemporal(port: number, uiPort: number, withUi: boolean): ChildProcess {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'error'];
  if (!withUi) args.push('--headless');
  const child = spawn(process.env.TEMPORAL_CLI ?? 'temporal', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('error', (error) => {
    process.stderr.write(`could not start the Temporal CLI (run 'make setup'): ${error.message}\n`);
    process.exit(1);
  });
  return child;
}

async function waitForTemporal(address: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal dev server did not come up on ${address}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

main().then(
  () => {
    say(`[${elapsed()}] done`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
