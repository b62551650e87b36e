// The embedded default store: one SQLite file through node:sqlite (no native build). The worker and
// the Slack app may open the same file at once, hence WAL (readers never block the writer) and a
// busy timeout (a writer waits for the other process instead of failing with SQLITE_BUSY).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { z } from 'zod';
import { ReportSchema, ToolResultSchema, type Report, type ToolResult } from '../agent/types.ts';
import {
  derivedIdempotencyKey,
  derivedFeedbackKey,
  KeyedFeedbackSchema,
  InteractionSchema,
  isoOf,
  KeyedInteractionSchema,
  ListInvestigationsQuerySchema,
  ReportMetaSchema,
  SlackMessageRefSchema,
  StoredGuidanceRuleSchema,
  type Feedback,
  type KeyedFeedback,
  type GuidanceAuditEntry,
  type Interaction,
  type InvestigationStore,
  type InvestigationSummary,
  type KeyedInteraction,
  type ListInvestigationsQuery,
  type NewGuidanceRule,
  type ReportMeta,
  type SlackMessageRef,
  type StoreClockOptions,
  type StoredGuidanceRule,
  type StoredReport,
  type UntouchedFinding,
  type UntouchedQuery,
  UntouchedQuerySchema,
} from './investigation-store.ts';
import { latestVersion, MIGRATIONS, newerSchemaError, type Migration } from './migrations.ts';
import {
  auditFromRow,
  evidenceRows,
  feedbackFromRow,
  findingRows,
  guidanceFromRow,
  negativeInvestigations,
  observationFromRow,
  parseStoredReport,
  ruleJson,
  summaryFromRow,
  type FeedbackRow,
  type ObservationRow,
  type SummaryRow,
} from './store-rows.ts';

export interface SqliteStoreOptions extends StoreClockOptions {
  /** How long a write waits for another connection's lock before failing; default 5 s. */
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
}

const RevisionSchema = z.number().int().nonnegative();

const SUMMARY_SELECT = `
  SELECT r.investigation_id, r.revision, r.report_json, r.outcome, r.alert_class, r.channel, r.thread_ts,
         r.created_at, r.saved_at, f.service AS top_service, f.fault_type AS top_fault_type,
         f.confidence AS top_confidence, f.summary AS top_summary
  FROM reports r LEFT JOIN findings f ON f.investigation_id = r.investigation_id
    AND f.rank = (SELECT MIN(rank) FROM findings m WHERE m.investigation_id = r.investigation_id)`;

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): InvestigationStore {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !path.startsWith('file:')) mkdirSync(dirname(resolve(path)), { recursive: true });
  const now = options.now ?? (() => new Date());
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    migrate(db, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    throw new Error(`cannot open the investigation store at ${path}: ${(error as Error).message}`, { cause: error });
  }

  const q = {
    upsertReport: db.prepare(`
      INSERT INTO reports (investigation_id, revision, report_json, saved_at, created_at, outcome, alert_class, channel, thread_ts)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (investigation_id) DO UPDATE
        SET revision = excluded.revision, report_json = excluded.report_json, saved_at = excluded.saved_at,
            outcome = excluded.outcome,
            alert_class = COALESCE(excluded.alert_class, reports.alert_class),
            channel = COALESCE(excluded.channel, reports.channel),
            thread_ts = COALESCE(excluded.thread_ts, reports.thread_ts)
        WHERE excluded.revision >= reports.revision
      RETURNING investigation_id`),
    deleteFindings: db.prepare('DELETE FROM findings WHERE investigation_id = ?'),
    deleteEvidence: db.prepare('DELETE FROM evidence WHERE investigation_id = ?'),
    insertFinding: db.prepare(
      'INSERT INTO findings (investigation_id, rank, service, fault_type, confidence, summary, next_step) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertEvidence: db.prepare(`
      INSERT INTO evidence (investigation_id, finding_rank, position, kind, service, summary, query, lines_json, at, points_json, change_at, unit)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    selectReport: db.prepare('SELECT revision, report_json FROM reports WHERE investigation_id = ?'),
    selectSummary: db.prepare(`${SUMMARY_SELECT} WHERE r.investigation_id = ?`),
    insertObservation: db.prepare(`
      INSERT INTO observations (investigation_id, call_id, server, tool, arguments_json, status, structured_json, summary, error, retryable, duration_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (investigation_id, call_id) DO NOTHING`),
    selectObservations: db.prepare('SELECT * FROM observations WHERE investigation_id = ? ORDER BY id'),
    upsertMessage: db.prepare(`
      INSERT INTO slack_messages (investigation_id, channel, ts) VALUES (?, ?, ?)
      ON CONFLICT (investigation_id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts`),
    selectMessage: db.prepare('SELECT channel, ts FROM slack_messages WHERE investigation_id = ?'),
    insertInteraction: db.prepare(`
      INSERT INTO interactions (investigation_id, kind, finding_rank, user_id, at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    selectInteractions: db.prepare(
      'SELECT investigation_id, kind, finding_rank, user_id, at FROM interactions WHERE investigation_id = ? ORDER BY id',
    ),
    selectVotes: db.prepare(
      "SELECT user_id, kind FROM interactions WHERE investigation_id = ? AND kind IN ('vote_up', 'vote_down') ORDER BY id",
    ),
    selectUntouched: db.prepare(`
      SELECT f.investigation_id, f.rank, f.service, f.fault_type, r.created_at
      FROM findings f JOIN reports r ON r.investigation_id = f.investigation_id
      WHERE r.created_at < ? AND r.created_at >= ? AND NOT EXISTS (
        SELECT 1 FROM interactions i WHERE i.investigation_id = f.investigation_id AND i.finding_rank = f.rank)
      ORDER BY r.created_at, f.investigation_id, f.rank`),
    insertFeedback: db.prepare(`
      INSERT INTO feedback (investigation_id, user_id, at, text, corrected_service, corrected_fault_type, finding_rank, idempotency_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    selectFeedback: db.prepare('SELECT * FROM feedback WHERE investigation_id = ? ORDER BY id'),
    selectNegativeCandidates: db.prepare(`
      SELECT investigation_id FROM interactions WHERE kind = 'vote_down'
      UNION SELECT investigation_id FROM feedback WHERE corrected_service IS NOT NULL OR corrected_fault_type IS NOT NULL`),
    insertGuidance: db.prepare(
      'INSERT INTO guidance (id, rule_json, created_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    selectGuidanceById: db.prepare('SELECT rule_json, created_by, created_at FROM guidance WHERE id = ?'),
    deleteGuidance: db.prepare('DELETE FROM guidance WHERE id = ?'),
    selectGuidance: db.prepare('SELECT rule_json, created_by, created_at FROM guidance ORDER BY seq'),
    insertAudit: db.prepare('INSERT INTO guidance_audit (action, rule_id, text, alert_class, by_user, at) VALUES (?, ?, ?, ?, ?, ?)'),
    selectAudit: db.prepare('SELECT action, rule_id, text, alert_class, by_user, at FROM guidance_audit ORDER BY seq'),
  };
  let closed = false;

  /** node:sqlite is synchronous, so a transaction here cannot interleave with another call. */
  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  const store: InvestigationStore = {
    async saveReport(report: Report, revision: number, meta: ReportMeta = {}): Promise<void> {
      const valid = ReportSchema.parse(report);
      RevisionSchema.parse(revision);
      const m = ReportMetaSchema.parse(meta);
      const at = now().toISOString();
      const id = valid.investigationId;
      transaction(() => {
        const accepted = q.upsertReport.get(id, revision, JSON.stringify(valid), at, at, valid.outcome, m.alertClass ?? null, m.channel ?? null, m.threadTs ?? null);
        if (!accepted) return;
        q.deleteEvidence.run(id);
        q.deleteFindings.run(id);
        for (const f of findingRows(valid)) q.insertFinding.run(id, f.rank, f.service, f.faultType, f.confidence, f.summary, f.nextStep);
        for (const e of evidenceRows(valid)) {
          q.insertEvidence.run(id, e.findingRank, e.position, e.kind, e.service, e.summary, e.query, e.linesJson, e.at, e.pointsJson, e.changeAt, e.unit);
        }
      });
    },

    async getReport(investigationId: string): Promise<StoredReport | undefined> {
      const row = q.selectReport.get(investigationId) as { revision: number; report_json: string } | undefined;
      if (!row) return undefined;
      return { report: parseStoredReport(investigationId, row.report_json), revision: row.revision };
    },

    async getInvestigation(investigationId: string): Promise<InvestigationSummary | undefined> {
      const row = q.selectSummary.get(investigationId) as SummaryRow | undefined;
      return row ? summaryFromRow(row) : undefined;
    },

    async listInvestigations(query: ListInvestigationsQuery): Promise<InvestigationSummary[]> {
      const valid = ListInvestigationsQuerySchema.parse(query);
      const where: string[] = [];
      const params: SQLInputValue[] = [];
      if (valid.since) {
        where.push('r.created_at >= ?');
        params.push(isoOf(valid.since));
      }
      if (valid.alertClass) {
        where.push('r.alert_class = ?');
        params.push(valid.alertClass);
      }
      const sql = `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.created_at DESC, r.investigation_id LIMIT ?`;
      const rows = db.prepare(sql).all(...params, valid.limit) as unknown as SummaryRow[];
      return rows.map(summaryFromRow);
    },

    async saveObservations(investigationId: string, results: ToolResult[]): Promise<void> {
      const valid = z.array(ToolResultSchema).parse(results);
      transaction(() => {
        for (const r of valid) {
          q.insertObservation.run(
            investigationId,
            r.callId,
            r.server,
            r.tool,
            JSON.stringify(r.arguments),
            r.status,
            r.structured === undefined ? null : JSON.stringify(r.structured),
            r.summary,
            r.error ?? null,
            r.retryable === undefined ? null : r.retryable ? 1 : 0,
            r.durationMs,
          );
        }
      });
    },

    async listObservations(investigationId: string): Promise<ToolResult[]> {
      return (q.selectObservations.all(investigationId) as unknown as ObservationRow[]).map(observationFromRow);
    },

    async getSlackMessage(investigationId: string): Promise<SlackMessageRef | undefined> {
      const row = q.selectMessage.get(investigationId) as { channel: string; ts: string } | undefined;
      return row ? { channel: row.channel, ts: row.ts } : undefined;
    },

    async setSlackMessage(investigationId: string, message: SlackMessageRef): Promise<void> {
      const valid = SlackMessageRefSchema.parse(message);
      q.upsertMessage.run(investigationId, valid.channel, valid.ts);
    },

    async recordInteraction(interaction: KeyedInteraction): Promise<{ recorded: boolean }> {
      const valid = KeyedInteractionSchema.parse(interaction);
      const key = valid.idempotencyKey ?? derivedIdempotencyKey(valid);
      const result = q.insertInteraction.run(valid.investigationId, valid.kind, valid.findingRank, valid.userId, isoOf(valid.at), key);
      return { recorded: Number(result.changes) === 1 };
    },

    async listInteractions(investigationId: string): Promise<Interaction[]> {
      const rows = q.selectInteractions.all(investigationId) as { investigation_id: string; kind: string; finding_rank: number; user_id: string; at: string }[];
      return rows.map((r) =>
        InteractionSchema.parse({ investigationId: r.investigation_id, kind: r.kind, findingRank: r.finding_rank, userId: r.user_id, at: r.at }),
      );
    },

    async listFindingsWithoutInteraction(query: UntouchedQuery): Promise<UntouchedFinding[]> {
      const valid = UntouchedQuerySchema.parse(query);
      const rows = q.selectUntouched.all(isoOf(valid.olderThan), valid.newerThan ? isoOf(valid.newerThan) : '') as { investigation_id: string; rank: number; service: string; fault_type: string; created_at: string }[];
      return rows.map((r) => ({ investigationId: r.investigation_id, rank: r.rank, service: r.service, faultType: r.fault_type, createdAt: r.created_at }));
    },

    async saveFeedback(feedback: KeyedFeedback): Promise<{ recorded: boolean }> {
      const f = KeyedFeedbackSchema.parse(feedback);
      const key = f.idempotencyKey ?? derivedFeedbackKey(f);
      const result = q.insertFeedback.run(f.investigationId, f.userId, isoOf(f.at), f.text ?? null, f.correctedService ?? null, f.correctedFaultType ?? null, f.findingRank ?? null, key);
      return { recorded: Number(result.changes) === 1 };
    },

    async listFeedback(investigationId: string): Promise<Feedback[]> {
      return (q.selectFeedback.all(investigationId) as unknown as FeedbackRow[]).map(feedbackFromRow);
    },

    async listNegativeInvestigations() {
      const ids = (q.selectNegativeCandidates.all() as { investigation_id: string }[]).map((r) => r.investigation_id);
      return negativeInvestigations(ids, {
        getInvestigation: (id) => store.getInvestigation(id),
        votes: async (id) => (q.selectVotes.all(id) as { user_id: string; kind: string }[]).map((r) => ({ userId: r.user_id, kind: r.kind })),
        listFeedback: (id) => store.listFeedback(id),
      });
    },

    async addGuidance(rule: NewGuidanceRule): Promise<{ added: boolean }> {
      const valid = StoredGuidanceRuleSchema.parse(rule);
      const at = isoOf(valid.createdAt);
      return transaction(() => {
        const inserted = q.insertGuidance.run(valid.id, ruleJson(valid), valid.createdBy, at);
        if (Number(inserted.changes) === 0) return { added: false };
        q.insertAudit.run('add', valid.id, valid.text, valid.alertClass, valid.createdBy, at);
        return { added: true };
      });
    },

    async removeGuidance(id: string, change: { by: string; at: string }): Promise<{ removed: boolean }> {
      const by = z.string().min(1).parse(change.by);
      const at = isoOf(z.iso.datetime({ offset: true }).parse(change.at));
      return transaction(() => {
        const row = q.selectGuidanceById.get(id) as { rule_json: string; created_by: string; created_at: string } | undefined;
        if (!row) return { removed: false };
        const rule = guidanceFromRow(row);
        q.deleteGuidance.run(id);
        q.insertAudit.run('remove', id, rule.text, rule.alertClass, by, at);
        return { removed: true };
      });
    },

    async listGuidance(): Promise<StoredGuidanceRule[]> {
      return (q.selectGuidance.all() as { rule_json: string; created_by: string; created_at: string }[]).map(guidanceFromRow);
    },

    async listGuidanceAudit(): Promise<GuidanceAuditEntry[]> {
      return (q.selectAudit.all() as { action: string; rule_id: string; text: string; alert_class: string; by_user: string; at: string }[]).map(auditFromRow);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
  return store;
}

/**
 * Applies each pending migration in its own IMMEDIATE transaction and re-reads the version inside
 * it, so two processes opening a fresh file at once cannot both apply one: the second waits, then
 * finds nothing to do.
 */
function migrate(db: DatabaseSync, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const latest = latestVersion(migrations);
  const currentVersion = () => (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const before = currentVersion();
  if (before > latest) throw newerSchemaError(before, latest);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= before) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      if (m.version > currentVersion()) {
        db.exec(m.sqlite);
        record.run(m.version, m.name, new Date().toISOString());
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
