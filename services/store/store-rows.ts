// Row <-> value mapping shared by the SQLite and Postgres backends, so the two differ only in SQL
// and driver calls. SQLite hands back TEXT for times and JSON, Postgres Date and parsed JSONB; the
// readers here accept both.
import { z } from 'zod';
import { ReportSchema, ToolResultSchema, type Report, type ToolResult } from '../agent/types.ts';
import {
  countVotesDown,
  FeedbackSchema,
  GuidanceAuditEntrySchema,
  InvestigationSummarySchema,
  isoOf,
  StoredGuidanceRuleSchema,
  type Feedback,
  type GuidanceAuditEntry,
  type InvestigationSummary,
  type NegativeInvestigation,
  type StoredGuidanceRule,
} from './investigation-store.ts';

type Json = string | object | null | undefined;

/** JSON from a TEXT column (SQLite) or a JSONB column (Postgres, already parsed). */
export function jsonOf(value: Json): unknown {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function parseStoredReport(investigationId: string, value: Json): Report {
  const parsed = ReportSchema.safeParse(jsonOf(value));
  if (!parsed.success) {
    throw new Error(`stored report ${investigationId} does not match ReportSchema: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export interface FindingRow {
  rank: number;
  service: string;
  faultType: string;
  confidence: number;
  summary: string;
  nextStep: string;
}

export interface EvidenceRow {
  findingRank: number;
  position: number;
  kind: string;
  service: string;
  summary: string;
  query: string | null;
  linesJson: string | null;
  at: string | null;
  pointsJson: string | null;
  changeAt: string | null;
  unit: string | null;
}

export function findingRows(report: Report): FindingRow[] {
  return report.findings.map((f) => ({
    rank: f.rank,
    service: f.service,
    faultType: f.faultType,
    confidence: f.confidence,
    summary: f.summary,
    nextStep: f.nextStep,
  }));
}

export function evidenceRows(report: Report): EvidenceRow[] {
  return report.findings.flatMap((f) =>
    f.evidence.map((e, position) => ({
      findingRank: f.rank,
      position,
      kind: e.kind,
      service: e.service,
      summary: e.summary,
      query: e.query ?? null,
      linesJson: e.lines ? JSON.stringify(e.lines) : null,
      at: e.at ?? null,
      pointsJson: e.points ? JSON.stringify(e.points) : null,
      changeAt: e.changeAt ?? null,
      unit: e.unit ?? null,
    })),
  );
}

/** Columns every summary query selects (see SUMMARY_SELECT in each backend). */
export interface SummaryRow {
  investigation_id: string;
  revision: number;
  report_json: Json;
  outcome: string | null;
  alert_class: string | null;
  channel: string | null;
  thread_ts: string | null;
  created_at: string | Date | null;
  saved_at: string | Date;
  top_service: string | null;
  top_fault_type: string | null;
  top_confidence: number | null;
  top_summary: string | null;
}

export function summaryFromRow(row: SummaryRow): InvestigationSummary {
  const report = parseStoredReport(row.investigation_id, row.report_json);
  return InvestigationSummarySchema.parse({
    investigationId: row.investigation_id,
    alert: report.alert,
    alertClass: row.alert_class ?? undefined,
    outcome: row.outcome ?? report.outcome,
    revision: Number(row.revision),
    topFinding:
      row.top_service !== null && row.top_fault_type !== null
        ? { service: row.top_service, faultType: row.top_fault_type, confidence: Number(row.top_confidence), summary: row.top_summary ?? '' }
        : undefined,
    channel: row.channel ?? undefined,
    threadTs: row.thread_ts ?? undefined,
    createdAt: isoOf(row.created_at ?? row.saved_at),
    updatedAt: isoOf(row.saved_at),
  });
}

export interface ObservationRow {
  call_id: string;
  server: string;
  tool: string;
  arguments_json: Json;
  status: string;
  structured_json: Json;
  summary: string;
  error: string | null;
  retryable: number | boolean | null;
  duration_ms: number;
}

export function observationFromRow(row: ObservationRow): ToolResult {
  return ToolResultSchema.parse({
    callId: row.call_id,
    server: row.server,
    tool: row.tool,
    arguments: jsonOf(row.arguments_json),
    status: row.status,
    structured: jsonOf(row.structured_json),
    summary: row.summary,
    error: row.error ?? undefined,
    retryable: row.retryable === null ? undefined : Boolean(row.retryable),
    durationMs: Number(row.duration_ms),
  });
}

export interface FeedbackRow {
  investigation_id: string;
  user_id: string;
  at: string | Date;
  text: string | null;
  corrected_service: string | null;
  corrected_fault_type: string | null;
  finding_rank: number | null;
}

export function feedbackFromRow(row: FeedbackRow): Feedback {
  return FeedbackSchema.parse({
    investigationId: row.investigation_id,
    userId: row.user_id,
    at: isoOf(row.at),
    text: row.text ?? undefined,
    correctedService: row.corrected_service ?? undefined,
    correctedFaultType: row.corrected_fault_type ?? undefined,
    findingRank: row.finding_rank ?? undefined,
  });
}

export function guidanceFromRow(row: { rule_json: Json; created_by: string; created_at: string | Date }): StoredGuidanceRule {
  return StoredGuidanceRuleSchema.parse({ ...(jsonOf(row.rule_json) as object), createdBy: row.created_by, createdAt: isoOf(row.created_at) });
}

export function auditFromRow(row: { action: string; rule_id: string; text: string; alert_class: string; by_user: string; at: string | Date }): GuidanceAuditEntry {
  return GuidanceAuditEntrySchema.parse({ action: row.action, ruleId: row.rule_id, text: row.text, alertClass: row.alert_class, by: row.by_user, at: isoOf(row.at) });
}

/** The rule as stored: without who/when, which live in their own columns. */
export function ruleJson(rule: StoredGuidanceRule): string {
  const { createdBy: _by, createdAt: _at, ...bare } = rule;
  return JSON.stringify(bare);
}

/**
 * Shared by both backends: given the candidates (ids with a 👎 or a correction), decide which are
 * negative and attach the why.
 */
export async function negativeInvestigations(
  candidates: readonly string[],
  read: {
    getInvestigation(id: string): Promise<InvestigationSummary | undefined>;
    votes(id: string): Promise<{ userId: string; kind: string }[]>;
    listFeedback(id: string): Promise<Feedback[]>;
  },
): Promise<NegativeInvestigation[]> {
  const out: NegativeInvestigation[] = [];
  for (const id of candidates) {
    const summary = await read.getInvestigation(id);
    if (!summary) continue;
    const votesDown = countVotesDown(await read.votes(id));
    const correction = (await read.listFeedback(id)).filter((f) => f.correctedService || f.correctedFaultType).at(-1);
    if (votesDown === 0 && !correction) continue;
    const corrected = correction
      ? { ...(correction.correctedService ? { service: correction.correctedService } : {}), ...(correction.correctedFaultType ? { faultType: correction.correctedFaultType } : {}) }
      : undefined;
    out.push({ ...summary, votesDown, ...(corrected ? { corrected } : {}) });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.investigationId.localeCompare(b.investigationId)));
}
