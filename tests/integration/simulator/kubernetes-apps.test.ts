// Pod logs and apps/v1 rollout history through the official @kubernetes/client-node, as
// `kubectl logs` and `kubectl rollout history` would read them.
import { AppsV1Api, KubeConfig, ApiException } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { servedWorld, type ServedWorld } from '../../../simulator/fakes/shared/served-world.ts';
import { contractWorld } from './contract-world.ts';
import { kubernetesCore, kubernetesFetch, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
let world: ServedWorld;
let apps: AppsV1Api;

beforeAll(async () => {
  const raw = contractWorld();
  world = servedWorld(raw);
  sim = await startSimulator({ world: raw, pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'prod', server: sim.urls.kubernetes, skipTLSVerify: true }],
    users: [{ name: 'reader', token: DEFAULT_CREDENTIALS.kubernetesToken }],
    contexts: [{ name: 'prod', cluster: 'prod', user: 'reader' }],
    currentContext: 'prod',
  });
  apps = config.makeApiClient(AppsV1Api);
});
afterAll(async () => sim?.close());

describe('pod logs', () => {
  it('returns the container log text, honouring tailLines and sinceSeconds', async () => {
    const core = kubernetesCore(sim);
    const pods = await core.listNamespacedPod({ namespace: 'prod', labelSelector: 'app=inventory-service' });
    const name = pods.items[0]!.metadata!.name!;
    const full = await core.readNamespacedPodLog({ name, namespace: 'prod' });
    expect(full).toBe(world.podLogs(name, {}));
    expect(full.length).toBeGreaterThan(0);
    expect(full).toContain('warehouse_id');
    const tail = await core.readNamespacedPodLog({ name, namespace: 'prod', tailLines: 3 });
    expect(tail.trimEnd().split('\n').length).toBeLessThanOrEqual(3);
    expect(full.endsWith(tail)).toBe(true);
    const recent = await core.readNamespacedPodLog({ name, namespace: 'prod', sinceSeconds: 60 });
    expect(recent.length).toBeLessThanOrEqual(full.length);
    expect(recent).toBe(world.podLogs(name, { sinceMs: world.clock.now - 60_000 }));
  });

  it('answers previous=true only for a restarted container, and rejects other containers', async () => {
    const core = kubernetesCore(sim);
    const pods = await core.listNamespacedPod({ namespace: 'prod', labelSelector: 'app=inventory-service' });
    const name = pods.items[0]!.metadata!.name!;
    const error = (await core.readNamespacedPodLog({ name, namespace: 'prod', previous: true }).catch((e: unknown) => e)) as ApiException<string>;
    expect(error.code).toBe(400);
    expect(JSON.parse(error.body).message).toBe(`previous terminated container "inventory-service" in pod "${name}" not found`);
    const wrong = await kubernetesFetch(sim, `/api/v1/namespaces/prod/pods/${name}/log?container=sidecar`);
    expect(wrong.status).toBe(400);
    const restarted = world.cluster.pods.find((pod) => pod.restarts.length > 0 && pod.createdAt <= world.clock.now && (pod.deletedAt === undefined || pod.deletedAt > world.clock.now));
    expect(restarted).toBeDefined();
    const previous = await core.readNamespacedPodLog({ name: restarted!.name, namespace: 'prod', previous: true });
    expect(previous).toBe(world.podLogs(restarted!.name, { previous: true }));
    const missing = (await core.readNamespacedPodLog({ name: 'nope-0', namespace: 'prod' }).catch((e: unknown) => e)) as ApiException<string>;
    expect(missing.code).toBe(404);
  });
});

describe('apps/v1 deployments and replicasets', () => {
  it('lists deployments with status and conditions', async () => {
    const list = await apps.listNamespacedDeployment({ namespace: 'prod' });
    const names = list.items.map((deployment) => deployment.metadata!.name);
    expect(names).toEqual(world.deployments.filter((deployment) => deployment.kind === 'Deployment').map((deployment) => deployment.name).sort());
    const inventory = await apps.readNamespacedDeployment({ name: 'inventory-service', namespace: 'prod' });
    const record = world.deployments.find((deployment) => deployment.service === 'inventory-service')!;
    expect(inventory.spec!.replicas).toBe(record.replicas);
    expect(inventory.status!.availableReplicas).toBe(record.availableReplicas);
    expect(inventory.status!.conditions!.map((condition) => condition.type).sort()).toEqual(record.conditions.map((condition) => condition.type).sort());
    const latest = record.revisions.at(-1)!;
    expect(inventory.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe(String(latest.revision));
    expect(inventory.spec!.template.spec!.containers[0]!.image).toBe(latest.image);
  });

  it('reads the rollout history from replicasets: revisions, images, owners', async () => {
    const list = await apps.listNamespacedReplicaSet({ namespace: 'prod', labelSelector: 'app=inventory-service' });
    const record = world.deployments.find((deployment) => deployment.service === 'inventory-service')!;
    expect(list.items).toHaveLength(record.revisions.length);
    const deployment = await apps.readNamespacedDeployment({ name: 'inventory-service', namespace: 'prod' });
    const history = list.items
      .map((rs) => ({ revision: Number(rs.metadata!.annotations!['deployment.kubernetes.io/revision']), image: rs.spec!.template!.spec!.containers[0]!.image, replicas: rs.spec!.replicas, owner: rs.metadata!.ownerReferences![0]! }))
      .sort((a, b) => a.revision - b.revision);
    expect(history.map((entry) => entry.image)).toEqual(record.revisions.map((revision) => revision.image));
    expect(history.map((entry) => entry.revision)).toEqual(record.revisions.map((revision) => revision.revision));
    for (const entry of history) {
      expect(entry.owner).toMatchObject({ kind: 'Deployment', name: 'inventory-service', uid: deployment.metadata!.uid, controller: true });
    }
    expect(history.at(-1)!.replicas).toBe(record.replicas);
    expect(history.slice(0, -1).every((entry) => entry.replicas === 0)).toBe(true);
    const all = await apps.listReplicaSetForAllNamespaces({});
    expect(all.items.length).toBe(world.deployments.filter((deployment) => deployment.kind === 'Deployment').reduce((sum, deployment) => sum + deployment.revisions.filter((revision) => revision.createdAt <= world.clock.now).length, 0));
    const notFound = (await apps.readNamespacedDeployment({ name: 'nope', namespace: 'prod' }).catch((e: unknown) => e)) as ApiException<string>;
    expect(notFound.code).toBe(404);
  });
});
