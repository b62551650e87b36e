// get_rollout_history: the service's Deployments and their ReplicaSets as `kubectl rollout
// history` shows them (revision, image, when), plus the rollout's current status and conditions:
// "what version runs, since when, and is the rollout stuck".
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { isoSeconds } from '../../shared/window.ts';
import { SERVICE_LABELS, type KubernetesToolDeps } from './list-service-pods.ts';
import { NamespaceSchema, timeMs } from './namespace.ts';

export const TOOL_NAME = 'get_rollout_history';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export const GetRolloutHistoryInputSchema = strictInput({
  service: ServiceNameSchema,
  namespace: NamespaceSchema.optional(),
  limit: limitSchema({ default: 5, max: 20, what: 'revisions per deployment (newest first)' }),
});
export type GetRolloutHistoryInput = z.infer<typeof GetRolloutHistoryInputSchema>;

export const RevisionSchema = z.object({
  revision: z.number().int(),
  replicaSet: z.string(),
  images: z.array(z.string()),
  createdAt: z.string().nullable(),
  replicas: z.number().int().describe('pods the replica set wants now (0 for an old revision)'),
  readyReplicas: z.number().int(),
  changeCause: z.string().optional().describe('kubernetes.io/change-cause annotation, when set'),
});
export type Revision = z.infer<typeof RevisionSchema>;

export const ConditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastUpdate: z.string().nullable(),
});

export const DeploymentHistorySchema = z.object({
  name: z.string(),
  namespace: z.string(),
  currentRevision: z.number().int().nullable(),
  images: z.array(z.string()).describe('images of the deployment template now'),
  replicas: z.object({ desired: z.number().int(), updated: z.number().int(), ready: z.number().int(), available: z.number().int(), unavailable: z.number().int() }),
  rolloutComplete: z.boolean().describe('all replicas updated and available, and the Progressing condition is not failed'),
  conditions: z.array(ConditionSchema),
  revisions: z.array(RevisionSchema).describe('newest first'),
  totalRevisions: z.number().int().describe('replica sets kept for the deployment (revisions beyond limit are cut)'),
  lastRolloutAt: z.string().nullable().describe('when the current revision was created'),
  previousImages: z.array(z.string()).describe('images of the revision before the current one'),
});
export type DeploymentHistory = z.infer<typeof DeploymentHistorySchema>;

export const GetRolloutHistoryOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  namespace: z.string().nullable(),
  query: z.string().describe('kubectl command an engineer can paste to see the same history'),
  deployments: z.array(DeploymentHistorySchema),
});
export type GetRolloutHistoryOutput = z.infer<typeof GetRolloutHistoryOutputSchema>;

export interface RolloutRaw {
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
  error?: { message: string; retryable: boolean };
}

function revisionOf(annotations: Record<string, string> | undefined): number | undefined {
  const value = Number(annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(value) ? value : undefined;
}

function imagesOf(spec: { template?: { spec?: { containers?: Array<{ image?: string }> } } } | undefined): string[] {
  return (spec?.template?.spec?.containers ?? []).map((c) => c.image).filter((i): i is string => typeof i === 'string').map(redact);
}

/** Replica sets owned by a deployment: by ownerReference uid or name (a fake or an old API may drop uids). */
export function ownedBy(deployment: V1Deployment, replicaSet: V1ReplicaSet): boolean {
  const owners = replicaSet.metadata?.ownerReferences ?? [];
  if (owners.length === 0) return (replicaSet.metadata?.name ?? '').startsWith(`${deployment.metadata?.name ?? '\u0000'}-`);
  return owners.some((o) => o.kind === 'Deployment' && (o.uid === deployment.metadata?.uid || o.name === deployment.metadata?.name));
}

export function summarizeDeployment(deployment: V1Deployment, replicaSets: V1ReplicaSet[], limit: number): DeploymentHistory {
  const owned = replicaSets.filter((rs) => ownedBy(deployment, rs) && rs.metadata?.namespace === deployment.metadata?.namespace);
  const all: Revision[] = owned
    .map((rs) => {
      const created = timeMs(rs.metadata?.creationTimestamp);
      const changeCause = rs.metadata?.annotations?.['kubernetes.io/change-cause'];
      return {
        revision: revisionOf(rs.metadata?.annotations) ?? 0,
        replicaSet: rs.metadata?.name ?? '(unnamed)',
        images: imagesOf(rs.spec),
        createdAt: created !== undefined ? isoSeconds(created) : null,
        replicas: rs.spec?.replicas ?? rs.status?.replicas ?? 0,
        readyReplicas: rs.status?.readyReplicas ?? 0,
        ...(changeCause ? { changeCause: redact(changeCause) } : {}),
      };
    })
    .sort((a, b) => b.revision - a.revision || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  const currentRevision = revisionOf(deployment.metadata?.annotations) ?? all[0]?.revision ?? null;
  const current = all.find((r) => r.revision === currentRevision) ?? all[0];
  const previous = all.find((r) => current !== undefined && r.revision < current.revision);
  const status = deployment.status;
  const desired = deployment.spec?.replicas ?? 1;
  const conditions = (status?.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: redact(c.message) } : {}),
    lastUpdate: ((ms) => (ms !== undefined ? isoSeconds(ms) : null))(timeMs(c.lastUpdateTime) ?? timeMs(c.lastTransitionTime)),
  }));
  const progressFailed = conditions.some((c) => c.type === 'Progressing' && (c.status === 'False' || c.reason === 'ProgressDeadlineExceeded'));
  const replicas = {
    desired,
    updated: status?.updatedReplicas ?? 0,
    ready: status?.readyReplicas ?? 0,
    available: status?.availableReplicas ?? 0,
    unavailable: status?.unavailableReplicas ?? 0,
  };
  return {
    name: deployment.metadata?.name ?? '(unnamed)',
    namespace: deployment.metadata?.namespace ?? 'default',
    currentRevision,
    images: imagesOf(deployment.spec),
    replicas,
    rolloutComplete: !progressFailed && replicas.updated >= desired && replicas.available >= desired && replicas.unavailable === 0,
    conditions,
    revisions: all.slice(0, limit),
    totalRevisions: all.length,
    lastRolloutAt: current?.createdAt ?? null,
    previousImages: previous?.images ?? [],
  };
}

export function kubectlRolloutHistory(service: string, namespace: string | undefined): string {
  return `kubectl rollout history deployment/${service}${namespace ? ` -n ${namespace}` : ''}`;
}

export function summarize(raw: RolloutRaw, input: GetRolloutHistoryInput): GetRolloutHistoryOutput {
  const deployments = [...raw.deployments]
    .sort((a, b) => (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((d) => summarizeDeployment(d, raw.replicaSets, input.limit));
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (deployments.length === 0) {
    hints.push(
      `No Deployment named ${input.service} or labelled ${SERVICE_LABELS.map((l) => `${l}=${input.service}`).join(' or ')}${input.namespace ? ` in namespace ${input.namespace}` : ''}.`,
      'The service may run as a StatefulSet, outside Kubernetes, or in another namespace; check change events instead.',
    );
  } else {
    for (const d of deployments) {
      if (d.lastRolloutAt && d.previousImages.length > 0 && d.previousImages.join() !== d.images.join()) {
        hints.push(`${d.name} rolled out revision ${d.currentRevision} (${d.images.join(', ')}) at ${d.lastRolloutAt}, replacing ${d.previousImages.join(', ')}; compare with the onset of errors.`);
      }
      if (!d.rolloutComplete) hints.push(`${d.name}'s rollout is not complete (${d.replicas.available}/${d.replicas.desired} available): it may be stuck or crashing.`);
    }
  }
  const truncated = deployments.some((d) => d.totalRevisions > d.revisions.length);
  return {
    status: raw.error ? 'error' : deployments.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    namespace: input.namespace ?? null,
    query: kubectlRolloutHistory(input.service, input.namespace ?? deployments[0]?.namespace),
    deployments,
  };
}

export function describeCall(input: GetRolloutHistoryInput): string {
  return `Kubernetes rollout history of ${input.service} in ${input.namespace ? `namespace ${input.namespace}` : 'all namespaces'}`;
}

async function run(deps: KubernetesToolDeps, input: GetRolloutHistoryInput): Promise<GetRolloutHistoryOutput> {
  const { apps } = deps.kubernetes;
  const options = () => deps.kubernetes.callOptions();
  try {
    let deployments: V1Deployment[] = [];
    let selector = '';
    for (const label of SERVICE_LABELS) {
      selector = `${label}=${input.service}`;
      const list = input.namespace
        ? await apps.listNamespacedDeployment({ namespace: input.namespace, labelSelector: selector }, options())
        : await apps.listDeploymentForAllNamespaces({ labelSelector: selector }, options());
      deployments = list.items ?? [];
      if (deployments.length > 0) break;
    }
    if (deployments.length === 0) {
      // Unlabelled deployments are still found by name.
      const fieldSelector = `metadata.name=${input.service}`;
      const list = input.namespace
        ? await apps.listNamespacedDeployment({ namespace: input.namespace, fieldSelector }, options())
        : await apps.listDeploymentForAllNamespaces({ fieldSelector }, options());
      deployments = (list.items ?? []).filter((d) => d.metadata?.name === input.service);
    }
    if (deployments.length === 0) return summarize({ deployments: [], replicaSets: [] }, input);
    const replicaSets = (
      await Promise.all(
        [...new Set(deployments.map((d) => d.metadata?.namespace ?? 'default'))].map(async (namespace) => {
          const matchLabels = deployments.find((d) => d.metadata?.namespace === namespace)?.spec?.selector?.matchLabels;
          const labelSelector = matchLabels ? Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',') : selector;
          return (await apps.listNamespacedReplicaSet({ namespace, labelSelector }, options())).items ?? [];
        }),
      )
    ).flat();
    return summarize({ deployments, replicaSets }, input);
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Kubernetes',
      doing: `reading the rollout history of ${input.service}`,
      credentials: 'KUBERNETES_TOKEN (the service account needs list on deployments and replicasets in apps/v1)',
      endpoint: `KUBERNETES_SERVER (now ${deps.kubernetes.server})`,
      timeoutMs: deps.kubernetes.timeoutMs,
    });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'kubernetes rollout history failed');
    return summarize({ deployments: [], replicaSets: [], error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const getRolloutHistoryTool: ToolDefinition<GetRolloutHistoryInput, GetRolloutHistoryOutput, KubernetesToolDeps> = {
  name: TOOL_NAME,
  title: 'Get rollout history (Kubernetes)',
  description:
    "A service's Deployments with their revisions (replica set, images, when, newest first), current rollout status and conditions, and the images it replaced: like kubectl rollout history and status.",
  inputSchema: GetRolloutHistoryInputSchema,
  outputSchema: GetRolloutHistoryOutputSchema,
  describeCall,
  run,
};

export function registerGetRolloutHistoryTool(server: McpServer, deps: KubernetesToolDeps): void {
  registerToolDefinition(server, getRolloutHistoryTool, deps, deps.logger);
}
