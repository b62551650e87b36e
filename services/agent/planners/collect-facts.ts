// Turns tool results into per-service facts. Each tool's structured output is parsed with that
// tool's own output schema, so a tool that changes shape breaks here loudly, not silently.
import { QueryServiceMetricsOutputSchema } from '../../mcp/datadog/tools/query-service-metrics.ts';
import { SearchServiceLogsOutputSchema } from '../../mcp/datadog/tools/search-service-logs.ts';
import { ListServiceEventsOutputSchema } from '../../mcp/kubernetes/tools/list-service-events.ts';
import { ListServicePodsOutputSchema } from '../../mcp/kubernetes/tools/list-service-pods.ts';
import { ListChangeEventsOutputSchema } from '../../mcp/datadog/tools/list-change-events.ts';
import type { ToolResult } from '../types.ts';
import { emptyFacts, type ServiceFacts } from './service-facts.ts';

export function collectFacts(observations: ToolResult[]): Map<string, ServiceFacts> {
  const facts = new Map<string, ServiceFacts>();
  for (const result of observations) {
    const service = typeof result.arguments.service === 'string' ? result.arguments.service : undefined;
    if (!service) continue;
    const f = facts.get(service) ?? emptyFacts(service);
    facts.set(service, f);
    f.sources.push(result);
    const key = `${result.server}/${result.tool}`;
    // A failed call still counts as probed: retrying it forever would spend the budget on one API.
    if (key === 'datadog/query_service_metrics') f.probed.add('metrics');
    if (key === 'datadog/search_service_logs') f.probed.add('logs');
    if (key === 'kubernetes/list_service_pods') f.probed.add('pods');
    if (key === 'kubernetes/list_service_events') f.probed.add('events');
    if (key === 'datadog/list_change_events') f.probed.add('changes');
    if (result.status !== 'ok' || result.structured === undefined) continue;
    readInto(f, key, result.structured);
  }
  return facts;
}

function readInto(f: ServiceFacts, key: string, structured: unknown): void {
  switch (key) {
    case 'datadog/query_service_metrics': {
      const out = QueryServiceMetricsOutputSchema.parse(structured);
      for (const s of out.signals ?? []) {
        if (!s.anomalous || !s.changePoint || !s.direction) continue;
        f.anomalies.push({
          signal: s.signal,
          direction: s.direction,
          at: s.changePoint.at,
          before: s.changePoint.before,
          after: s.changePoint.after,
          score: s.changePoint.score,
          unit: s.unit === 'percent' || s.unit === '%' ? '%' : ` ${s.unit}`,
          query: s.query,
          points: s.points,
        });
      }
      return;
    }
    case 'datadog/search_service_logs': {
      const out = SearchServiceLogsOutputSchema.parse(structured);
      f.logsQuery = out.query;
      for (const s of out.signatures ?? []) {
        f.errorSignatures.push({ signature: s.signature, level: s.level, count: s.count, firstSeen: s.firstSeen, sample: s.sample });
      }
      return;
    }
    case 'kubernetes/list_service_pods': {
      const out = ListServicePodsOutputSchema.parse(structured);
      const pods = out.pods ?? [];
      f.pods = {
        pods: pods.length,
        notReady: pods.filter((p) => !p.ready).length,
        restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
        terminations: pods.flatMap((p) => (p.lastTerminationReason ? [{ reason: p.lastTerminationReason, at: p.lastTerminatedAt }] : [])),
        waitingReasons: pods.flatMap((p) => (p.waitingReason ? [p.waitingReason] : p.phase === 'Pending' ? ['Pending'] : [])),
        images: out.images ?? [],
        nodes: out.nodes ?? [],
        coLocated: out.coLocated ?? [],
      };
      return;
    }
    case 'datadog/list_change_events': {
      const out = ListChangeEventsOutputSchema.parse(structured);
      for (const e of out.events) {
        if (e.relation !== 'self' || e.kind === 'other') continue;
        f.changes.push({ at: e.at, kind: e.kind, summary: e.title, image: e.kind === 'deploy' ? e.version : undefined });
      }
      return;
    }
    case 'kubernetes/list_service_events': {
      const out = ListServiceEventsOutputSchema.parse(structured);
      for (const d of out.deploys) {
        const what = d.image ?? (d.replicaSet ? `replica set ${d.replicaSet}` : 'a new revision');
        f.changes.push({ at: d.at, kind: 'deploy', summary: `rollout of ${what}`, image: d.image });
      }
      for (const e of out.events) {
        if (e.type === 'Warning' || e.kind === 'oom' || e.kind === 'restart') f.warnings.push({ at: e.at, reason: e.reason, message: e.message });
      }
      return;
    }
  }
}
