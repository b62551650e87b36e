// The simulator's public entry: starts a deterministic production world for one scenario and serves
// it through vendor API fakes (Datadog, Kubernetes, PagerDuty, Slack), each on its own 127.0.0.1
// port since the real vendors' paths collide. The product talks to these with its official clients
// and never learns it is not production.
import { pino, type Logger } from 'pino';
import { createDatadogFake } from './fakes/datadog/datadog-fake.ts';
import { createKubernetesFake } from './fakes/kubernetes/kubernetes-fake.ts';
import { buildIncidentModel } from './fakes/pagerduty/incident.ts';
import { createPagerDutyFake } from './fakes/pagerduty/pagerduty-fake.ts';
import { sendPagerDutyWebhook } from './fakes/pagerduty/webhook-sender.ts';
import { createApiFaults, type Api, type RequestLogEntry } from './fakes/shared/api-faults.ts';
import { listen, type Listening } from './fakes/shared/http-kit.ts';
import { createSlackFake, type SlackFake } from './fakes/slack/slack-fake.ts';
import { createWorld, type World } from './world/create-world.ts';
import { loadLibraryScenario } from './world/library.ts';
import { upperAlnum } from './world/seeded-hash.ts';

export type { Api, RequestLogEntry } from './fakes/shared/api-faults.ts';
export type { SlackFake } from './fakes/slack/slack-fake.ts';
export { signPagerDutyWebhook } from './fakes/pagerduty/webhook-sender.ts';
export { libraryScenarioIds } from './world/library.ts';

export const DEFAULT_SCENARIO = 'inventory-bad-deploy';

/** Credentials the fakes accept unless others are given; real-looking, valid nowhere else. */
export const DEFAULT_CREDENTIALS = {
  datadogApiKey: '3f9c2a7d81e64b0c95d2e4a1b7c8f063',
  datadogAppKey: '8b41e0c7d2f95a3e6c1b7d04a9f28e5c3b6d1f70',
  kubernetesToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjdmOWM2ZDhiNSJ9.ariadne-local-reader',
  pagerdutyToken: 'u+7Kx2Qm9PzR4sVt1NwY',
} as const;

export interface StartSimulatorOptions {
  /** Scenario id from simulator/library/scenarios; default 'inventory-bad-deploy'. */
  scenario?: string;
  /** Seed for every generated detail (noise, names, ids); default 1. */
  seed?: number;
  pagerdutyWebhookSecret: string;
  slack: { botToken: string; signingSecret: string };
  credentials?: { datadogApiKey?: string; datadogAppKey?: string; kubernetesToken?: string; pagerdutyToken?: string };
  logger?: Logger;
}

export interface RunningSimulator {
  scenario: { id: string; title: string; alert: { title: string; service: string; severity: string; triggeredAt: string } };
  groundTruth: { rootCauseService: string; faultType: string } | undefined;
  /** The topology.yaml text: the product imports it as its service catalog. */
  topologyYaml: string;
  /** Base URLs, e.g. http://127.0.0.1:41234; the Slack WebClient uses `${urls.slack}/api/`. */
  urls: { datadog: string; kubernetes: string; pagerduty: string; slack: string };
  /** Sends the scenario's PagerDuty v3 webhook (incident.triggered) to the intake URL, signed. */
  fireAlert(intakeUrl: string, options?: { secret?: string; rawBody?: string }): Promise<{ status: number; body: string; webhookId: string }>;
  slack: SlackFake;
  /** The next `count` requests to that API get `status` (default 500) with a vendor-shaped error body. */
  failNext(api: Api, count: number, status?: number): void;
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
}

/** The Slack channels of a topology: the alert channel and each team's channel, with stable ids. */
export function slackChannelsFor(world: World): { id: string; name: string }[] {
  const names = new Set<string>();
  if (world.topology.alertChannel) names.add(world.topology.alertChannel);
  for (const service of world.topology.services) if (service.channel) names.add(service.channel);
  return [...names].map((name) => ({ id: `C0${upperAlnum(9, world.topology.name, name, 'channel')}`, name: name.replace(/^#/, '') }));
}

export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const entry = loadLibraryScenario(options.scenario ?? DEFAULT_SCENARIO);
  const world = createWorld({ ...entry, seed: options.seed ?? 1 });
  const faults = createApiFaults();
  const incident = buildIncidentModel(world);

  const datadog = createDatadogFake(world, { apiKey: credentials.datadogApiKey, appKey: credentials.datadogAppKey, logger: logger.child({ fake: 'datadog' }) });
  const kubernetes = createKubernetesFake(world, { token: credentials.kubernetesToken, logger: logger.child({ fake: 'kubernetes' }) });
  const pagerduty = createPagerDutyFake(incident, { token: credentials.pagerdutyToken, logger: logger.child({ fake: 'pagerduty' }) });
  const slack = createSlackFake({
    botToken: options.slack.botToken,
    signingSecret: options.slack.signingSecret,
    channels: slackChannelsFor(world),
    now: () => world.clock.now,
  });

  const onError = (api: string) => (error: unknown) => logger.error({ err: error, api }, 'fake failed to answer a request');
  const servers: Listening[] = [];
  try {
    for (const [api, handler] of [
      ['datadog', datadog.handler],
      ['kubernetes', kubernetes.handler],
      ['pagerduty', pagerduty.handler],
      ['slack', slack.handler],
    ] as const) {
      servers.push(await listen(faults.wrap(api, handler), onError(api)));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const [dd, k8s, pd, sl] = servers as [Listening, Listening, Listening, Listening];
  logger.info({ scenario: world.scenario.id, seed: world.seed, datadog: dd.url, kubernetes: k8s.url, pagerduty: pd.url, slack: sl.url }, 'fakes listening');

  const { scenario } = world;
  let closed = false;
  return {
    scenario: {
      id: scenario.id,
      title: scenario.title,
      alert: { title: scenario.alert.title, service: scenario.alert.service, severity: scenario.alert.severity, triggeredAt: scenario.alert.triggeredAt },
    },
    groundTruth: scenario.groundTruth ? { rootCauseService: scenario.groundTruth.rootCauseService, faultType: scenario.groundTruth.faultType } : undefined,
    topologyYaml: world.topologyYaml,
    urls: { datadog: dd.url, kubernetes: k8s.url, pagerduty: pd.url, slack: sl.url },
    async fireAlert(intakeUrl, fireOptions = {}) {
      const result = await sendPagerDutyWebhook({
        url: intakeUrl,
        rawBody: fireOptions.rawBody ?? JSON.stringify(incident.webhookBody),
        secret: fireOptions.secret ?? options.pagerdutyWebhookSecret,
        webhookId: incident.webhookId,
        subscriptionId: incident.subscriptionId,
      });
      logger.info({ intakeUrl, status: result.status, webhookId: result.webhookId }, 'webhook delivered');
      return result;
    },
    slack,
    failNext: (api, count, status) => faults.failNext(api, count, status),
    requestLog: () => faults.requestLog(),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
