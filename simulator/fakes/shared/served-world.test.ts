import { describe, expect, it } from 'vitest';
import { createWorld } from '../../world/create-world.ts';
import { loadLibraryScenario } from '../../world/library.ts';
import { parseApiFaults } from './api-faults.ts';
import { servedWorld, type WorldLike } from './served-world.ts';

/** A world as a recorded bundle might give it: the generated world without the contract's newer members. */
function bareWorld(): WorldLike {
  const world = createWorld({ ...loadLibraryScenario('inventory-bad-deploy'), seed: 1 }) as unknown as Record<string, unknown>;
  const bare = { ...world };
  for (const key of ['variant', 'naming', 'spans', 'changeEvents', 'monitors', 'incidentHistory', 'chatter', 'users', 'podLogs', 'deployments']) delete bare[key];
  return bare as unknown as WorldLike;
}

describe('servedWorld', () => {
  const full = createWorld({ ...loadLibraryScenario('inventory-bad-deploy'), seed: 1 });
  const bare = servedWorld(bareWorld());

  it('keeps the members a world provides', () => {
    const served = servedWorld(full as unknown as WorldLike);
    expect(served.monitors).toBe(full.monitors);
    expect(served.naming).toBe(full.naming);
    expect(served.podLogs('x', {})).toBe(full.podLogs('x', {}));
  });

  it('derives deploy events and rollout history from the cluster when a world lacks them', () => {
    expect(bare.changeEvents.map((event) => [event.service, event.kind])).toEqual([
      ['payments-service', 'deploy'],
      ['inventory-service', 'deploy'],
    ]);
    const inventory = bare.deployments.find((deployment) => deployment.service === 'inventory-service')!;
    expect(inventory.revisions.map((revision) => revision.image)).toEqual(['registry.internal/inventory-service:2.13.4', 'registry.internal/inventory-service:2.14.0']);
    expect(inventory.availableReplicas).toBe(inventory.replicas);
    expect(bare.naming.metric('trace.http.request.errors', 'inventory-service')).toBe('trace.http.request.errors');
    expect(bare.naming.logsIndex).toBe('logs-prod');
    expect(bare.spans.minute('inventory-service', bare.clock.alertAt)).toEqual([]);
    expect(bare.monitors).toEqual([]);
  });

  it('reads a pod\'s log text from the log model, tailing by lines', () => {
    const pod = bare.cluster.pods.find((candidate) => candidate.service === 'inventory-service' && candidate.version === '2.14.0')!;
    const text = bare.podLogs(pod.name, {});
    expect(text).toContain("KeyError: 'warehouse_id'");
    expect(text.endsWith('\n')).toBe(true);
    const tail = bare.podLogs(pod.name, { tailLines: 4 });
    expect(tail.split('\n').filter(Boolean)).toHaveLength(4);
    expect(text.endsWith(tail)).toBe(true);
    expect(bare.podLogs('no-such-pod', {})).toBe('');
  });
});

describe('parseApiFaults', () => {
  it('fills defaults and rejects unknown fields, naming them', () => {
    expect(parseApiFaults([{ api: 'opensearch', kind: 'slow' }])).toEqual([{ api: 'opensearch', kind: 'slow', afterRequests: 0, delayMs: 1500, retryAfterSeconds: 1 }]);
    expect(parseApiFaults(undefined)).toEqual([]);
    expect(() => parseApiFaults([{ api: 'datadog', kind: 'rate_limit', retry: 3 }], 'x.yaml: apiFaults')).toThrow(/^x\.yaml: apiFaults\.0: Unrecognized key/);
    expect(() => parseApiFaults([{ api: 'splunk', kind: 'slow' }])).toThrow(/apiFaults\.0\.api/);
  });
});
