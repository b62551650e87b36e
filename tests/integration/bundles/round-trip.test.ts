// A generated world exported as a bundle and loaded back must be served exactly as the original:
// same metric series, same log lines, same Kubernetes objects, byte for byte.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorld, type BundleWorld } from '../../../simulator/bundles/bundle-world.ts';
import { exportBundle } from '../../../simulator/bundles/export-bundle.ts';
import { createDatadogFake } from '../../../simulator/fakes/datadog/datadog-fake.ts';
import { createKubernetesFake } from '../../../simulator/fakes/kubernetes/kubernetes-fake.ts';
import { listen, type Listening } from '../../../simulator/fakes/shared/http-kit.ts';
import { createWorld, type World } from '../../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../../simulator/world/library.ts';

const API_KEY = 'a'.repeat(32);
const APP_KEY = 'b'.repeat(40);
const TOKEN = 'reader-token';
const logger = pino({ level: 'silent' });

interface Served {
  datadog: Listening;
  kubernetes: Listening;
}

async function serve(world: World | BundleWorld): Promise<Served> {
  const datadog = createDatadogFake(world, { apiKey: API_KEY, appKey: APP_KEY, logger });
  const kubernetes = createKubernetesFake(world, { token: TOKEN, logger });
  const fail = (error: unknown) => logger.error({ err: error });
  return { datadog: await listen(datadog.handler, fail), kubernetes: await listen(kubernetes.handler, fail) };
}

let dir: string;
let generated: World;
let loaded: BundleWorld;
let original: Served;
let replayed: Served;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ariadne-bundle-'));
  generated = createWorld({ ...loadLibraryScenario('inventory-bad-deploy'), seed: 7 });
  await exportBundle(generated, dir);
  loaded = await bundleWorld(dir);
  original = await serve(generated);
  replayed = await serve(loaded);
});

afterAll(async () => {
  for (const served of [original, replayed]) {
    await served?.datadog.close();
    await served?.kubernetes.close();
  }
  await rm(dir, { recursive: true, force: true });
});

async function both(path: string, init: (base: Served) => { url: string; init: RequestInit }): Promise<[string, string]> {
  const ask = async (served: Served) => {
    const { url, init: request } = init(served);
    const response = await fetch(url, request);
    // Links name the server they came from; the two fakes listen on different ports.
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.text()).replaceAll(served.datadog.url, 'BASE').replaceAll(served.kubernetes.url, 'BASE');
  };
  return [await ask(original), await ask(replayed)];
}

const ddHeaders = { 'DD-API-KEY': API_KEY, 'DD-APPLICATION-KEY': APP_KEY, 'content-type': 'application/json' };

describe('a bundle exported from a generated world', () => {
  it('serves the same metric series as the world it came from', async () => {
    const from = Math.floor(generated.clock.start / 1000);
    const to = Math.floor(generated.clock.now / 1000);
    for (const query of [
      'sum:trace.http.request.errors{service:inventory-service,env:prod} by {version}.as_count()',
      'avg:trace.http.request.duration.by.service.99p{service:checkout-api}',
      'avg:container.cpu.utilization{service:inventory-service} by {pod_name}',
    ]) {
      const path = `/api/v1/query?${new URLSearchParams({ from: String(from), to: String(to), query })}`;
      const [a, b] = await both(path, (served) => ({ url: `${served.datadog.url}${path}`, init: { headers: ddHeaders } }));
      expect(JSON.parse(a).series.length, query).toBeGreaterThan(0);
      expect(b === a, query).toBe(true);
    }
  });

  it('serves the same log lines, pages and cursors included', async () => {
    const body = (cursor?: string) =>
      JSON.stringify({
        filter: { query: 'service:inventory-service status:error', from: generated.scenario.window.start, to: new Date(generated.clock.now).toISOString() },
        sort: '-timestamp',
        page: { limit: 25, ...(cursor ? { cursor } : {}) },
      });
    const [first, firstReplayed] = await both('logs', (served) => ({ url: `${served.datadog.url}/api/v2/logs/events/search`, init: { method: 'POST', headers: ddHeaders, body: body() } }));
    const page = JSON.parse(first) as { data: { attributes: { message: string } }[]; meta: { page?: { after: string } } };
    expect(page.data.length).toBe(25);
    expect(page.data.some((line) => line.attributes.message.includes('warehouse_id'))).toBe(true);
    expect(firstReplayed === first, 'first page differs').toBe(true);
    const after = page.meta.page?.after;
    expect(after).toBeDefined();
    const [second, secondReplayed] = await both('logs page 2', (served) => ({ url: `${served.datadog.url}/api/v2/logs/events/search`, init: { method: 'POST', headers: ddHeaders, body: body(after) } }));
    expect(secondReplayed === second, 'second page differs').toBe(true);
  });

  it('serves the same pods and Kubernetes events', async () => {
    for (const path of ['/api/v1/namespaces/prod/pods', '/api/v1/namespaces/prod/pods?labelSelector=app%3Dinventory-service', '/api/v1/namespaces/prod/events']) {
      const [a, b] = await both(path, (served) => ({ url: `${served.kubernetes.url}${path}`, init: { headers: { authorization: `Bearer ${TOKEN}` } } }));
      expect(JSON.parse(a).items.length, path).toBeGreaterThan(0);
      expect(b === a, path).toBe(true);
    }
  });

  it('serves the same change events and spans', async () => {
    const start = Math.floor(generated.clock.start / 1000) - 86_400;
    const end = Math.floor(generated.clock.now / 1000);
    const eventsPath = `/api/v1/events?start=${start}&end=${end}`;
    const [events, eventsReplayed] = await both(eventsPath, (served) => ({ url: `${served.datadog.url}${eventsPath}`, init: { headers: ddHeaders } }));
    expect(JSON.parse(events).events.some((event: { title: string }) => event.title.includes('inventory-service 2.14.0'))).toBe(true);
    expect(eventsReplayed === events, 'events differ').toBe(true);

    const body = JSON.stringify({ data: { type: 'search_request', attributes: { filter: { query: 'service:inventory-service', from: generated.scenario.window.start, to: new Date(generated.clock.now).toISOString() }, page: { limit: 20 }, sort: '-timestamp' } } });
    const [spans, spansReplayed] = await both('spans', (served) => ({ url: `${served.datadog.url}/api/v2/spans/events/search`, init: { method: 'POST', headers: ddHeaders, body } }));
    expect(JSON.parse(spans).data.length).toBeGreaterThan(0);
    expect(spansReplayed === spans, 'spans differ').toBe(true);
  });

  it('serves the same deployments and pod logs', async () => {
    const pod = generated.cluster.pods.find((candidate) => candidate.service === 'inventory-service' && candidate.version === '2.14.0' && candidate.deletedAt === undefined);
    expect(pod).toBeDefined();
    for (const path of ['/apis/apps/v1/namespaces/prod/deployments', `/api/v1/namespaces/prod/pods/${pod?.name}/log?tailLines=50`]) {
      const [a, b] = await both(path, (served) => ({ url: `${served.kubernetes.url}${path}`, init: { headers: { authorization: `Bearer ${TOKEN}` } } }));
      expect(a.length, path).toBeGreaterThan(100);
      expect(b === a, path).toBe(true);
    }
  });

  it('carries monitors, channel chatter, users, past incidents, change events and deployments over unchanged', () => {
    expect(generated.monitors.length).toBeGreaterThan(0);
    expect(generated.chatter.length).toBeGreaterThan(0);
    expect(loaded.monitors).toEqual(generated.monitors);
    expect(loaded.chatter).toEqual(generated.chatter);
    expect(loaded.users).toEqual(generated.users);
    expect(loaded.incidentHistory).toEqual(generated.incidentHistory);
    expect(loaded.changeEvents).toEqual(generated.changeEvents);
    expect(loaded.deployments).toEqual(generated.deployments);
  });

  it('exports again to identical files', async () => {
    const again = await mkdtemp(join(tmpdir(), 'ariadne-bundle-again-'));
    try {
      const { files } = await exportBundle(loaded, again);
      for (const file of Object.keys(files)) {
        const [second, first] = [await readFile(join(again, file), 'utf8'), await readFile(join(dir, file), 'utf8')];
        expect(second === first, `${file} differs`).toBe(true);
      }
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['scenario.yaml', 'topology.yaml', 'metrics.csv', 'logs.jsonl', 'spans.jsonl', 'events.jsonl', 'k8s.json']));
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});
