// API latency of the vendor fakes for the queries the agent makes, on loopback: p50 and p99 per
// endpoint over a 40-service scenario. Run: `node simulator/bench/api-latency.bench.ts [scenario] [rounds]`.
// Prints figures only (target p99 < 5 ms); no assertions.
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../index.ts';

const scenario = process.argv[2] ?? 'code-exception-platform';
const rounds = Number(process.argv[3] ?? 200);
const WARMUP = 20;

const sim: RunningSimulator = await startSimulator({ scenario, pagerdutyWebhookSecret: 'bench', slack: { botToken: 'xoxb-bench', signingSecret: 'bench' } });
const service = sim.scenario.alert.service;
const alertAt = Date.parse(sim.scenario.alert.triggeredAt);
const from = Math.floor((alertAt - 30 * 60_000) / 1000);
const to = Math.floor((alertAt + 5 * 60_000) / 1000);
const dd = { 'DD-API-KEY': DEFAULT_CREDENTIALS.datadogApiKey, 'DD-APPLICATION-KEY': DEFAULT_CREDENTIALS.datadogAppKey, 'content-type': 'application/json' };
const k8s = { authorization: `Bearer ${DEFAULT_CREDENTIALS.kubernetesToken}` };
const pd = { authorization: `Token token=${DEFAULT_CREDENTIALS.pagerdutyToken}` };
const os = { authorization: `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.opensearchUsername}:${DEFAULT_CREDENTIALS.opensearchPassword}`).toString('base64')}`, 'content-type': 'application/json' };

const pods = (await (await fetch(`${sim.urls.kubernetes}/api/v1/namespaces/prod/pods?labelSelector=app%3D${service}`, { headers: k8s })).json()) as { items: { metadata: { name: string } }[] };
const pod = pods.items[0]?.metadata.name ?? 'none';
const channels = (await (await fetch(`${sim.urls.slack}/api/conversations.list`, { method: 'POST', headers: { authorization: 'Bearer xoxb-bench' } })).json()) as { channels: { id: string; name: string }[] };
const alertChannel = channels.channels[0]?.id ?? 'C0';

const endpoints: [string, () => Promise<Response>][] = [
  ['datadog metrics query (errors by version, 35 min)', () => fetch(`${sim.urls.datadog}/api/v1/query?from=${from}&to=${to}&query=${encodeURIComponent(`sum:trace.http.request.errors{service:${service}} by {version}.as_count()`)}`, { headers: dd })],
  ['datadog metrics query (cpu by pod)', () => fetch(`${sim.urls.datadog}/api/v1/query?from=${from}&to=${to}&query=${encodeURIComponent(`avg:container.cpu.utilization{service:${service}} by {pod_name}`)}`, { headers: dd })],
  ['datadog active metrics for a service', () => fetch(`${sim.urls.datadog}/api/v1/metrics?from=${from}&tag_filter=service:${service}`, { headers: dd })],
  ['datadog logs search (errors, 15 min, 100)', () => fetch(`${sim.urls.datadog}/api/v2/logs/events/search`, { method: 'POST', headers: dd, body: JSON.stringify({ filter: { query: `service:${service} status:error`, from: 'now-15m', to: 'now' }, page: { limit: 100 } }) })],
  ['datadog spans search (errors, 15 min, 50)', () => fetch(`${sim.urls.datadog}/api/v2/spans/events/search`, { method: 'POST', headers: dd, body: JSON.stringify({ data: { type: 'search_request', attributes: { filter: { query: `service:${service} status:error`, from: 'now-15m', to: 'now' }, page: { limit: 50 } } } }) })],
  ['datadog events v1 (window)', () => fetch(`${sim.urls.datadog}/api/v1/events?start=${from}&end=${to}&tags=service:${service}`, { headers: dd })],
  ['datadog monitors by service tag', () => fetch(`${sim.urls.datadog}/api/v1/monitor?monitor_tags=service:${service}`, { headers: dd })],
  ['datadog service dependencies', () => fetch(`${sim.urls.datadog}/api/v1/service_dependencies?env=prod`, { headers: dd })],
  ['opensearch search (errors, 15 min, aggs)', () => fetch(`${sim.urls.opensearch}/logs-*/_search`, { method: 'POST', headers: os, body: JSON.stringify({ size: 50, sort: [{ '@timestamp': 'desc' }], query: { bool: { filter: [{ term: { 'service.name': service } }, { range: { '@timestamp': { gte: 'now-15m' } } }, { term: { 'log.level': 'ERROR' } }] } }, aggs: { per_minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } } }) })],
  ['kubernetes pods by label', () => fetch(`${sim.urls.kubernetes}/api/v1/namespaces/prod/pods?labelSelector=app%3D${service}`, { headers: k8s })],
  ['kubernetes events (all)', () => fetch(`${sim.urls.kubernetes}/api/v1/namespaces/prod/events`, { headers: k8s })],
  ['kubernetes pod log (tail 100)', () => fetch(`${sim.urls.kubernetes}/api/v1/namespaces/prod/pods/${pod}/log?tailLines=100`, { headers: k8s })],
  ['kubernetes replicasets of a service', () => fetch(`${sim.urls.kubernetes}/apis/apps/v1/namespaces/prod/replicasets?labelSelector=app%3D${service}`, { headers: k8s })],
  ['pagerduty incidents of a service', () => fetch(`${sim.urls.pagerduty}/incidents?date_range=all&limit=100`, { headers: pd })],
  ['slack conversations.history', () => fetch(`${sim.urls.slack}/api/conversations.history`, { method: 'POST', headers: { authorization: 'Bearer xoxb-bench', 'content-type': 'application/x-www-form-urlencoded' }, body: `channel=${alertChannel}` })],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

process.stdout.write(`scenario ${sim.scenario.id} (alert on ${service}), ${rounds} requests per endpoint after ${WARMUP} warm-up\n`);
process.stdout.write(`${'endpoint'.padEnd(52)} ${'status'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'bytes'.padStart(8)}\n`);
for (const [name, call] of endpoints) {
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) await (await call()).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await call();
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    status = response.status;
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${name.padEnd(52)} ${String(status).padStart(6)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 99).toFixed(2).padStart(8)} ${String(bytes).padStart(8)}\n`);
}
await sim.close();
