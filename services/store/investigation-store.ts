// What the rest of Ariadne may ask of storage. Backends (SQLite now, Postgres later) implement this
// one interface and pass one contract suite (tests/integration/store/).
import { z } from 'zod';
import type { Report } from '../agent/types.ts';

export const InteractionKindSchema = z.enum(['expand', 'collapse']);
export type InteractionKind = z.infer<typeof InteractionKindSchema>;

export const InteractionSchema = z.object({
  investigationId: z.string().min(1),
  kind: InteractionKindSchema,
  findingRank: z.number().int().positive(),
  userId: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type Interaction = z.infer<typeof InteractionSchema>;

export const SlackMessageRefSchema = z.object({
  channel: z.string().min(1),
  ts: z.string().regex(/^\d+\.\d+$/, 'a Slack message ts like "1763645400.000100"'),
});
export type SlackMessageRef = z.infer<typeof SlackMessageRefSchema>;

export interface StoredReport {
  report: Report;
  revision: number;
}

export interface InvestigationStore {
  /** Upsert; a lower revision than the stored one is ignored, so late retries never roll back. */
  saveReport(report: Report, revision: number): Promise<void>;
  getReport(investigationId: string): Promise<StoredReport | undefined>;
  getSlackMessage(investigationId: string): Promise<SlackMessageRef | undefined>;
  setSlackMessage(investigationId: string, message: SlackMessageRef): Promise<void>;
  recordInteraction(interaction: Interaction): Promise<void>;
  /** Oldest first, in the order they were recorded. */
  listInteractions(investigationId: string): Promise<Interaction[]>;
  close(): Promise<void>;
}
