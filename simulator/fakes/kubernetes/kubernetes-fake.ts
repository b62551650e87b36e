// A Kubernetes API server fake for the read paths the tools use: core/v1 pods and events, across
// all namespaces or in one, with label and field selectors, as they stand at the world's virtual
// now. Objects follow the core/v1 OpenAPI schemas; errors are Status objects.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { NAMESPACE, type Pod } from '../../world/cluster.ts';
import { objectUid, type KubeEvent } from '../../world/kube-events.ts';
import { hash32, hexString } from '../../world/seeded-hash.ts';
import { pageCap } from '../shared/api-faults.ts';
import { sendJson } from '../shared/http-kit.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import { buildAppsObjects } from './apps-v1.ts';
import { matchesAll, parseFieldSelector, parseLabelSelector, SelectorError, type Requirement } from './selectors.ts';

export interface KubernetesFakeOptions {
  token: string;
  logger: Logger;
}

const POD_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'] as const;
const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
  'metadata.name',
  'metadata.namespace',
] as const;

function status(res: ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** Kubernetes timestamps are RFC 3339 with second precision. */
function k8sTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const RESOURCES: Record<string, { requests: { cpu: string; memory: string }; limits: { memory: string } }> = {
  java: { requests: { cpu: '1', memory: '1536Mi' }, limits: { memory: '2Gi' } },
  node: { requests: { cpu: '500m', memory: '768Mi' }, limits: { memory: '1Gi' } },
  python: { requests: { cpu: '500m', memory: '768Mi' }, limits: { memory: '1Gi' } },
  go: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
};

export function createKubernetesFake(world: ServedWorld, options: KubernetesFakeOptions) {
  const now = world.clock.now;
  const listResourceVersion = String(480_000_000 + Math.floor((now - world.clock.start) / 1000));

  function resourceVersion(...parts: (string | number)[]): string {
    return String(400_000_000 + (hash32(world.seed, ...parts) % 80_000_000));
  }

  function podLabels(pod: Pod): Record<string, string> {
    const service = world.service(pod.service);
    const controller: Record<string, string> = pod.workloadKind === 'StatefulSet'
      ? { 'controller-revision-hash': pod.replicaSet, 'statefulset.kubernetes.io/pod-name': pod.name }
      : { 'pod-template-hash': pod.templateHash };
    return {
      app: pod.service,
      'app.kubernetes.io/name': pod.service,
      'app.kubernetes.io/version': pod.version,
      ...controller,
      ...(service?.team ? { team: service.team } : {}),
    };
  }

  /** How the pod stands at virtual now: waiting (image pull, crash loop, unschedulable) or running. */
  function podPhase(pod: Pod): { phase: 'Running' | 'Pending'; waiting: Pod['waiting'] } {
    const waiting = pod.waiting && pod.waiting.since <= now ? pod.waiting : undefined;
    if (!waiting) return { phase: 'Running', waiting: undefined };
    return { phase: waiting.reason === 'CrashLoopBackOff' ? 'Running' : 'Pending', waiting };
  }

  function renderPod(pod: Pod) {
    const service = world.service(pod.service);
    const lastRestart = pod.restarts.filter((restart) => restart.at <= now).at(-1);
    const { phase, waiting } = podPhase(pod);
    const unscheduled = waiting?.reason === 'Unschedulable';
    const pulling = waiting?.reason === 'ImagePullBackOff' || waiting?.reason === 'ErrImagePull';
    const readySince = lastRestart ? lastRestart.readyAgainAt : pod.readyAt;
    const ready = !waiting && readySince <= now && (pod.terminatingAt === undefined || now < pod.terminatingAt);
    const scheduledAt = pod.createdAt + 50;
    // The API server prints lastProbeTime: null; the OpenAPI schema only allows a string, so leave it out.
    const condition = (type: string, at: number, isTrue = true) => ({ type, status: isTrue ? 'True' : 'False', lastTransitionTime: k8sTime(at) });
    const containerStatus: Record<string, unknown> = {
      name: pod.service,
      state: waiting ? { waiting: { reason: waiting.reason, message: waiting.message } } : { running: { startedAt: k8sTime(pod.startedAt) } },
      lastState: lastRestart
        ? {
            terminated: {
              exitCode: lastRestart.exitCode,
              reason: lastRestart.reason,
              startedAt: k8sTime(lastRestart.previousStartedAt),
              finishedAt: k8sTime(lastRestart.at),
              containerID: `containerd://${hexString(64, world.seed, pod.name, 'container', lastRestart.previousStartedAt)}`,
            },
          }
        : {},
      ready,
      restartCount: pod.restarts.filter((restart) => restart.at <= now).length,
      image: pod.image,
      // A container whose image never arrived has no image id or container id yet.
      imageID: pulling ? '' : `${pod.image.split(':')[0]}@${pod.imageDigest}`,
      ...(pulling ? {} : { containerID: pod.containerId }),
      started: !waiting,
    };
    const owner = pod.workloadKind === 'StatefulSet'
      ? { apiVersion: 'apps/v1', kind: 'StatefulSet', name: pod.workload, uid: objectUid(world.seed, 'StatefulSet', pod.workload), controller: true, blockOwnerDeletion: true }
      : { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: pod.replicaSet, uid: objectUid(world.seed, 'ReplicaSet', pod.replicaSet), controller: true, blockOwnerDeletion: true };
    const conditions = unscheduled
      ? [{ type: 'PodScheduled', status: 'False', lastTransitionTime: k8sTime(pod.createdAt + 50), reason: 'Unschedulable', message: waiting?.message ?? '' }]
      : [
          condition('PodReadyToStartContainers', pod.createdAt + 1_000),
          condition('Initialized', scheduledAt),
          condition('Ready', ready ? readySince : (waiting?.since ?? pod.terminatingAt ?? now), ready),
          condition('ContainersReady', ready ? readySince : (waiting?.since ?? pod.terminatingAt ?? now), ready),
          condition('PodScheduled', scheduledAt),
        ];
    return {
      metadata: {
        name: pod.name,
        generateName: pod.workloadKind === 'StatefulSet' ? `${pod.workload}-` : `${pod.replicaSet}-`,
        namespace: NAMESPACE,
        uid: pod.uid,
        resourceVersion: resourceVersion(pod.name),
        creationTimestamp: k8sTime(pod.createdAt),
        ...(pod.terminatingAt !== undefined && pod.terminatingAt <= now ? { deletionTimestamp: k8sTime(pod.terminatingAt + 30_000), deletionGracePeriodSeconds: 30 } : {}),
        labels: podLabels(pod),
        ownerReferences: [owner],
      },
      spec: {
        containers: [
          {
            name: pod.service,
            image: pod.image,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'DD_ENV', value: 'prod' },
              { name: 'DD_SERVICE', value: pod.service },
              { name: 'DD_VERSION', value: pod.version },
            ],
            resources: RESOURCES[service?.language ?? 'go'] ?? RESOURCES.go,
            readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 20, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: pod.service,
        serviceAccount: pod.service,
        ...(unscheduled ? {} : { nodeName: pod.node.name }),
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: unscheduled
        ? { phase, conditions, qosClass: 'Burstable' }
        : {
            phase,
            conditions,
            hostIP: pod.node.internalIp,
            hostIPs: [{ ip: pod.node.internalIp }],
            podIP: pod.podIp,
            podIPs: [{ ip: pod.podIp }],
            startTime: k8sTime(pod.createdAt),
            containerStatuses: [containerStatus],
            qosClass: 'Burstable',
          },
    };
  }

  function podFields(pod: Pod): Record<string, string> {
    return {
      'metadata.name': pod.name,
      'metadata.namespace': NAMESPACE,
      'spec.nodeName': podPhase(pod).waiting?.reason === 'Unschedulable' ? '' : pod.node.name,
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': pod.service,
      'status.phase': podPhase(pod).phase,
      'status.podIP': podPhase(pod).waiting?.reason === 'Unschedulable' ? '' : pod.podIp,
      'status.nominatedNodeName': '',
    };
  }

  // core/v1 Events from controllers carry no eventTime (the API server prints null; the schema wants it absent).
  function renderEvent(event: KubeEvent) {
    return {
      metadata: { name: event.name, namespace: event.namespace, uid: event.uid, resourceVersion: resourceVersion(event.name), creationTimestamp: k8sTime(event.firstTimestamp) },
      involvedObject: {
        kind: event.involvedObject.kind,
        namespace: event.namespace,
        name: event.involvedObject.name,
        uid: event.involvedObject.uid,
        apiVersion: event.involvedObject.apiVersion,
        resourceVersion: resourceVersion(event.involvedObject.name, 'object'),
        ...(event.involvedObject.fieldPath ? { fieldPath: event.involvedObject.fieldPath } : {}),
      },
      reason: event.reason,
      message: event.message,
      source: event.source,
      firstTimestamp: k8sTime(event.firstTimestamp),
      lastTimestamp: k8sTime(event.lastTimestamp),
      count: event.count,
      type: event.type,
      reportingComponent: event.source.component,
      reportingInstance: event.source.host ?? '',
    };
  }

  function eventFields(event: KubeEvent): Record<string, string> {
    return {
      'involvedObject.kind': event.involvedObject.kind,
      'involvedObject.namespace': event.namespace,
      'involvedObject.name': event.involvedObject.name,
      'involvedObject.uid': event.involvedObject.uid,
      'involvedObject.apiVersion': event.involvedObject.apiVersion,
      'involvedObject.resourceVersion': resourceVersion(event.involvedObject.name, 'object'),
      'involvedObject.fieldPath': event.involvedObject.fieldPath ?? '',
      reason: event.reason,
      reportingComponent: event.source.component,
      source: event.source.component,
      type: event.type,
      'metadata.name': event.name,
      'metadata.namespace': event.namespace,
    };
  }

  function selectors(url: URL, fields: readonly string[]): { labels: Requirement[]; fields: Requirement[] } {
    return {
      labels: parseLabelSelector(url.searchParams.get('labelSelector') ?? ''),
      fields: parseFieldSelector(url.searchParams.get('fieldSelector') ?? '', fields),
    };
  }

  /** `limit` and `continue` paging over a stable ordering. */
  function page<T>(items: T[], url: URL, cap?: number): { items: T[]; continueToken: string | undefined } | 'bad-continue' {
    const limitText = url.searchParams.get('limit');
    const continueText = url.searchParams.get('continue');
    let offset = 0;
    if (continueText) {
      const decoded = /^\d+$/.test(Buffer.from(continueText, 'base64url').toString('utf8')) ? Number(Buffer.from(continueText, 'base64url').toString('utf8')) : NaN;
      if (!Number.isInteger(decoded)) return 'bad-continue';
      offset = decoded;
    }
    const limit = Math.min(limitText && /^\d+$/.test(limitText) && Number(limitText) > 0 ? Number(limitText) : items.length, cap ?? Infinity);
    const slice = items.slice(offset, offset + limit);
    const next = offset + slice.length;
    return { items: slice, continueToken: next < items.length ? Buffer.from(String(next)).toString('base64url') : undefined };
  }

  function list(res: ServerResponse, kind: 'PodList' | 'EventList' | 'DeploymentList' | 'ReplicaSetList' | 'StatefulSetList', items: unknown[], url: URL, cap?: number): void {
    const paged = page(items, url, cap);
    if (paged === 'bad-continue') return status(res, 400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    sendJson(res, 200, {
      kind,
      apiVersion: kind === 'PodList' || kind === 'EventList' ? 'v1' : 'apps/v1',
      metadata: { resourceVersion: listResourceVersion, ...(paged.continueToken ? { continue: paged.continueToken } : {}) },
      items: paged.items,
    });
  }

  function existingPods(namespace: string | undefined): Pod[] {
    if (namespace !== undefined && namespace !== NAMESPACE) return [];
    return world.cluster.pods
      .filter((pod) => pod.createdAt <= now && (pod.deletedAt === undefined || now < pod.deletedAt))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  const apps = buildAppsObjects(world, resourceVersion);

  // Pod logs are a pure function of (pod, options) up to virtual now; agents re-read the same tails.
  const logCache = new Map<string, string>();
  function podLogText(name: string, options: { sinceMs?: number; previous?: boolean }): string {
    const key = `${name}\u0000${options.sinceMs ?? ''}\u0000${options.previous ? 1 : 0}`;
    let text = logCache.get(key);
    if (text === undefined) {
      text = world.podLogs(name, options);
      if (logCache.size > 2_000) logCache.clear();
      logCache.set(key, text);
    }
    return text;
  }

  function podLog(res: ServerResponse, namespace: string, name: string, url: URL): void {
    const pod = existingPods(namespace).find((candidate) => candidate.name === name);
    if (!pod) return status(res, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
    const params = url.searchParams;
    const container = params.get('container');
    if (container !== null && container !== pod.service) return status(res, 400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
    const previous = params.get('previous') === 'true' || params.get('previous') === '1';
    if (previous && pod.restarts.length === 0) return status(res, 400, 'BadRequest', `previous terminated container "${pod.service}" in pod "${name}" not found`);
    const options: { sinceMs?: number; tailLines?: number; previous?: boolean } = {};
    for (const [key, value] of [['tailLines', params.get('tailLines')], ['sinceSeconds', params.get('sinceSeconds')], ['limitBytes', params.get('limitBytes')]] as const) {
      if (value !== null && !/^\d+$/.test(value)) return status(res, 400, 'BadRequest', `${key} must be a non-negative integer, got "${value}"`);
    }
    const tail = params.get('tailLines');
    const since = params.get('sinceSeconds');
    const sinceTime = params.get('sinceTime');
    if (since !== null) options.sinceMs = now - Number(since) * 1000;
    if (sinceTime !== null) {
      const parsed = Date.parse(sinceTime);
      if (Number.isNaN(parsed)) return status(res, 400, 'BadRequest', `sinceTime: invalid RFC 3339 time "${sinceTime}"`);
      options.sinceMs = parsed;
    }
    if (previous) options.previous = true;
    let text = podLogText(name, options);
    // tailLines counts lines of text (a traceback is several), as the kubelet does.
    if (tail !== null) {
      const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text === '' ? [] : text.split('\n');
      const kept = lines.slice(Math.max(0, lines.length - Number(tail)));
      text = kept.length === 0 ? '' : `${kept.join('\n')}\n`;
    }
    const limitBytes = params.get('limitBytes');
    if (limitBytes !== null) text = Buffer.from(text).subarray(0, Number(limitBytes)).toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)) }).end(text);
  }

  function appsRoute(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const match = /^\/apis\/apps\/v1(?:\/namespaces\/([^/]+))?\/(deployments|replicasets|statefulsets)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return status(res, 404, 'NotFound', 'the server could not find the requested resource', {});
    const [, namespace, resource, name] = match;
    const labels = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
    const fields = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '', ['metadata.name', 'metadata.namespace']);
    const workloads = resource === 'deployments' ? apps.deployments : apps.statefulSets;
    const entries = (resource === 'replicasets' ? apps.replicaSets : workloads.map((entry) => ({ namespace: entry.record.namespace, labels: entry.labels, object: entry.object })))
      .filter((entry) => namespace === undefined || entry.namespace === namespace);
    const kind = resource === 'deployments' ? 'Deployment' : resource === 'statefulsets' ? 'StatefulSet' : 'ReplicaSet';
    const nameOf = (object: Record<string, unknown>) => (object.metadata as { name: string }).name;
    if (name !== undefined) {
      if (namespace === undefined) return status(res, 404, 'NotFound', 'the server could not find the requested resource', {});
      const found = entries.find((entry) => nameOf(entry.object) === name);
      if (!found) return status(res, 404, 'NotFound', `${resource}.apps "${name}" not found`, { name, group: 'apps', kind: resource });
      return sendJson(res, 200, { kind, apiVersion: 'apps/v1', ...found.object });
    }
    const selected = entries
      .filter((entry) => matchesAll(labels, entry.labels) && matchesAll(fields, { 'metadata.name': nameOf(entry.object), 'metadata.namespace': entry.namespace }))
      .sort((a, b) => nameOf(a.object).localeCompare(nameOf(b.object)));
    return list(res, `${kind}List` as 'DeploymentList' | 'ReplicaSetList' | 'StatefulSetList', selected.map((entry) => entry.object), url, pageCap(req));
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (req.headers.authorization !== `Bearer ${options.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    if (url.pathname === '/version') {
      return sendJson(res, 200, { major: '1', minor: '35', gitVersion: 'v1.35.0-eks-3025e55', platform: 'linux/amd64' });
    }
    if (url.pathname.startsWith('/apis/apps/v1/')) {
      try {
        return appsRoute(req, res, url);
      } catch (error) {
        if (error instanceof SelectorError) return status(res, 400, 'BadRequest', error.message);
        throw error;
      }
    }
    const logMatch = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (logMatch) return podLog(res, logMatch[1] as string, logMatch[2] as string, url);
    const match = /^\/api\/v1(?:\/namespaces\/([^/]+))?\/(pods|events)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return status(res, 404, 'NotFound', 'the server could not find the requested resource', {});
    const [, namespace, resource, name] = match;
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      return status(res, 405, 'MethodNotAllowed', 'watch is not supported on this endpoint');
    }
    try {
      if (resource === 'pods') {
        if (name !== undefined) {
          if (namespace === undefined) return status(res, 404, 'NotFound', 'the server could not find the requested resource', {});
          const pod = existingPods(namespace).find((candidate) => candidate.name === name);
          if (!pod) return status(res, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
          return sendJson(res, 200, { kind: 'Pod', apiVersion: 'v1', ...renderPod(pod) });
        }
        const selected = selectors(url, POD_FIELDS);
        const pods = existingPods(namespace).filter((pod) => matchesAll(selected.labels, podLabels(pod)) && matchesAll(selected.fields, podFields(pod)));
        return list(res, 'PodList', pods.map(renderPod), url, pageCap(req));
      }
      if (name !== undefined) {
        if (namespace === undefined) return status(res, 404, 'NotFound', 'the server could not find the requested resource', {});
        const event = world.kubeEvents.find((candidate) => candidate.name === name && candidate.namespace === namespace);
        if (!event) return status(res, 404, 'NotFound', `events "${name}" not found`, { name, kind: 'events' });
        return sendJson(res, 200, { kind: 'Event', apiVersion: 'v1', ...renderEvent(event) });
      }
      const selected = selectors(url, EVENT_FIELDS);
      const events = world.kubeEvents.filter(
        (event) => (namespace === undefined || event.namespace === namespace) && matchesAll(selected.labels, {}) && matchesAll(selected.fields, eventFields(event)),
      );
      return list(res, 'EventList', events.map(renderEvent), url, pageCap(req));
    } catch (error) {
      if (error instanceof SelectorError) return status(res, 400, 'BadRequest', error.message);
      throw error;
    }
  }

  options.logger.debug({ pods: world.cluster.pods.length, events: world.kubeEvents.length }, 'kubernetes fake ready');
  return { handler };
}
