// The embedded default store: one SQLite file through node:sqlite (no native build). The worker and
// the Slack app may open the same file at once, hence WAL (readers never block the writer) and a
// busy timeout (a writer waits for the other process instead of failing with SQLITE_BUSY).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { ReportSchema, type Report } from '../agent/types.ts';
import {
  InteractionSchema,
  SlackMessageRefSchema,
  type Interaction,
  type InvestigationStore,
  type SlackMessageRef,
  type StoredReport,
} from './investigation-store.ts';
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.ts';

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing; default 5 s. */
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
}

const RevisionSchema = z.number().int().nonnegative();

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): InvestigationStore {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && !path.startsWith('file:')) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    migrate(db, options.migrations ?? SQLITE_MIGRATIONS);
  } catch (error) {
    db.close();
    throw new Error(`cannot open the investigation store at ${path}: ${(error as Error).message}`, { cause: error });
  }

  const upsertReport = db.prepare(`
    INSERT INTO reports (investigation_id, revision, report_json, saved_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (investigation_id) DO UPDATE
      SET revision = excluded.revision, report_json = excluded.report_json, saved_at = excluded.saved_at
      WHERE excluded.revision >= reports.revision`);
  const selectReport = db.prepare('SELECT revision, report_json FROM reports WHERE investigation_id = ?');
  const upsertMessage = db.prepare(`
    INSERT INTO slack_messages (investigation_id, channel, ts) VALUES (?, ?, ?)
    ON CONFLICT (investigation_id) DO UPDATE SET channel = excluded.channel, ts = excluded.ts`);
  const selectMessage = db.prepare('SELECT channel, ts FROM slack_messages WHERE investigation_id = ?');
  const insertInteraction = db.prepare(
    'INSERT INTO interactions (investigation_id, kind, finding_rank, user_id, at) VALUES (?, ?, ?, ?, ?)',
  );
  const selectInteractions = db.prepare(
    'SELECT investigation_id, kind, finding_rank, user_id, at FROM interactions WHERE investigation_id = ? ORDER BY id',
  );
  let closed = false;

  return {
    async saveReport(report: Report, revision: number): Promise<void> {
      const valid = ReportSchema.parse(report);
      RevisionSchema.parse(revision);
      upsertReport.run(valid.investigationId, revision, JSON.stringify(valid), new Date().toISOString());
    },

    async getReport(investigationId: string): Promise<StoredReport | undefined> {
      const row = selectReport.get(investigationId) as { revision: number; report_json: string } | undefined;
      if (!row) return undefined;
      const parsed = ReportSchema.safeParse(JSON.parse(row.report_json));
      if (!parsed.success) {
        throw new Error(`stored report ${investigationId} does not match ReportSchema: ${z.prettifyError(parsed.error)}`);
      }
      return { report: parsed.data, revision: row.revision };
    },

    async getSlackMessage(investigationId: string): Promise<SlackMessageRef | undefined> {
      const row = selectMessage.get(investigationId) as { channel: string; ts: string } | undefined;
      return row ? { channel: row.channel, ts: row.ts } : undefined;
    },

    async setSlackMessage(investigationId: string, message: SlackMessageRef): Promise<void> {
      const valid = SlackMessageRefSchema.parse(message);
      upsertMessage.run(investigationId, valid.channel, valid.ts);
    },

    async recordInteraction(interaction: Interaction): Promise<void> {
      const valid = InteractionSchema.parse(interaction);
      insertInteraction.run(valid.investigationId, valid.kind, valid.findingRank, valid.userId, valid.at);
    },

    async listInteractions(investigationId: string): Promise<Interaction[]> {
      const rows = selectInteractions.all(investigationId) as {
        investigation_id: string;
        kind: string;
        finding_rank: number;
        user_id: string;
        at: string;
      }[];
      return rows.map((r) =>
        InteractionSchema.parse({
          investigationId: r.investigation_id,
          kind: r.kind,
          findingRank: r.finding_rank,
          userId: r.user_id,
          at: r.at,
        }),
      );
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/**
 * Applies pending migrations inside one IMMEDIATE transaction, so two processes opening a fresh
 * file at once cannot both apply version 1: the second waits, then finds nothing to do.
 */
function migrate(db: DatabaseSync, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  db.exec('BEGIN IMMEDIATE');
  try {
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new Error(`schema version ${current} is newer than this build knows (${latest}); upgrade Ariadne`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
