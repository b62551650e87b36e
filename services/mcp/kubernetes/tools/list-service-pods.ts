// list_service_pods: the service's pods right now (readiness, restarts, last termination, image,
// node), worst first, with totals and the distinct images: "is it crashing, and on what version".
// Also who shares those nodes (`kubectl get pods -A --field-selector spec.nodeName=...`): pods on one
// node compete for its CPU, so a neighbour running hot can slow a service that changed nothing.
import type { V1Pod } from '@kubernetes/client-node';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import type { Logger } from '../../shared/logger.ts';
import { redactDeep } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { isoSeconds } from '../../shared/window.ts';
import type { KubernetesClient } from '../client.ts';
import { NamespaceSchema, timeMs } from './namespace.ts';

export const TOOL_NAME = 'list_service_pods';

/** Labels that name a workload's service, in the order tried: the recommended label, then the classic one. */
export const SERVICE_LABELS = ['app.kubernetes.io/name', 'app'] as const;

export const ListServicePodsInputSchema = strictInput({
  service: ServiceNameSchema,
  namespace: NamespaceSchema.optional(),
  limit: limitSchema({ default: 20, what: 'pods (unhealthy first)' }),
});
export type ListServicePodsInput = z.infer<typeof ListServicePodsInputSchema>;

export const PodSummarySchema = z.object({
  name: z.string(),
  namespace: z.string(),
  phase: z.string(),
  ready: z.boolean(),
  restarts: z.number().int(),
  lastTerminationReason: z.string().nullable().describe('e.g. OOMKilled, Error'),
  lastTerminatedAt: z.string().nullable(),
  waitingReason: z.string().nullable().describe('why a container is not running, e.g. CrashLoopBackOff, ImagePullBackOff'),
  image: z.string().nullable(),
  node: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type PodSummary = z.infer<typeof PodSummarySchema>;

/** Nodes whose other pods are listed, and how many co-located workloads are reported. */
export const MAX_NODES = 10;
export const MAX_CO_LOCATED = 15;

export const ListServicePodsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  namespace: z.string().nullable(),
  query: z.string().describe('kubectl command an engineer can paste to see the same pods'),
  pods: z.array(PodSummarySchema).describe('not ready first, then most restarts'),
  totals: z.object({ pods: z.number().int(), notReady: z.number().int(), restarts: z.number().int() }),
  images: z.array(z.string()).describe('distinct container images across all pods'),
  nodes: z.array(z.string()).optional().describe("the nodes the service's pods run on"),
  coLocated: z
    .array(z.object({ service: z.string(), pods: z.number().int(), nodes: z.array(z.string()) }))
    .optional()
    .describe(`other workloads with running pods on those nodes (by their app label), most shared nodes first, at most ${MAX_CO_LOCATED}`),
});
export type ListServicePodsOutput = z.infer<typeof ListServicePodsOutputSchema>;

export interface PodsRaw {
  pods: V1Pod[];
  /** Every pod on the nodes the service's pods run on (theirs included), when it could be listed. */
  nodePods?: V1Pod[];
  /** The label selector that found them (or the last one tried). */
  selector: string;
  error?: { message: string; retryable: boolean };
}

export function kubectlPods(selector: string, namespace: string | undefined): string {
  return `kubectl get pods ${namespace ? `-n ${namespace}` : '-A'} -l ${selector} -o wide`;
}

export function summarizePod(pod: V1Pod): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const readyCondition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCondition ? readyCondition.status === 'True' : statuses.length > 0 && statuses.every((s) => s.ready);
  // The most recent termination across containers is the one that explains the latest restart.
  let lastTermination: { reason: string | null; at: number | undefined } | undefined;
  for (const status of statuses) {
    const terminated = status.lastState?.terminated;
    if (!terminated) continue;
    const at = timeMs(terminated.finishedAt);
    if (!lastTermination || (at ?? 0) > (lastTermination.at ?? 0)) lastTermination = { reason: terminated.reason ?? `exit code ${terminated.exitCode}`, at };
  }
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason ?? null;
  const started = timeMs(pod.status?.startTime);
  return {
    name: pod.metadata?.name ?? '(unnamed)',
    namespace: pod.metadata?.namespace ?? 'default',
    phase: pod.status?.phase ?? 'Unknown',
    ready,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    lastTerminationReason: lastTermination?.reason ?? null,
    lastTerminatedAt: lastTermination?.at !== undefined ? isoSeconds(lastTermination.at) : null,
    waitingReason: waiting,
    image: pod.spec?.containers?.[0]?.image ?? statuses[0]?.image ?? null,
    node: pod.spec?.nodeName ?? null,
    startedAt: started !== undefined ? isoSeconds(started) : null,
  };
}

export function summarize(raw: PodsRaw, input: ListServicePodsInput): ListServicePodsOutput {
  const all = raw.pods.map(summarizePod).sort((a, b) => Number(a.ready) - Number(b.ready) || b.restarts - a.restarts || a.name.localeCompare(b.name));
  const images = [...new Set(all.map((p) => p.image).filter((i): i is string => i !== null))].sort();
  const totals = { pods: all.length, notReady: all.filter((p) => !p.ready).length, restarts: all.reduce((sum, p) => sum + p.restarts, 0) };
  const pods = all.slice(0, input.limit);
  const truncated = all.length > input.limit;

  const nodes = [...new Set(all.map((p) => p.node).filter((n): n is string => n !== null))].sort();
  const coLocated = raw.nodePods ? coLocatedWorkloads(raw.nodePods, input.service, new Set(nodes)) : undefined;

  const hints: string[] = [];
  if (raw.error) {
    hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  } else if (all.length === 0) {
    hints.push(
      `No pods labelled ${SERVICE_LABELS.map((l) => `${l}=${input.service}`).join(' or ')}${input.namespace ? ` in namespace ${input.namespace}` : ''}.`,
      'The service may run outside Kubernetes (a managed database, an external API), use other labels, or live in another namespace; check its metrics and logs instead.',
    );
  } else {
    if (truncated) hints.push(`Showing the ${input.limit} least healthy of ${all.length} pods; totals and images cover all of them.`);
    if (images.length > 1) hints.push(`Pods run ${images.length} different images: a rollout may be in progress or stuck.`);
    const oom = all.filter((p) => p.lastTerminationReason === 'OOMKilled').length;
    if (oom > 0) hints.push(`${oom} pod(s) were last terminated by OOMKilled: check memory metrics and limits.`);
    if (totals.notReady === 0 && totals.restarts === 0) hints.push('All pods are ready with no restarts.');
    if (nodes.length > 0 && !raw.nodePods) hints.push('The other pods on these nodes could not be listed.');
  }
  return {
    status: raw.error ? 'error' : all.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    namespace: input.namespace ?? null,
    query: kubectlPods(raw.selector, input.namespace),
    pods,
    totals,
    images,
    ...(nodes.length > 0 ? { nodes } : {}),
    ...(coLocated ? { coLocated: coLocated.slice(0, MAX_CO_LOCATED) } : {}),
  };
}

/** Other workloads' running pods on the given nodes, grouped by their app label. */
export function coLocatedWorkloads(nodePods: V1Pod[], service: string, nodes: ReadonlySet<string>): { service: string; pods: number; nodes: string[] }[] {
  const byService = new Map<string, { pods: number; nodes: Set<string> }>();
  for (const pod of nodePods) {
    const node = pod.spec?.nodeName;
    const labels = pod.metadata?.labels ?? {};
    const owner = SERVICE_LABELS.map((l) => labels[l]).find((v) => v !== undefined);
    if (!node || !nodes.has(node) || !owner || owner === service) continue;
    if (pod.status?.phase !== undefined && pod.status.phase !== 'Running') continue;
    const entry = byService.get(owner) ?? { pods: 0, nodes: new Set<string>() };
    entry.pods++;
    entry.nodes.add(node);
    byService.set(owner, entry);
  }
  return [...byService]
    .map(([name, e]) => ({ service: name, pods: e.pods, nodes: [...e.nodes].sort() }))
    .sort((a, b) => b.nodes.length - a.nodes.length || b.pods - a.pods || a.service.localeCompare(b.service));
}

export function describeCall(input: ListServicePodsInput): string {
  return `Kubernetes pods of ${input.service} in ${input.namespace ? `namespace ${input.namespace}` : 'all namespaces'}`;
}

export interface KubernetesToolDeps {
  kubernetes: KubernetesClient;
  logger: Logger;
}

async function run(deps: KubernetesToolDeps, input: ListServicePodsInput): Promise<ListServicePodsOutput> {
  const { core } = deps.kubernetes;
  let selector = `${SERVICE_LABELS[0]}=${input.service}`;
  try {
    let pods: V1Pod[] = [];
    for (const label of SERVICE_LABELS) {
      selector = `${label}=${input.service}`;
      const list = input.namespace
        ? await core.listNamespacedPod({ namespace: input.namespace, labelSelector: selector }, deps.kubernetes.callOptions())
        : await core.listPodForAllNamespaces({ labelSelector: selector }, deps.kubernetes.callOptions());
      pods = list.items ?? [];
      if (pods.length > 0) break;
    }
    const nodePods = await podsOnNodes(deps, pods);
    // Pod specs can carry secrets in env values or args; nothing unredacted leaves the tool.
    return summarize({ pods: redactDeep(pods), selector, ...(nodePods ? { nodePods } : {}) }, input);
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Kubernetes',
      doing: `listing pods of ${input.service}`,
      credentials: 'KUBERNETES_TOKEN (the service account needs get/list on pods)',
      endpoint: `KUBERNETES_SERVER (now ${deps.kubernetes.server})`,
      timeoutMs: deps.kubernetes.timeoutMs,
    });
    deps.logger.warn({ tool: TOOL_NAME, selector, status: mapped.httpStatus, retryable: mapped.retryable }, 'kubernetes pod list failed');
    return summarize({ pods: [], selector, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

/** Every pod on the nodes the given pods run on, one field-selected list per node; undefined when a list fails (best effort). */
async function podsOnNodes(deps: KubernetesToolDeps, pods: V1Pod[]): Promise<V1Pod[] | undefined> {
  const nodes = [...new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => typeof n === 'string' && n.length > 0))].sort().slice(0, MAX_NODES);
  if (nodes.length === 0) return undefined;
  try {
    const lists = await Promise.all(nodes.map((node) => deps.kubernetes.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` }, deps.kubernetes.callOptions())));
    // Only names, labels, node and phase are read from these: no spec content leaves the tool.
    return lists.flatMap((list) => list.items ?? []).map((pod) => ({ metadata: { name: pod.metadata?.name, labels: pod.metadata?.labels }, spec: { nodeName: pod.spec?.nodeName, containers: [] }, status: { phase: pod.status?.phase } }));
  } catch (error) {
    deps.logger.warn({ tool: TOOL_NAME, nodes, err: error }, 'listing pods on the nodes failed');
    return undefined;
  }
}

export const listServicePodsTool: ToolDefinition<ListServicePodsInput, ListServicePodsOutput, KubernetesToolDeps> = {
  name: TOOL_NAME,
  title: 'List service pods (Kubernetes)',
  description:
    'Current pods of one service: phase, readiness, restarts, last termination reason (e.g. OOMKilled), waiting reason, image and node, unhealthy first, with totals, the distinct images running, and the other workloads sharing its nodes.',
  inputSchema: ListServicePodsInputSchema,
  outputSchema: ListServicePodsOutputSchema,
  describeCall,
  run,
};

export function registerListServicePodsTool(server: McpServer, deps: KubernetesToolDeps): void {
  registerToolDefinition(server, listServicePodsTool, deps, deps.logger);
}
