// The simulator's public entry: starts a deterministic production world for one scenario (or a
// prebuilt world, such as one loaded from a recorded bundle) and serves it through vendor API fakes
// (Datadog, OpenSearch, Kubernetes, PagerDuty, Slack), each on its own 127.0.0.1 port since the real
// vendors' paths collide. The product talks to these with its official clients and never learns it
// is not production.
import { pino, type Logger } from 'pino';
import { createDatadogFake } from './fakes/datadog/datadog-fake.ts';
import { createKubernetesFake } from './fakes/kubernetes/kubernetes-fake.ts';
import { createOpenSearchFake } from './fakes/opensearch/opensearch-fake.ts';
import { buildIncidentModel } from './fakes/pagerduty/incident.ts';
import { createPagerDutyFake } from './fakes/pagerduty/pagerduty-fake.ts';
import { sendPagerDutyWebhook } from './fakes/pagerduty/webhook-sender.ts';
import { createApiFaults, parseApiFaults, type Api, type ApiFaultInput, type RequestLogEntry } from './fakes/shared/api-faults.ts';
import { listen, type Listening } from './fakes/shared/http-kit.ts';
import { servedWorld, type ChannelMessage, type WorldLike } from './fakes/shared/served-world.ts';
import { createSlackFake, type SlackFake } from './fakes/slack/slack-fake.ts';
import { createWorld } from './world/create-world.ts';
import { libraryScenarioIds, loadLibraryScenario } from './world/library.ts';
import { libraryBundles } from './world/library-bundles.ts';
import { upperAlnum } from './world/seeded-hash.ts';
import type { Topology } from './world/topology.ts';

export type { Api, ApiFault, ApiFaultInput, RequestLogEntry } from './fakes/shared/api-faults.ts';
export type { ServedWorld, WorldLike } from './fakes/shared/served-world.ts';
export type { SlackFake } from './fakes/slack/slack-fake.ts';
export { signPagerDutyWebhook } from './fakes/pagerduty/webhook-sender.ts';
export { libraryScenarioIds } from './world/library.ts';
export { libraryBundles, type LibraryBundle } from './world/library-bundles.ts';

export const DEFAULT_SCENARIO = 'inventory-bad-deploy';

/** Credentials the fakes accept unless others are given; real-looking, valid nowhere else. */
export const DEFAULT_CREDENTIALS = {
  datadogApiKey: '3f9c2a7d81e64b0c95d2e4a1b7c8f063',
  datadogAppKey: '8b41e0c7d2f95a3e6c1b7d04a9f28e5c3b6d1f70',
  kubernetesToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjdmOWM2ZDhiNSJ9.ariadne-local-reader',
  pagerdutyToken: 'u+7Kx2Qm9PzR4sVt1NwY',
  opensearchUsername: 'logs-reader',
  opensearchPassword: 'Xq7!vR2#mK9pL4sW',
} as const;

export interface StartSimulatorOptions {
  /** Scenario id from simulator/library/scenarios, or of a recorded bundle in the library (see world/library-bundles.ts); default 'inventory-bad-deploy'. */
  scenario?: string;
  /** Seed for every generated detail (noise, names, ids); default 1. */
  seed?: number;
  /** Terminology variant: 0 (default) is the plain rendering; another number renders the same incident with other names. */
  variant?: number;
  /** Serve this world instead of building one from `scenario` (e.g. a world loaded from a recorded bundle). */
  world?: WorldLike;
  /** Serve the scenario bundle in this directory (see simulator/bundles). */
  bundle?: string;
  /** API faults to inject; the scenario's own `apiFaults` are used when this is absent. */
  apiFaults?: ApiFaultInput[];
  /** Listen on consecutive ports from this one: datadog, kubernetes, pagerduty, slack, opensearch (portBase + 4). */
  portBase?: number;
  pagerdutyWebhookSecret: string;
  slack: { botToken: string; signingSecret: string };
  credentials?: { datadogApiKey?: string; datadogAppKey?: string; kubernetesToken?: string; pagerdutyToken?: string; opensearchUsername?: string; opensearchPassword?: string };
  logger?: Logger;
}

export interface RunningSimulator {
  scenario: { id: string; title: string; alert: { title: string; service: string; severity: string; triggeredAt: string } };
  groundTruth: { rootCauseService: string; faultType: string } | undefined;
  /** The topology.yaml text: the product imports it as its service catalog. */
  topologyYaml: string;
  /** Base URLs, e.g. http://127.0.0.1:41234; the Slack WebClient uses `${urls.slack}/api/`. */
  urls: { datadog: string; kubernetes: string; pagerduty: string; slack: string; opensearch: string };
  /** Sends the scenario's PagerDuty v3 webhook (incident.triggered) to the intake URL, signed. */
  fireAlert(intakeUrl: string, options?: { secret?: string; rawBody?: string }): Promise<{ status: number; body: string; webhookId: string }>;
  slack: SlackFake;
  /** The next `count` requests to that API get `status` (default 500) with a vendor-shaped error body. */
  failNext(api: Api, count: number, status?: number): void;
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
}

/** The Slack channels of a topology: the alert channel, each team's channel and any channel the chatter uses, with stable ids. */
export function slackChannelsFor(world: { topology: Topology; chatter?: readonly ChannelMessage[] }): { id: string; name: string }[] {
  const names = new Set<string>();
  if (world.topology.alertChannel) names.add(world.topology.alertChannel);
  for (const service of world.topology.services) if (service.channel) names.add(service.channel);
  for (const message of world.chatter ?? []) names.add(message.channel.startsWith('#') ? message.channel : `#${message.channel}`);
  return [...names].map((name) => ({ id: `C0${upperAlnum(9, world.topology.name, name, 'channel')}`, name: name.replace(/^#/, '') }));
}

async function worldFor(options: StartSimulatorOptions): Promise<WorldLike> {
  if (options.world) return options.world;
  const id = options.scenario ?? DEFAULT_SCENARIO;
  // A recorded incident renders one way: seed and variant do not apply to it.
  const bundle = options.bundle ?? (libraryScenarioIds().includes(id) ? undefined : libraryBundles().get(id)?.dir);
  if (bundle !== undefined) {
    // Loaded on demand: most runs never read a bundle.
    const { bundleWorld } = await import('./bundles/bundle-world.ts');
    return bundleWorld(bundle);
  }
  const entry = loadLibraryScenario(id);
  // `variant` is part of the world contract; a world that predates it renders variant 0.
  const input = { ...entry, seed: options.seed ?? 1, variant: options.variant ?? 0 };
  return createWorld(input);
}

export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const world = servedWorld(await worldFor(options));
  const scenarioFaults = (world.scenario as { apiFaults?: unknown }).apiFaults;
  const faults = createApiFaults(parseApiFaults(options.apiFaults ?? scenarioFaults, options.apiFaults ? 'apiFaults' : `${world.scenario.id}: apiFaults`));
  const incident = buildIncidentModel(world);

  const datadog = createDatadogFake(world, { apiKey: credentials.datadogApiKey, appKey: credentials.datadogAppKey, logger: logger.child({ fake: 'datadog' }) });
  const kubernetes = createKubernetesFake(world, { token: credentials.kubernetesToken, logger: logger.child({ fake: 'kubernetes' }) });
  const pagerduty = createPagerDutyFake(world, incident, { token: credentials.pagerdutyToken, logger: logger.child({ fake: 'pagerduty' }) });
  const opensearch = createOpenSearchFake(world, { username: credentials.opensearchUsername, password: credentials.opensearchPassword, logger: logger.child({ fake: 'opensearch' }) });
  const slack = createSlackFake({
    botToken: options.slack.botToken,
    signingSecret: options.slack.signingSecret,
    channels: slackChannelsFor(world),
    now: () => world.clock.now,
    history: world.chatter.filter((message) => message.at <= world.clock.now),
    users: world.users,
  });

  const onError = (api: string) => (error: unknown) => logger.error({ err: error, api }, 'fake failed to answer a request');
  const servers: Listening[] = [];
  try {
    // The first four keep the order (and port offsets) they always had.
    const mounts = [
      ['datadog', datadog.handler],
      ['kubernetes', kubernetes.handler],
      ['pagerduty', pagerduty.handler],
      ['slack', slack.handler],
      ['opensearch', opensearch.handler],
    ] as const;
    for (const [index, [api, handler]] of mounts.entries()) {
      servers.push(await listen(faults.wrap(api, handler), onError(api), options.portBase === undefined ? 0 : options.portBase + index));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const [dd, k8s, pd, sl, os] = servers as [Listening, Listening, Listening, Listening, Listening];
  logger.info({ scenario: world.scenario.id, seed: world.seed, variant: world.variant, datadog: dd.url, kubernetes: k8s.url, pagerduty: pd.url, slack: sl.url, opensearch: os.url }, 'fakes listening');

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
    urls: { datadog: dd.url, kubernetes: k8s.url, pagerduty: pd.url, slack: sl.url, opensearch: os.url },
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
