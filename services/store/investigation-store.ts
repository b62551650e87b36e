// What the rest of Ariadne may ask of storage. Backends (SQLite, Postgres) implement this one
// interface and pass one contract suite (tests/integration/store/). Every timestamp goes in as ISO
// 8601 with an offset and comes back normalised to UTC with milliseconds (`toISOString()`), so both
// backends compare and return them the same way.
import { z } from 'zod';
import { GuidanceRuleSchema } from '../agent/guidance.ts';
import { AlertSchema, type Report, type ToolResult } from '../agent/types.ts';

const Iso = z.iso.datetime({ offset: true });

export const INTERACTION_KINDS = [
  'expand',
  'collapse',
  'search_further',
  'vote_up',
  'vote_down',
  'feedback_opened',
  'feedback_submitted',
  /** Recorded by the sweep when nobody touched a finding within the configured time. */
  'ignored',
] as const;
export const InteractionKindSchema = z.enum(INTERACTION_KINDS);
export type InteractionKind = z.infer<typeof InteractionKindSchema>;

export const InteractionSchema = z.object({
  investigationId: z.string().min(1),
  kind: InteractionKindSchema,
  findingRank: z.number().int().positive(),
  userId: z.string().min(1),
  at: Iso,
});
export type Interaction = z.infer<typeof InteractionSchema>;

export const KeyedInteractionSchema = InteractionSchema.extend({
  /** Slack's action/trigger id or similar: a double click or a retry with the same key records once. */
  idempotencyKey: z.string().min(1).max(512).optional(),
});
export type KeyedInteraction = z.infer<typeof KeyedInteractionSchema>;

/** The key of a call made without one: the same user doing the same thing at the same instant. */
export function derivedIdempotencyKey(i: Interaction): string {
  return [i.investigationId, i.kind, i.findingRank, i.userId, new Date(i.at).toISOString()].join('|');
}

export const SlackMessageRefSchema = z.object({
  channel: z.string().min(1),
  ts: z.string().regex(/^\d+\.\d+$/, 'a Slack message ts like "1763645400.000100"'),
});
export type SlackMessageRef = z.infer<typeof SlackMessageRefSchema>;

export interface StoredReport {
  report: Report;
  revision: number;
}

export const ReportMetaSchema = z.object({
  /** Derived from the alert (services/agent/alert-class.ts); kept so status and guidance can group by it. */
  alertClass: z.string().min(1).optional(),
  /** Where the alert's thread lives (owner channel), when known. */
  channel: z.string().min(1).optional(),
  threadTs: z.string().min(1).optional(),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

export const TopFindingSchema = z.object({
  service: z.string(),
  faultType: z.string(),
  confidence: z.number(),
  summary: z.string(),
});

export const InvestigationSummarySchema = z.object({
  investigationId: z.string(),
  alert: AlertSchema,
  alertClass: z.string().optional(),
  outcome: z.enum(['found', 'inconclusive']),
  revision: z.number().int(),
  topFinding: TopFindingSchema.optional(),
  channel: z.string().optional(),
  threadTs: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InvestigationSummary = z.infer<typeof InvestigationSummarySchema>;

export const ListInvestigationsQuerySchema = z.object({
  /** Created at or after this instant. */
  since: Iso.optional(),
  alertClass: z.string().min(1).optional(),
  limit: z.number().int().positive().max(1000),
});
export type ListInvestigationsQuery = z.infer<typeof ListInvestigationsQuerySchema>;

export const FeedbackSchema = z.object({
  investigationId: z.string().min(1),
  userId: z.string().min(1),
  at: Iso,
  text: z.string().max(3000).optional(),
  /** The root cause the engineer says it was, when the findings got it wrong. */
  correctedService: z.string().min(1).optional(),
  correctedFaultType: z.string().min(1).optional(),
  /** The finding the feedback was given on, when it came from a finding's button. */
  findingRank: z.number().int().positive().optional(),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

export const KeyedFeedbackSchema = FeedbackSchema.extend({
  /** E.g. the modal's view id: a resubmission or a Slack retry with the same key records once. */
  idempotencyKey: z.string().min(1).max(512).optional(),
});
export type KeyedFeedback = z.infer<typeof KeyedFeedbackSchema>;

/** The key of feedback saved without one: the same user at the same instant. */
export function derivedFeedbackKey(f: Feedback): string {
  return [f.investigationId, f.userId, new Date(f.at).toISOString()].join('|');
}

export interface NegativeInvestigation extends InvestigationSummary {
  /** Users whose latest vote is 👎. */
  votesDown: number;
  /** The latest corrected root cause from feedback, if any. */
  corrected?: { service?: string; faultType?: string };
}

export const GuidanceChangeSchema = z.object({ createdBy: z.string().min(1), createdAt: Iso });
export const StoredGuidanceRuleSchema = GuidanceRuleSchema.safeExtend(GuidanceChangeSchema.shape);
export type StoredGuidanceRule = z.infer<typeof StoredGuidanceRuleSchema>;
/** What addGuidance accepts: defaults of the rule (alertClass `*`, alsoCheck []) are filled in. */
export type NewGuidanceRule = z.input<typeof StoredGuidanceRuleSchema>;

export const GuidanceAuditEntrySchema = z.object({
  action: z.enum(['add', 'remove']),
  ruleId: z.string(),
  /** The rule's text at the time, so a removal still says what was removed. */
  text: z.string(),
  alertClass: z.string(),
  by: z.string(),
  at: z.string(),
});
export type GuidanceAuditEntry = z.infer<typeof GuidanceAuditEntrySchema>;

export const UntouchedQuerySchema = z.object({ olderThan: Iso, newerThan: Iso.optional() });
export type UntouchedQuery = z.infer<typeof UntouchedQuerySchema>;

export interface UntouchedFinding {
  investigationId: string;
  rank: number;
  service: string;
  faultType: string;
  /** When the investigation was first saved (posted). */
  createdAt: string;
}

export interface InvestigationStore {
  /**
   * Upsert; a lower revision than the stored one is ignored, so late retries never roll back. The
   * findings and their evidence are stored in their own rows too (replaced with each accepted
   * revision). `meta` fields left out keep what an earlier revision stored.
   */
  saveReport(report: Report, revision: number, meta?: ReportMeta): Promise<void>;
  getReport(investigationId: string): Promise<StoredReport | undefined>;
  getInvestigation(investigationId: string): Promise<InvestigationSummary | undefined>;
  /** Newest first. */
  listInvestigations(query: ListInvestigationsQuery): Promise<InvestigationSummary[]>;
  /** The tool results the agent saw; a result whose callId is already stored is skipped (retries). */
  saveObservations(investigationId: string, results: ToolResult[]): Promise<void>;
  /** In the order they were saved. */
  listObservations(investigationId: string): Promise<ToolResult[]>;

  getSlackMessage(investigationId: string): Promise<SlackMessageRef | undefined>;
  setSlackMessage(investigationId: string, message: SlackMessageRef): Promise<void>;

  /** `recorded: false` when an interaction with the same idempotency key exists (double click, retry). */
  recordInteraction(interaction: KeyedInteraction): Promise<{ recorded: boolean }>;
  /** Oldest first, in the order they were recorded. */
  listInteractions(investigationId: string): Promise<Interaction[]>;
  /**
   * Findings of investigations created before `olderThan` (and at or after `newerThan`, which keeps
   * a periodic sweep from rereading all history) with no interaction of any kind on them.
   */
  listFindingsWithoutInteraction(query: UntouchedQuery): Promise<UntouchedFinding[]>;

  /** `recorded: false` when feedback with the same idempotency key exists. */
  saveFeedback(feedback: KeyedFeedback): Promise<{ recorded: boolean }>;
  /** Oldest first. */
  listFeedback(investigationId: string): Promise<Feedback[]>;
  /** Investigations with a 👎 (a user's latest vote) or a corrected root cause; newest first. */
  listNegativeInvestigations(): Promise<NegativeInvestigation[]>;

  /** `added: false` when a rule with this id exists (nothing recorded). */
  addGuidance(rule: NewGuidanceRule): Promise<{ added: boolean }>;
  /** `removed: false` when there is no rule with this id (nothing recorded). */
  removeGuidance(id: string, change: { by: string; at: string }): Promise<{ removed: boolean }>;
  /** In the order they were added. */
  listGuidance(): Promise<StoredGuidanceRule[]>;
  /** Oldest first. */
  listGuidanceAudit(): Promise<GuidanceAuditEntry[]>;

  close(): Promise<void>;
}

/** Options both backends take. */
export interface StoreClockOptions {
  /** The clock for created/updated times; tests pin it. Default: the wall clock. */
  now?: () => Date;
}

/** The latest vote of each user decides; a 👎 later taken back with a 👍 does not count. */
export function countVotesDown(votes: readonly { userId: string; kind: string }[]): number {
  const latest = new Map<string, string>();
  for (const v of votes) latest.set(v.userId, v.kind);
  return [...latest.values()].filter((k) => k === 'vote_down').length;
}

export function isoOf(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
