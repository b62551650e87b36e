// The production store: Postgres through `pg` (a pool, so the Slack app's concurrent clicks do not
// queue behind one connection). Same interface and contract suite as the SQLite store; the SQL
// differs only where the dialects do (JSONB, TIMESTAMPTZ, $n parameters).
import pg from 'pg';
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

export interface PostgresStoreOptions extends StoreClockOptions {
  migrations?: readonly Migration[];
  /** Pool size; default 5. */
  maxConnections?: number;
  /** An idle pooled connection failed (server restart); the pool replaces it. Default: a line on stderr. */
  onIdleError?: (error: Error) => void;
}

const RevisionSchema = z.number().int().nonnegative();
/** Any constant works; it only has to be the same for every Ariadne process migrating one database. */
const MIGRATION_LOCK = 7_340_120_551;

const SUMMARY_SELECT = `
  SELECT r.investigation_id, r.revision, r.report_json, r.outcome, r.alert_class, r.channel, r.thread_ts,
         r.created_at, r.saved_at, f.service AS top_service, f.fault_type AS top_fault_type,
         f.confidence AS top_confidence, f.summary AS top_summary
  FROM reports r LEFT JOIN findings f ON f.investigation_id = r.investigation_id
    AND f.rank = (SELECT MIN(rank) FROM findings m WHERE m.investigation_id = r.investigation_id)`;

/** The URL without its password, for error messages and logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<InvestigationStore> {
  const now = options.now ?? (() => new Date());
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 5 });
  // An idle client losing its connection (server restart) must not crash the process: report it,
  // the pool opens a new connection on the next query.
  pool.on('error', options.onIdleError ?? ((error) => process.stderr.write(`investigation store: idle Postgres connection failed: ${error.message}\n`)));
  try {
    await migrate(pool, options.migrations ?? MIGRATIONS);
  } catch (error) {
    await pool.end();
    throw new Error(`cannot open the investigation store at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const rows = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => (await pool.query(sql, params)).rows as R[];
  let closed = false;

  const store: InvestigationStore = {
    async saveReport(report: Report, revision: number, meta: ReportMeta = {}): Promise<void> {
      const valid = ReportSchema.parse(report);
      RevisionSchema.parse(revision);
      const m = ReportMetaSchema.parse(meta);
      const at = now().toISOString();
      const id = valid.investigationId;
      await transaction(async (c) => {
        const accepted = await c.query(
          `INSERT INTO reports (investigation_id, revision, report_json, saved_at, created_at, outcome, alert_class, channel, thread_ts)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)
           ON CONFLICT (investigation_id) DO UPDATE
             SET revision = excluded.revision, report_json = excluded.report_json, saved_at = excluded.saved_at,
                 outcome = excluded.outcome,
                 alert_class = COALESCE(excluded.alert_class, reports.alert_class),
                 channel = COALESCE(excluded.channel, reports.channel),
                 thread_ts = COALESCE(excluded.thread_ts, reports.thread_ts)
             WHERE excluded.revision >= reports.revision
           RETURNING investigation_id`,
          [id, revision, JSON.stringify(valid), at, valid.outcome, m.alertClass ?? null, m.channel ?? null, m.threadTs ?? null],
        );
        if (accepted.rowCount === 0) return;
        await c.query('DELETE FROM evidence WHERE investigation_id = $1', [id]);
        await c.query('DELETE FROM findings WHERE investigation_id = $1', [id]);
        for (const f of findingRows(valid)) {
          await c.query(
            'INSERT INTO findings (investigation_id, rank, service, fault_type, confidence, summary, next_step) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [id, f.rank, f.service, f.faultType, f.confidence, f.summary, f.nextStep],
          );
        }
        for (const e of evidenceRows(valid)) {
          await c.query(
            `INSERT INTO evidence (investigation_id, finding_rank, position, kind, service, summary, query, lines_json, at, points_json, change_at, unit)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [id, e.findingRank, e.position, e.kind, e.service, e.summary, e.query, e.linesJson, e.at, e.pointsJson, e.changeAt, e.unit],
          );
        }
      });
    },

    async getReport(investigationId: string): Promise<StoredReport | undefined> {
      const [row] = await rows<{ revision: number; report_json: object }>('SELECT revision, report_json FROM reports WHERE investigation_id = $1', [investigationId]);
      if (!row) return undefined;
      return { report: parseStoredReport(investigationId, row.report_json), revision: row.revision };
    },

    async getInvestigation(investigationId: string): Promise<InvestigationSummary | undefined> {
      const [row] = await rows<SummaryRow>(`${SUMMARY_SELECT} WHERE r.investigation_id = $1`, [investigationId]);
      return row ? summaryFromRow(row) : undefined;
    },

    async listInvestigations(query: ListInvestigationsQuery): Promise<InvestigationSummary[]> {
      const valid = ListInvestigationsQuerySchema.parse(query);
      const where: string[] = [];
      const params: unknown[] = [];
      if (valid.since) {
        params.push(isoOf(valid.since));
        where.push(`r.created_at >= $${params.length}`);
      }
      if (valid.alertClass) {
        params.push(valid.alertClass);
        where.push(`r.alert_class = $${params.length}`);
      }
      params.push(valid.limit);
      const sql = `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.created_at DESC, r.investigation_id LIMIT $${params.length}`;
      return (await rows<SummaryRow>(sql, params)).map(summaryFromRow);
    },

    async saveObservations(investigationId: string, results: ToolResult[]): Promise<void> {
      const valid = z.array(ToolResultSchema).parse(results);
      await transaction(async (c) => {
        for (const r of valid) {
          await c.query(
            `INSERT INTO observations (investigation_id, call_id, server, tool, arguments_json, status, structured_json, summary, error, retryable, duration_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (investigation_id, call_id) DO NOTHING`,
            [
              investigationId,
              r.callId,
              r.server,
              r.tool,
              JSON.stringify(r.arguments),
              r.status,
              r.structured === undefined ? null : JSON.stringify(r.structured),
              r.summary,
              r.error ?? null,
              r.retryable ?? null,
              r.durationMs,
            ],
          );
        }
      });
    },

    async listObservations(investigationId: string): Promise<ToolResult[]> {
      return (await rows<ObservationRow>('SELECT * FROM observations WHERE investigation_id = $1 ORDER BY id', [investigationId])).map(observationFromRow);
    },

    async getSlackMessage(investigationId: string): Promise<SlackMessageRef | undefined> {
      const [row] = await rows<{ channel: string; ts: string }>('SELECT channel, ts FROM slack_messages WHERE investigation_id = $1', [investigationId]);
      return row ? { channel: row.channel, ts: row.ts } : undefined;
    },

    async setSlackMessage(investigationId: string, message: SlackMessageRef): Promise<void> {
      const valid = SlackMessageRefSchema.parse(message);
      await pool.query(
        `INSERT INTO slack_messages (investigation_id, channel, ts) VALUES ($1, $2, $3)
         ON CONFLICT (investigation_id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts`,
        [investigationId, valid.channel, valid.ts],
      );
    },

    async recordInteraction(interaction: KeyedInteraction): Promise<{ recorded: boolean }> {
      const valid = KeyedInteractionSchema.parse(interaction);
      const key = valid.idempotencyKey ?? derivedIdempotencyKey(valid);
      const result = await pool.query(
        `INSERT INTO interactions (investigation_id, kind, finding_rank, user_id, at, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [valid.investigationId, valid.kind, valid.findingRank, valid.userId, isoOf(valid.at), key],
      );
      return { recorded: result.rowCount === 1 };
    },

    async listInteractions(investigationId: string): Promise<Interaction[]> {
      const list = await rows<{ investigation_id: string; kind: string; finding_rank: number; user_id: string; at: Date }>(
        'SELECT investigation_id, kind, finding_rank, user_id, at FROM interactions WHERE investigation_id = $1 ORDER BY id',
        [investigationId],
      );
      return list.map((r) =>
        InteractionSchema.parse({ investigationId: r.investigation_id, kind: r.kind, findingRank: r.finding_rank, userId: r.user_id, at: isoOf(r.at) }),
      );
    },

    async listFindingsWithoutInteraction(query: UntouchedQuery): Promise<UntouchedFinding[]> {
      const valid = UntouchedQuerySchema.parse(query);
      const list = await rows<{ investigation_id: string; rank: number; service: string; fault_type: string; created_at: Date }>(
        `SELECT f.investigation_id, f.rank, f.service, f.fault_type, r.created_at
         FROM findings f JOIN reports r ON r.investigation_id = f.investigation_id
         WHERE r.created_at < $1 AND ($2::timestamptz IS NULL OR r.created_at >= $2) AND NOT EXISTS (
           SELECT 1 FROM interactions i WHERE i.investigation_id = f.investigation_id AND i.finding_rank = f.rank)
         ORDER BY r.created_at, f.investigation_id, f.rank`,
        [isoOf(valid.olderThan), valid.newerThan ? isoOf(valid.newerThan) : null],
      );
      return list.map((r) => ({ investigationId: r.investigation_id, rank: r.rank, service: r.service, faultType: r.fault_type, createdAt: isoOf(r.created_at) }));
    },

    async saveFeedback(feedback: KeyedFeedback): Promise<{ recorded: boolean }> {
      const f = KeyedFeedbackSchema.parse(feedback);
      const key = f.idempotencyKey ?? derivedFeedbackKey(f);
      const result = await pool.query(
        `INSERT INTO feedback (investigation_id, user_id, at, text, corrected_service, corrected_fault_type, finding_rank, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [f.investigationId, f.userId, isoOf(f.at), f.text ?? null, f.correctedService ?? null, f.correctedFaultType ?? null, f.findingRank ?? null, key],
      );
      return { recorded: result.rowCount === 1 };
    },

    async listFeedback(investigationId: string): Promise<Feedback[]> {
      return (await rows<FeedbackRow>('SELECT * FROM feedback WHERE investigation_id = $1 ORDER BY id', [investigationId])).map(feedbackFromRow);
    },

    async listNegativeInvestigations() {
      const ids = (
        await rows<{ investigation_id: string }>(
          `SELECT investigation_id FROM interactions WHERE kind = 'vote_down'
           UNION SELECT investigation_id FROM feedback WHERE corrected_service IS NOT NULL OR corrected_fault_type IS NOT NULL`,
        )
      ).map((r) => r.investigation_id);
      return negativeInvestigations(ids, {
        getInvestigation: (id) => store.getInvestigation(id),
        votes: async (id) =>
          (
            await rows<{ user_id: string; kind: string }>(
              "SELECT user_id, kind FROM interactions WHERE investigation_id = $1 AND kind IN ('vote_up', 'vote_down') ORDER BY id",
              [id],
            )
          ).map((r) => ({ userId: r.user_id, kind: r.kind })),
        listFeedback: (id) => store.listFeedback(id),
      });
    },

    async addGuidance(rule: NewGuidanceRule): Promise<{ added: boolean }> {
      const valid = StoredGuidanceRuleSchema.parse(rule);
      const at = isoOf(valid.createdAt);
      return transaction(async (c) => {
        const inserted = await c.query(
          'INSERT INTO guidance (id, rule_json, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
          [valid.id, ruleJson(valid), valid.createdBy, at],
        );
        if (inserted.rowCount === 0) return { added: false };
        await c.query('INSERT INTO guidance_audit (action, rule_id, text, alert_class, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)', [
          'add',
          valid.id,
          valid.text,
          valid.alertClass,
          valid.createdBy,
          at,
        ]);
        return { added: true };
      });
    },

    async removeGuidance(id: string, change: { by: string; at: string }): Promise<{ removed: boolean }> {
      const by = z.string().min(1).parse(change.by);
      const at = isoOf(z.iso.datetime({ offset: true }).parse(change.at));
      return transaction(async (c) => {
        const deleted = await c.query<{ rule_json: object; created_by: string; created_at: Date }>(
          'DELETE FROM guidance WHERE id = $1 RETURNING rule_json, created_by, created_at',
          [id],
        );
        const row = deleted.rows[0];
        if (!row) return { removed: false };
        const rule = guidanceFromRow(row);
        await c.query('INSERT INTO guidance_audit (action, rule_id, text, alert_class, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)', [
          'remove',
          id,
          rule.text,
          rule.alertClass,
          by,
          at,
        ]);
        return { removed: true };
      });
    },

    async listGuidance(): Promise<StoredGuidanceRule[]> {
      return (await rows<{ rule_json: object; created_by: string; created_at: Date }>('SELECT rule_json, created_by, created_at FROM guidance ORDER BY seq')).map(guidanceFromRow);
    },

    async listGuidanceAudit(): Promise<GuidanceAuditEntry[]> {
      return (
        await rows<{ action: string; rule_id: string; text: string; alert_class: string; by_user: string; at: Date }>(
          'SELECT action, rule_id, text, alert_class, by_user, at FROM guidance_audit ORDER BY seq',
        )
      ).map(auditFromRow);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return store;
}

/**
 * A session advisory lock serialises Ariadne processes migrating one database (the worker and the
 * Slack app starting together); each version then runs in its own transaction.
 */
async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL
      )`);
      const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
      const current = rows[0]?.version ?? 0;
      const latest = latestVersion(migrations);
      if (current > latest) throw newerSchemaError(current, latest);
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (m.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.postgres);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
