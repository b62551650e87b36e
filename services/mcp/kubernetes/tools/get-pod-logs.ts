// get_pod_logs: the last lines of the containers in trouble (the previous container when it crashed,
// since that one says why), error lines first, grouped into signatures: `kubectl logs --previous`
// for the pods an engineer would pick, without flooding the context.
import type { V1Pod } from '@kubernetes/client-node';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { groupLogSignatures, headlineOf, sampleOf } from '../../shared/log-signature.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { SERVICE_LABELS, summarizePod, type KubernetesToolDeps, type PodSummary } from './list-service-pods.ts';
import { NamespaceSchema } from './namespace.ts';

export const TOOL_NAME = 'get_pod_logs';
export const TAIL_KEPT = 5;

const PodNameSchema = z
  .string()
  .max(253, 'pod must be at most 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'pod must be a Kubernetes pod name such as inventory-service-7f9c6d8b5-x2k4q')
  .describe('one pod by name, instead of service');

export const GetPodLogsInputSchema = strictInput({
  service: ServiceNameSchema.optional().describe('the service whose pods in trouble to read (give service or pod)'),
  pod: PodNameSchema.optional(),
  namespace: NamespaceSchema.optional(),
  container: z
    .enum(['auto', 'current', 'previous'])
    .default('auto')
    .describe('auto (default): the previous container when the pod restarted (it says why it died), else the current one'),
  tailLines: z.number().int('tailLines must be a whole number').min(10, 'tailLines must be at least 10').max(2000, 'tailLines must be at most 2000').default(300).describe('lines to read from the end of each log (default 300, max 2000)'),
  maxPods: z.number().int('maxPods must be a whole number').min(1, 'maxPods must be at least 1').max(5, 'maxPods must be at most 5').default(3).describe('pods to read when a service is given, least healthy first (default 3, max 5)'),
  limit: limitSchema({ default: 8, max: 20, what: 'signatures per pod' }),
}).superRefine((input, ctx) => {
  if (!input.service === !input.pod) {
    ctx.addIssue({ code: 'custom', path: input.service ? ['pod'] : ['service'], message: 'give exactly one of service (its least healthy pods) or pod (one pod by name)' });
  }
});
export type GetPodLogsInput = z.infer<typeof GetPodLogsInputSchema>;

export const LineSignatureSchema = z.object({
  signature: z.string(),
  level: z.string(),
  count: z.number().int(),
  sample: z.string(),
});
export const PodLogSchema = z.object({
  pod: z.string(),
  namespace: z.string(),
  container: z.string().nullable(),
  previous: z.boolean().describe('true when these are the logs of the container before the last restart'),
  why: z.string().describe('why this pod was picked, e.g. CrashLoopBackOff, 4 restarts, not ready'),
  linesRead: z.number().int(),
  levelCounts: z.record(z.string(), z.number().int()),
  signatures: z.array(LineSignatureSchema).describe('error lines first, then warnings, most frequent first'),
  tail: z.array(z.string()).describe(`the last ${TAIL_KEPT} entries (multi-line ones by their headline), redacted: what it said before it stopped`),
  error: z.string().optional().describe('why the log of this pod could not be read'),
});
export type PodLog = z.infer<typeof PodLogSchema>;

export const GetPodLogsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string().nullable(),
  query: z.string().describe('kubectl command an engineer can paste to read the same log'),
  pods: z.array(PodLogSchema),
  podsConsidered: z.number().int().describe('pods of the service found (before picking the least healthy)'),
});
export type GetPodLogsOutput = z.infer<typeof GetPodLogsOutputSchema>;

export interface PodLogRaw {
  pod: PodSummary;
  why: string;
  container: string | null;
  previous: boolean;
  text?: string;
  error?: string;
  /** Whether reading this log again may succeed (5xx, 429, timeout). */
  retryable?: boolean;
}
export interface PodLogsRaw {
  logs: PodLogRaw[];
  podsConsidered: number;
  error?: { message: string; retryable: boolean };
}

const ERROR_LINE = /\b(ERROR|FATAL|CRITICAL|SEVERE|PANIC|panic:|Traceback|Exception|level=(error|fatal)|"level":\s*"(error|fatal)"|"severity":\s*"(ERROR|CRITICAL)"|OOM|Killed)\b|^E\d{4} /i;
const WARN_LINE = /\b(WARN|WARNING|level=warn(ing)?|"level":\s*"warn(ing)?")\b|^W\d{4} /i;

// An exception line on its own (Python's last traceback line, a Java exception): KeyError: 'x', java.lang.IllegalStateException.
const EXCEPTION_LINE = /^[A-Za-z_][\w.$]*(Error|Exception|Exit|Interrupt|Fault)\b(:|$)/;

export function lineLevel(line: string): 'error' | 'warn' | 'info' {
  if (ERROR_LINE.test(line) || EXCEPTION_LINE.test(line.trim())) return 'error';
  if (WARN_LINE.test(line)) return 'warn';
  return 'info';
}

/**
 * Log entries from raw lines: continuation lines (stack frames, "Caused by:", a Python traceback
 * and the exception line that ends it) belong to the line that started the entry.
 */
export function logEntries(text: string): string[] {
  const out: string[] = [];
  let inTraceback = false;
  let lastIndented = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim().length === 0) continue;
    const indented = /^\s+/.test(line);
    const traceback = /^Traceback \(most recent call last\)/.test(line);
    const frame = indented || /^(at |Caused by:|\.\.\. \d+ more)/.test(line);
    // The first unindented line after a traceback's frames is its exception ("KeyError: 'x'").
    const exceptionLine = inTraceback && lastIndented && !indented;
    if (out.length > 0 && (frame || traceback || exceptionLine)) {
      out[out.length - 1] += `\n${line}`;
      if (traceback) inTraceback = true;
      if (exceptionLine) inTraceback = false;
    } else {
      out.push(line);
      inTraceback = traceback;
    }
    lastIndented = indented;
  }
  return out;
}

const LEVEL_ORDER: Record<string, number> = { error: 0, warn: 1, info: 2 };

export function summarizePodLog(raw: PodLogRaw, limit: number): PodLog {
  const lines = raw.text !== undefined ? logEntries(redact(raw.text)) : [];
  const { groups, levelCounts } = groupLogSignatures(lines.map((message, i) => ({ timestampMs: i, level: lineLevel(message), message })));
  const signatures = [...groups]
    .sort((a, b) => (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3) || b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map((g) => ({ signature: g.signature, level: g.level, count: g.count, sample: sampleOf(g.sample) }));
  return {
    pod: raw.pod.name,
    namespace: raw.pod.namespace,
    container: raw.container,
    previous: raw.previous,
    why: raw.why,
    linesRead: raw.text !== undefined ? raw.text.split(/\r?\n/).filter((l) => l.trim().length > 0).length : 0,
    levelCounts,
    signatures,
    tail: lines.slice(-TAIL_KEPT).map((l) => sampleOf(l)),
    ...(raw.error ? { error: raw.error } : {}),
  };
}

/** Why a pod deserves reading, or null when it looks healthy. */
export function troubleOf(pod: PodSummary): string | null {
  if (pod.waitingReason) return pod.waitingReason;
  if (pod.lastTerminationReason) return `last terminated: ${pod.lastTerminationReason}${pod.restarts > 0 ? `, ${pod.restarts} restart(s)` : ''}`;
  if (pod.restarts > 0) return `${pod.restarts} restart(s)`;
  if (!pod.ready) return pod.phase === 'Running' ? 'not ready' : pod.phase;
  return null;
}

/** The least healthy pods first; one healthy pod when none is in trouble (its log still helps). */
export function pickPods(pods: PodSummary[], maxPods: number): Array<{ pod: PodSummary; why: string }> {
  const troubled = pods
    .map((pod) => ({ pod, why: troubleOf(pod) }))
    .filter((p): p is { pod: PodSummary; why: string } => p.why !== null)
    .sort((a, b) => Number(a.pod.ready) - Number(b.pod.ready) || b.pod.restarts - a.pod.restarts || a.pod.name.localeCompare(b.pod.name));
  if (troubled.length > 0) return troubled.slice(0, maxPods);
  const healthy = [...pods].sort((a, b) => a.name.localeCompare(b.name))[0];
  return healthy ? [{ pod: healthy, why: 'healthy (no pod of the service is in trouble)' }] : [];
}

export function kubectlLogs(pod: string | undefined, namespace: string | undefined, previous: boolean, tailLines: number): string {
  return `kubectl logs ${namespace ? `-n ${namespace} ` : ''}${pod ?? '<pod>'}${previous ? ' --previous' : ''} --tail=${tailLines}`;
}

export function summarize(raw: PodLogsRaw, input: GetPodLogsInput): GetPodLogsOutput {
  const pods = raw.logs.map((log) => summarizePodLog(log, input.limit));
  const first = raw.logs[0];
  const readable = pods.filter((p) => p.error === undefined);
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (pods.length === 0) {
    hints.push(
      input.pod
        ? `No pod named ${input.pod}${input.namespace ? ` in namespace ${input.namespace}` : ''}.`
        : `No pods labelled ${SERVICE_LABELS.map((l) => `${l}=${input.service}`).join(' or ')}; the service may not run on Kubernetes.`,
    );
  } else {
    const top = readable.flatMap((p) => p.signatures.filter((s) => s.level === 'error').map((s) => ({ pod: p.pod, s })))[0];
    if (top) hints.push(`Top error line in ${top.pod}: ${headlineOf(top.s.sample).slice(0, 200)}`);
    else if (readable.length > 0) hints.push('No error lines in the logs read; check events (OOM kills, probes) and metrics.');
    if (pods.some((p) => p.error)) hints.push('Some logs could not be read (see error per pod); a previous container only exists after a restart.');
  }
  // Pods found but not one log readable is a failure of the tool, not an absence of data.
  const error = raw.error ?? (pods.length > 0 && readable.length === 0 ? { message: `Could not read any log: ${pods[0]?.error ?? 'unknown failure'}`, retryable: raw.logs.some((l) => l.retryable === true) } : undefined);
  return {
    status: error ? 'error' : pods.length === 0 ? 'no_data' : 'ok',
    truncated: raw.podsConsidered > raw.logs.length || pods.some((p) => p.signatures.length >= input.limit),
    hints,
    ...(error ? { error } : {}),
    service: input.service ?? null,
    query: kubectlLogs(first?.pod.name ?? input.pod, first?.pod.namespace ?? input.namespace, first?.previous ?? input.container === 'previous', input.tailLines),
    pods,
    podsConsidered: raw.podsConsidered,
  };
}

export function describeCall(input: GetPodLogsInput): string {
  const which = input.container === 'auto' ? '' : ` (${input.container} container)`;
  return input.pod
    ? `Kubernetes logs of pod ${input.pod}${which}, last ${input.tailLines} lines`
    : `Kubernetes logs of ${input.service}'s least healthy pods${which}, last ${input.tailLines} lines`;
}

function hasPreviousContainer(pod: V1Pod): boolean {
  return (pod.status?.containerStatuses ?? []).some((s) => (s.restartCount ?? 0) > 0 || s.lastState?.terminated !== undefined);
}

async function run(deps: KubernetesToolDeps, input: GetPodLogsInput): Promise<GetPodLogsOutput> {
  const { core } = deps.kubernetes;
  const context = {
    vendor: 'Kubernetes',
    credentials: 'KUBERNETES_TOKEN (the service account needs list on pods and get on pods/log)',
    endpoint: `KUBERNETES_SERVER (now ${deps.kubernetes.server})`,
    timeoutMs: deps.kubernetes.timeoutMs,
  };
  let pods: V1Pod[] = [];
  try {
    if (input.pod) {
      const fieldSelector = `metadata.name=${input.pod}`;
      const list = input.namespace
        ? await core.listNamespacedPod({ namespace: input.namespace, fieldSelector }, deps.kubernetes.callOptions())
        : await core.listPodForAllNamespaces({ fieldSelector }, deps.kubernetes.callOptions());
      pods = (list.items ?? []).filter((p) => p.metadata?.name === input.pod);
    } else {
      for (const label of SERVICE_LABELS) {
        const labelSelector = `${label}=${input.service}`;
        const list = input.namespace
          ? await core.listNamespacedPod({ namespace: input.namespace, labelSelector }, deps.kubernetes.callOptions())
          : await core.listPodForAllNamespaces({ labelSelector }, deps.kubernetes.callOptions());
        pods = list.items ?? [];
        if (pods.length > 0) break;
      }
    }
  } catch (error) {
    const mapped = mapVendorError(error, { ...context, doing: `listing pods of ${input.service ?? input.pod}` });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'kubernetes pod list failed');
    return summarize({ logs: [], podsConsidered: 0, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }

  const byName = new Map(pods.map((p) => [p.metadata?.name ?? '', p]));
  const summaries = pods.map(summarizePod);
  const picked = input.pod ? summaries.map((pod) => ({ pod, why: troubleOf(pod) ?? 'requested' })) : pickPods(summaries, input.maxPods);
  const logs = await Promise.all(
    picked.map(async ({ pod, why }): Promise<PodLogRaw> => {
      const vendorPod = byName.get(pod.name);
      const containers = vendorPod?.spec?.containers ?? [];
      const container = containers[0]?.name ?? null;
      const previous = input.container === 'previous' || (input.container === 'auto' && vendorPod !== undefined && hasPreviousContainer(vendorPod));
      const read = (prev: boolean) =>
        core.readNamespacedPodLog(
          { name: pod.name, namespace: pod.namespace, tailLines: input.tailLines, ...(prev ? { previous: true } : {}), ...(containers.length > 1 && container ? { container } : {}) },
          deps.kubernetes.callOptions(),
        );
      try {
        return { pod, why, container, previous, text: await read(previous) };
      } catch (error) {
        const mapped = mapVendorError(error, { ...context, doing: `reading the log of ${pod.name}` });
        // In auto mode a missing previous container (Kubernetes answers 400) is not a failure:
        // read the current one. Other failures are reported, not papered over.
        if (previous && input.container === 'auto' && mapped.httpStatus === 400) {
          try {
            return { pod, why, container, previous: false, text: await read(false) };
          } catch {
            // Fall through to report the original failure.
          }
        }
        deps.logger.warn({ tool: TOOL_NAME, pod: pod.name, status: mapped.httpStatus }, 'kubernetes pod log failed');
        return { pod, why, container, previous, error: mapped.message, retryable: mapped.retryable };
      }
    }),
  );
  return summarize({ logs, podsConsidered: pods.length }, input);
}

export const getPodLogsTool: ToolDefinition<GetPodLogsInput, GetPodLogsOutput, KubernetesToolDeps> = {
  name: TOOL_NAME,
  title: 'Get pod logs (Kubernetes)',
  description:
    "Last lines of a service's least healthy pods (or one named pod), from the previous container when it restarted, grouped into line signatures with error lines first, plus the final lines before it stopped.",
  inputSchema: GetPodLogsInputSchema,
  outputSchema: GetPodLogsOutputSchema,
  describeCall,
  run,
};

export function registerGetPodLogsTool(server: McpServer, deps: KubernetesToolDeps): void {
  registerToolDefinition(server, getPodLogsTool, deps, deps.logger);
}
