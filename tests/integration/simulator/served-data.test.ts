// Nothing the product can read gives the world away: no served byte mentions a simulation.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogFetch, kubernetesFetch, opensearchFetch, pagerdutyGet, SECRETS, slackCall } from './official-clients.ts';

const GIVEAWAY = /\b(sim|sims|simulat\w*|fake\w*|scenario\w*|ground[\s_-]?truth|synthetic|mock\w*|dummy|lorem)\b/i;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

async function allLogs(): Promise<string[]> {
  const bodies: string[] = [];
  let cursor: string | undefined;
  do {
    const response = await datadogFetch(sim, '/api/v2/logs/events/search', {
      method: 'POST',
      body: JSON.stringify({ filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, sort: 'timestamp', page: { limit: 1000, ...(cursor ? { cursor } : {}) } }),
    });
    const text = await response.text();
    bodies.push(text);
    cursor = (JSON.parse(text) as { meta: { page?: { after?: string } } }).meta.page?.after;
  } while (cursor);
  return bodies;
}

describe('served data', () => {
  it('never mentions a simulation, in logs, metrics, Kubernetes objects, PagerDuty objects or the webhook', { timeout: 60_000 }, async () => {
    const bodies = await allLogs();
    expect(bodies.length).toBeGreaterThan(3);
    for (const query of ['sum:trace.http.request.hits{*} by {service,version}.as_count()', 'avg:container.cpu.utilization{*} by {pod_name,host,kube_replica_set}']) {
      bodies.push(await (await datadogFetch(sim, `/api/v1/query?from=${at('12:00')}&to=${at('13:35')}&query=${encodeURIComponent(query)}`)).text());
    }
    bodies.push(await (await kubernetesFetch(sim, '/api/v1/pods')).text(), await (await kubernetesFetch(sim, '/api/v1/events')).text());

    let webhook = '';
    const receiver = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => (webhook += chunk.toString('utf8')));
      req.on('end', () => res.writeHead(202).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await sim.fireAlert(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    bodies.push(webhook, sim.topologyYaml);
    const incidentId = (JSON.parse(webhook) as { event: { data: { id: string } } }).event.data.id;
    bodies.push(await (await pagerdutyGet(sim, `/incidents/${incidentId}`)).text(), await (await pagerdutyGet(sim, `/incidents/${incidentId}/alerts`)).text());

    // The newer surfaces: events, monitors, spans, dependencies, OpenSearch, apps/v1, pod logs, PagerDuty history, Slack chatter.
    const datadogPaths = [`/api/v1/events?start=${at('12:00')}&end=${at('13:35')}`, '/api/v1/monitor', '/api/v1/service_dependencies?env=prod', `/api/v1/metrics?from=${at('12:00')}`];
    for (const path of datadogPaths) bodies.push(await (await datadogFetch(sim, path)).text());
    bodies.push(await (await datadogFetch(sim, '/api/v2/spans/events/search', { method: 'POST', body: JSON.stringify({ data: { type: 'search_request', attributes: { filter: { query: '*', from: '2026-11-20T13:15:00Z', to: 'now' }, page: { limit: 1000 } } } }) })).text());
    bodies.push(await (await opensearchFetch(sim, '/')).text(), await (await opensearchFetch(sim, '/logs-*/_search', { size: 1000, query: { range: { '@timestamp': { gte: 'now-10m' } } } })).text(), await (await opensearchFetch(sim, '/_cat/indices?format=json')).text());
    for (const path of ['/apis/apps/v1/deployments', '/apis/apps/v1/replicasets', '/apis/apps/v1/statefulsets']) bodies.push(await (await kubernetesFetch(sim, path)).text());
    const pods = (await (await kubernetesFetch(sim, '/api/v1/pods')).json()) as { items: { metadata: { name: string } }[] };
    for (const pod of pods.items.slice(0, 6)) bodies.push(await (await kubernetesFetch(sim, `/api/v1/namespaces/prod/pods/${pod.metadata.name}/log`)).text());
    const incidents = await (await pagerdutyGet(sim, '/incidents?date_range=all&limit=100')).text();
    bodies.push(incidents, await (await pagerdutyGet(sim, '/services')).text());
    for (const incident of (JSON.parse(incidents) as { incidents: { id: string }[] }).incidents) {
      bodies.push(await (await pagerdutyGet(sim, `/incidents/${incident.id}/log_entries`)).text(), await (await pagerdutyGet(sim, `/incidents/${incident.id}/notes`)).text());
    }
    const { channels } = (await (await slackCall(sim, 'conversations.list', {})).json()) as { channels: { id: string }[] };
    for (const channel of channels) bodies.push(await (await slackCall(sim, 'conversations.history', { channel: channel.id })).text());

    const hits = bodies.flatMap((body) => [...body.matchAll(new RegExp(GIVEAWAY.source, 'gi'))].map((match) => body.slice(Math.max(0, match.index - 60), match.index + 60)));
    expect(hits).toEqual([]);
  });
});
