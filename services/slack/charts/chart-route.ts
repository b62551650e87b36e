// Serves the PNG of a metric evidence's anomaly window at GET /charts/<investigationId>/<rank>/<n>.png
// (Bolt's HTTPReceiver custom route), rendered from the stored report so the image always matches
// what the message says. Slack fetches the URL from its own servers, hence a plain cacheable GET.
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Evidence } from '../../agent/types.ts';
import type { InvestigationStore } from '../../store/index.ts';
import { renderMetricChart, type MetricSeries } from './render-metric-chart.ts';

export const CHART_ROUTE = '/charts/:investigationId/:rank/:file';
/** Rendered images kept in memory; a chart costs ~0.2 s of CPU and Slack asks more than once. */
const CACHE_ENTRIES = 64;

const ChartParamsSchema = z.object({
  investigationId: z.string().min(1).max(200),
  rank: z.coerce.number().int().positive(),
  file: z.string().regex(/^\d{1,3}\.png$/, 'an evidence index followed by .png, e.g. 0.png'),
});

export function chartPath(investigationId: string, rank: number, evidenceIndex: number): string {
  return `/charts/${encodeURIComponent(investigationId)}/${rank}/${evidenceIndex}.png`;
}

/** A chart needs a metric with a series of at least two dated points. */
export function hasChart(evidence: Evidence): boolean {
  return evidence.kind === 'metric' && (evidence.points ?? []).filter((p) => !Number.isNaN(Date.parse(p.at))).length >= 2;
}

export function seriesOf(evidence: Evidence): MetricSeries {
  const points = (evidence.points ?? []).filter((p) => !Number.isNaN(Date.parse(p.at))).map((p) => ({ at: new Date(p.at).toISOString(), value: p.value }));
  const changeAt = evidence.changeAt && !Number.isNaN(Date.parse(evidence.changeAt)) ? new Date(evidence.changeAt).toISOString() : undefined;
  const summary = evidence.summary.replace(/\s+/g, ' ').trim();
  const label = `${evidence.service}: ${summary}`;
  return { label: label.length > 90 ? `${label.slice(0, 89)}…` : label, unit: evidence.unit ?? '', points, ...(changeAt ? { changeAt } : {}) };
}

export interface ChartRouteDeps {
  store: InvestigationStore;
  logger: Logger;
}

export function chartRoute(deps: ChartRouteDeps): CustomRoute {
  const cache = new Map<string, Buffer>();
  return {
    path: CHART_ROUTE,
    method: ['GET'],
    handler: (req, res) => {
      serveChart(deps, cache, req.params ?? {}, res).catch((error: unknown) => {
        deps.logger.error({ err: error, params: req.params }, 'chart rendering failed');
        if (!res.headersSent) send(res, 500, 'chart rendering failed');
        else res.end();
      });
    },
  };
}

async function serveChart(deps: ChartRouteDeps, cache: Map<string, Buffer>, params: unknown, res: ServerResponse): Promise<void> {
  const parsed = ChartParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    send(res, 400, `${issue.path.join('.') || 'path'}: ${issue.message}`);
    return;
  }
  const { investigationId, rank, file } = parsed.data;
  const evidenceIndex = Number.parseInt(file, 10);
  const stored = await deps.store.getReport(investigationId);
  if (!stored) return send(res, 404, `no investigation ${investigationId}`);
  const finding = stored.report.findings.find((f) => f.rank === rank);
  if (!finding) return send(res, 404, `investigation ${investigationId} has no finding #${rank}`);
  const evidence = finding.evidence[evidenceIndex];
  if (!evidence || !hasChart(evidence)) return send(res, 404, `finding #${rank} has no metric series at evidence ${evidenceIndex}`);

  const key = `${investigationId}|${stored.revision}|${rank}|${evidenceIndex}`;
  let png = cache.get(key);
  if (!png) {
    png = await renderMetricChart(seriesOf(evidence));
    cache.set(key, png);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  res.writeHead(200, {
    'content-type': 'image/png',
    'content-length': String(png.length),
    // The URL carries the revision (?r=), so an hour of caching never shows a stale series for long.
    'cache-control': 'public, max-age=3600',
  });
  res.end(png);
}

function send(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}
