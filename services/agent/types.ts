// The investigation's vocabulary, shared by intake, the loop, the workflow, the worker and Slack.
// Every type is a zod schema first, so each boundary can safeParse what crosses it.
import { z } from 'zod';

export const SeveritySchema = z.enum(['critical', 'error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const AlertSchema = z.object({
  incidentId: z.string().min(1).describe('PagerDuty incident id; the investigation id derives from it'),
  title: z.string().min(1),
  service: z.string().min(1).describe('the alerting service, as named in the service catalog'),
  severity: SeveritySchema,
  triggeredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  url: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const TimeWindowSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

export const ToolCallSchema = z.object({
  id: z.string().min(1),
  server: z.string().min(1),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const ToolResultSchema = z.object({
  callId: z.string(),
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  status: z.enum(['ok', 'no_data', 'error']),
  /** The tool's structuredContent, validated by its output schema; absent on error. */
  structured: z.unknown().optional(),
  /** One-line description of the call, for traces and "what I checked". */
  summary: z.string(),
  error: z.string().optional(),
  /** True when the failure is transient (vendor 5xx, 429, timeout) and a retry may succeed. */
  retryable: z.boolean().optional(),
  durationMs: z.number().nonnegative(),
});
export type ToolResult = z.infer<typeof ToolResultSchema>;

export const EvidenceSchema = z.object({
  kind: z.enum(['metric', 'logs', 'event', 'pods', 'graph']),
  service: z.string(),
  summary: z.string(),
  /** A query an engineer can paste into the vendor's UI to see the same thing. */
  query: z.string().optional(),
  /** A few raw lines (log samples, event messages), already redacted. */
  lines: z.array(z.string()).optional(),
  at: z.string().optional(),
  /** For metric evidence: the series around the anomaly (at most a few dozen points), for charts. */
  points: z.array(z.object({ at: z.string(), value: z.number() })).max(120).optional(),
  /** For metric evidence: where the level shift was detected. */
  changeAt: z.string().optional(),
  unit: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const FindingSchema = z.object({
  rank: z.number().int().positive(),
  service: z.string(),
  faultType: z.string(),
  confidence: z.number().min(0).max(1),
  summary: z.string(),
  evidence: z.array(EvidenceSchema),
  nextStep: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ReportSchema = z.object({
  investigationId: z.string(),
  alert: AlertSchema,
  outcome: z.enum(['found', 'inconclusive']),
  summary: z.string(),
  findings: z.array(FindingSchema),
  /** One line per tool call made, for the "what I checked" note. */
  checked: z.array(z.string()),
  steps: z.number().int().nonnegative(),
  toolCalls: z.number().int().nonnegative(),
  /** Model tokens spent planning; 0 for the deterministic planner. */
  tokens: z.number().int().nonnegative().default(0),
  /** The guidance rules that steered this investigation, as `id: text`. */
  guidanceApplied: z.array(z.string()).default([]),
});
export type Report = z.infer<typeof ReportSchema>;

export function investigationIdFor(incidentId: string): string {
  return `investigate-${incidentId}`;
}
