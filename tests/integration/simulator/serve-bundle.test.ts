// startSimulator serves a recorded bundle and a prebuilt world with the same fakes: an exported
// library scenario, loaded back from its directory, answers the same questions the same way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../simulator/bundles/export-bundle.ts';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { createWorld } from '../../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../../simulator/world/library.ts';
import { datadogFetch, kubernetesFetch, opensearchFetch, SECRETS } from './official-clients.ts';

let dir: string;
let fromBundle: RunningSimulator;
const slack = { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-'));
  await exportBundle(createWorld({ ...loadLibraryScenario('inventory-bad-deploy'), seed: 1 }), dir);
  fromBundle = await startSimulator({ bundle: dir, pagerdutyWebhookSecret: SECRETS.webhook, slack });
});
afterAll(async () => {
  await fromBundle?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('serving a bundle', () => {
  it('serves the bundle\'s scenario, logs and metrics through every fake', async () => {
    expect(fromBundle.scenario.id).toBe('inventory-bad-deploy');
    const logs = (await (await datadogFetch(fromBundle, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'service:inventory-service status:error', from: '2026-11-20T13:20:00Z', to: 'now' }, page: { limit: 5 } }) })).json()) as { data: { attributes: { message: string } }[] };
    expect(logs.data.length).toBeGreaterThan(0);
    const search = (await (await opensearchFetch(fromBundle, '/logs-*/_search', { size: 1, track_total_hits: true, query: { match_phrase: { message: 'warehouse_id' } } })).json()) as { hits: { total: { value: number } } };
    expect(search.hits.total.value).toBeGreaterThan(0);
    const metrics = (await (await datadogFetch(fromBundle, `/api/v1/query?from=${Date.parse('2026-11-20T13:00:00Z') / 1000}&to=${Date.parse('2026-11-20T13:35:00Z') / 1000}&query=${encodeURIComponent('sum:trace.http.request.errors{service:inventory-service}.as_count()')}`)).json()) as { series: unknown[] };
    expect(metrics.series.length).toBeGreaterThan(0);
    expect((await kubernetesFetch(fromBundle, '/api/v1/pods')).status).toBe(200);
  });

  it('listens on consecutive ports from portBase', async () => {
    // Bases sit below the kernel's ephemeral range (32768+), where other tests' port-0 listeners
    // land; another process may still hold one, so a collision moves on to the next block.
    let running: RunningSimulator | undefined;
    let base = 0;
    for (let attempt = 0; running === undefined; attempt += 1) {
      base = 20_000 + ((process.pid * 7 + attempt * 101) % 12_000);
      try {
        running = await startSimulator({ portBase: base, pagerdutyWebhookSecret: SECRETS.webhook, slack });
      } catch (error) {
        if (attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    try {
      expect([running.urls.datadog, running.urls.kubernetes, running.urls.pagerduty, running.urls.slack, running.urls.opensearch].map((url) => Number(new URL(url).port))).toEqual([base, base + 1, base + 2, base + 3, base + 4]);
    } finally {
      await running.close();
    }
  });
});
