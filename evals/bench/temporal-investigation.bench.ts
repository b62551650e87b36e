// Investigation time end to end through Temporal on the 40-service topology: a signed webhook into
// intake, the workflow on a real dev server, activities against the simulator, until the report
// exists; next to the same scenarios in-process. Prints figures; asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startAriadne } from '../../services/ariadne.ts';
import { loadConfig } from '../../services/config.ts';
import { waitForReport } from '../../services/investigations.ts';
import { installTemporalLogging } from '../../services/worker/temporal-logging.ts';
import { libraryScenarioIds, startSimulator } from '../../simulator/index.ts';
import { productEnvFor } from '../../simulator/product-env.ts';
import { loadLibraryScenario } from '../../simulator/world/library.ts';
import { bundleWorkflows, startTemporal } from '../../tests/support/temporal.ts';
import { runEval } from '../runner/run-eval.ts';

// Before the test server installs the SDK runtime with its console logger: figures only on stdout.
installTemporalLogging(pino({ level: 'silent' }));
const scenarios = libraryScenarioIds().filter((id) => loadLibraryScenario(id).scenario.topology === 'platform');
const [env, workflowBundle] = await Promise.all([startTemporal(), bundleWorkflows()]);
const workdir = mkdtempSync(join(tmpdir(), 'temporal-bench-'));
const temporalMs: number[] = [];
try {
  for (const id of scenarios) {
    const sim = await startSimulator({ scenario: id, pagerdutyWebhookSecret: 'bench', slack: { botToken: 'xoxb-bench-0000', signingSecret: 'bench' } });
    const catalog = join(workdir, `${id}.yaml`);
    writeFileSync(catalog, sim.topologyYaml);
    const ariadne = await startAriadne(
      loadConfig({
        ...productEnvFor(sim, { botToken: 'xoxb-bench-0000' }),
        TEMPORAL_ADDRESS: env.address,
        PAGERDUTY_WEBHOOK_SECRETS: 'bench',
        INTAKE_PORT: '0',
        SLACK_SIGNING_SECRET: 'bench',
        SLACK_PORT: '0',
        ARIADNE_CATALOG: catalog,
        ARIADNE_DB: join(workdir, `${id}.db`),
        LOG_LEVEL: 'silent',
      }),
      { logger: pino({ level: 'silent' }), workflowBundle },
    );
    try {
      const started = performance.now();
      const fired = await sim.fireAlert(ariadne.intakeUrl);
      await waitForReport(ariadne.temporalClient, (JSON.parse(fired.body) as { investigationId: string }).investigationId, 60_000, 20);
      temporalMs.push(performance.now() - started);
    } finally {
      await ariadne.close();
      await sim.close();
    }
  }
} finally {
  await env.teardown();
  rmSync(workdir, { recursive: true, force: true });
}
const inProcess = await runEval({ scenarios, runs: 1, variants: [0], seed: 1, parallel: 1 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `40-service topology, ${scenarios.length} scenarios: median investigation through Temporal ${median(temporalMs).toFixed(0)} ms (webhook to report, max ${Math.max(...temporalMs).toFixed(0)} ms); ` +
    `in-process ${median(inProcess.map((r) => r.durationMs)).toFixed(0)} ms (max ${Math.max(...inProcess.map((r) => r.durationMs)).toFixed(0)} ms)`,
);
