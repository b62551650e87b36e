// The official Kubernetes client lists the fake's pods and events as it would a real API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { kubernetesCore, kubernetesFetch, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

describe('pods through CoreV1Api', () => {
  it('lists the inventory-service pods running the new image, by label, in one namespace', async () => {
    const core = kubernetesCore(sim);
    const list = await core.listNamespacedPod({ namespace: 'prod', labelSelector: 'app.kubernetes.io/name=inventory-service' });
    expect(list.items).toHaveLength(3);
    for (const pod of list.items) {
      expect(pod.metadata!.name).toMatch(/^inventory-service-[a-z0-9]{9,10}-[a-z0-9]{5}$/);
      expect(pod.metadata!.namespace).toBe('prod');
      expect(pod.metadata!.labels).toMatchObject({ app: 'inventory-service', 'app.kubernetes.io/name': 'inventory-service' });
      expect(pod.metadata!.name).toContain(pod.metadata!.labels!['pod-template-hash']!);
      expect(pod.spec!.containers[0]!.image).toBe('registry.internal/inventory-service:2.14.0');
      expect(pod.spec!.nodeName).toMatch(/^ip-10-42-\d+-\d+\.ec2\.internal$/);
      expect(pod.status!.phase).toBe('Running');
      expect(pod.status!.startTime).toBeInstanceOf(Date);
      expect(pod.status!.startTime!.toISOString() >= '2026-11-20T13:20:00.000Z').toBe(true);
      expect(pod.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
      expect(pod.status!.containerStatuses![0]!.restartCount).toBe(0);
    }
  });

  it('lists across namespaces with set selectors and shows the old restart on cart-service', async () => {
    const core = kubernetesCore(sim);
    const list = await core.listPodForAllNamespaces({ labelSelector: 'app in (cart-service,payments-service)' });
    expect(list.items).toHaveLength(6);
    const payments = list.items.filter((pod) => pod.metadata!.labels!.app === 'payments-service');
    expect(new Set(payments.map((pod) => pod.spec!.containers[0]!.image))).toEqual(new Set(['registry.internal/payments-service:3.8.2']));
    const restarted = list.items.filter((pod) => pod.status!.containerStatuses![0]!.restartCount > 0);
    expect(restarted).toHaveLength(1);
    const terminated = restarted[0]!.status!.containerStatuses![0]!.lastState!.terminated!;
    expect(terminated.reason).toBe('Error');
    expect(terminated.exitCode).toBe(2);
    expect(terminated.finishedAt!.toISOString()).toBe('2026-11-18T22:41:07.000Z');
  });

  it('returns an empty list for an unknown namespace and 404 for an unknown pod', async () => {
    const core = kubernetesCore(sim);
    expect((await core.listNamespacedPod({ namespace: 'staging' })).items).toEqual([]);
    const error = await core.readNamespacedPod({ namespace: 'prod', name: 'inventory-service-nothere-abcde' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<unknown>).code).toBe(404);
  });
});

describe('events through CoreV1Api', () => {
  it('shows the rollout of 2.14.0 with kubectl wording, filtered by involved object', async () => {
    const core = kubernetesCore(sim);
    const deployment = await core.listNamespacedEvent({ namespace: 'prod', fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=inventory-service' });
    const messages = deployment.items.map((event) => event.message);
    expect(messages).toHaveLength(6);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^Scaled up replica set inventory-service-[a-z0-9]+ to 3$/), expect.stringMatching(/^Scaled down replica set inventory-service-[a-z0-9]+ to 0$/)]));
    for (const event of deployment.items) {
      expect(event.reason).toBe('ScalingReplicaSet');
      expect(event.type).toBe('Normal');
      expect(event.source!.component).toBe('deployment-controller');
      expect(event.firstTimestamp!.toISOString() >= '2026-11-20T13:20:00.000Z').toBe(true);
      expect(event.count).toBe(1);
    }
  });

  it('lists all events of the window, pod start-ups included, none after virtual now', async () => {
    const core = kubernetesCore(sim);
    const all = await core.listEventForAllNamespaces({});
    const reasons = new Set(all.items.map((event) => event.reason));
    for (const reason of ['ScalingReplicaSet', 'SuccessfulCreate', 'SuccessfulDelete', 'Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'Killing']) expect(reasons).toContain(reason);
    expect(all.items.some((event) => event.message === 'Pulling image "registry.internal/inventory-service:2.14.0"')).toBe(true);
    expect(all.items.every((event) => event.lastTimestamp!.getTime() <= Date.parse('2026-11-20T13:35:00Z'))).toBe(true);
    const pods = await core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.kind=Pod,reason=Pulling' });
    expect(pods.items).toHaveLength(6);
  });

  it('rejects unsupported field selectors and unauthenticated calls with Status objects', async () => {
    const bad = await kubernetesFetch(sim, '/api/v1/events?fieldSelector=spec.color%3Dblue');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', message: 'field label not supported: spec.color', code: 400 });
    const error = await kubernetesCore(sim, 'not-the-token').listEventForAllNamespaces({}).catch((e: unknown) => e);
    expect((error as ApiException<unknown>).code).toBe(401);
    const raw = await kubernetesFetch(sim, '/api/v1/pods', 'wrong');
    expect(await raw.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('pages lists with limit and continue', async () => {
    const core = kubernetesCore(sim);
    const first = await core.listEventForAllNamespaces({ limit: 10 });
    expect(first.items).toHaveLength(10);
    const rest = await core.listEventForAllNamespaces({ _continue: first.metadata!._continue! });
    const all = await core.listEventForAllNamespaces({});
    expect([...first.items, ...rest.items].map((e) => e.metadata!.name)).toEqual(all.items.map((e) => e.metadata!.name));
  });
});
