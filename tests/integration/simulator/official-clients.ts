// The official vendor clients pointed at a running simulator, configured the way a user would
// configure them for a real account (base URL and credentials only).
import { client, logger as datadogLogger, v1, v2 } from '@datadog/datadog-api-client';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_CREDENTIALS, type RunningSimulator } from '../../../simulator/index.ts';

datadogLogger.setLevel('silent');

export function datadogApis(sim: RunningSimulator, keys: { apiKey?: string; appKey?: string } = {}) {
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(sim.urls.datadog, {}),
    authMethods: { apiKeyAuth: keys.apiKey ?? DEFAULT_CREDENTIALS.datadogApiKey, appKeyAuth: keys.appKey ?? DEFAULT_CREDENTIALS.datadogAppKey },
    enableRetry: false,
  });
  return { metrics: new v1.MetricsApi(configuration), logs: new v2.LogsApi(configuration) };
}

export function kubernetesCore(sim: RunningSimulator, token: string = DEFAULT_CREDENTIALS.kubernetesToken): CoreV1Api {
  const config = new KubeConfig();
  config.loadFromOptions({
    // client-node only talks plain http when told there is no TLS to verify.
    clusters: [{ name: 'prod', server: sim.urls.kubernetes, skipTLSVerify: true }],
    users: [{ name: 'reader', token }],
    contexts: [{ name: 'prod', cluster: 'prod', user: 'reader' }],
    currentContext: 'prod',
  });
  return config.makeApiClient(CoreV1Api);
}

export function pagerdutyGet(sim: RunningSimulator, path: string, token: string = DEFAULT_CREDENTIALS.pagerdutyToken): Promise<Response> {
  return fetch(`${sim.urls.pagerduty}${path}`, {
    headers: { authorization: `Token token=${token}`, accept: 'application/vnd.pagerduty+json;version=2' },
  });
}

export function datadogFetch(sim: RunningSimulator, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.urls.datadog}${path}`, {
    ...init,
    headers: {
      'DD-API-KEY': DEFAULT_CREDENTIALS.datadogApiKey,
      'DD-APPLICATION-KEY': DEFAULT_CREDENTIALS.datadogAppKey,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

export function kubernetesFetch(sim: RunningSimulator, path: string, token: string = DEFAULT_CREDENTIALS.kubernetesToken): Promise<Response> {
  return fetch(`${sim.urls.kubernetes}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

export function opensearchFetch(sim: RunningSimulator, path: string, body?: unknown): Promise<Response> {
  const auth = Buffer.from(`${DEFAULT_CREDENTIALS.opensearchUsername}:${DEFAULT_CREDENTIALS.opensearchPassword}`).toString('base64');
  return fetch(`${sim.urls.opensearch}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A Slack Web API call, form-encoded as the WebClient sends it. */
export function slackCall(sim: RunningSimulator, method: string, args: Record<string, string>, token: string = SECRETS.botToken): Promise<Response> {
  return fetch(`${sim.urls.slack}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(args).toString() });
}

export const SECRETS = { webhook: 'whsec-test-3b1f', botToken: 'xoxb-100000000001-200000000002-abcdefabcdefabcdefabcdef', signingSecret: 'signing-secret-test' };

/** Epoch seconds of a time on the scenario day. */
export const at = (hhmm: string) => Date.parse(`2026-11-20T${hhmm}:00Z`) / 1000;
