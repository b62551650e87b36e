// One list of schema versions, each with its SQL for both dialects side by side, so the backends can
// never drift apart. Append-only: a migration that has shipped is never edited, a change is a new
// version. Each version runs in its own transaction and is recorded in schema_migrations.
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const INTERACTION_KINDS_SQL = `'expand', 'collapse', 'search_further', 'vote_up', 'vote_down', 'feedback_opened', 'feedback_submitted', 'ignored'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, slack messages, interactions',
    sqlite: `
      CREATE TABLE reports (
        investigation_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        report_json TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
      CREATE TABLE slack_messages (
        investigation_id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        ts TEXT NOT NULL
      );
      CREATE TABLE interactions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        investigation_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('expand', 'collapse')),
        finding_rank INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX interactions_by_investigation ON interactions (investigation_id, id);
    `,
    postgres: `
      CREATE TABLE reports (
        investigation_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        report_json JSONB NOT NULL,
        saved_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE slack_messages (
        investigation_id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        ts TEXT NOT NULL
      );
      CREATE TABLE interactions (
        id BIGSERIAL PRIMARY KEY,
        investigation_id TEXT NOT NULL,
        kind TEXT NOT NULL CONSTRAINT interactions_kind_check CHECK (kind IN ('expand', 'collapse')),
        finding_rank INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX interactions_by_investigation ON interactions (investigation_id, id);
    `,
  },
  {
    version: 2,
    name: 'findings, evidence, observations, feedback, guidance and its audit, keyed interactions',
    // SQLite cannot alter a CHECK constraint, so interactions is rebuilt; existing findings are
    // backfilled from the stored report JSON so old investigations stay queryable.
    sqlite: `
      ALTER TABLE reports ADD COLUMN created_at TEXT;
      ALTER TABLE reports ADD COLUMN outcome TEXT;
      ALTER TABLE reports ADD COLUMN alert_class TEXT;
      ALTER TABLE reports ADD COLUMN channel TEXT;
      ALTER TABLE reports ADD COLUMN thread_ts TEXT;
      UPDATE reports SET created_at = saved_at, outcome = json_extract(report_json, '$.outcome');
      CREATE INDEX reports_by_created ON reports (created_at);
      CREATE INDEX reports_by_class ON reports (alert_class, created_at);

      CREATE TABLE findings (
        investigation_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        service TEXT NOT NULL,
        fault_type TEXT NOT NULL,
        confidence REAL NOT NULL,
        summary TEXT NOT NULL,
        next_step TEXT NOT NULL,
        PRIMARY KEY (investigation_id, rank)
      );
      CREATE INDEX findings_by_service ON findings (service, fault_type);
      CREATE TABLE evidence (
        investigation_id TEXT NOT NULL,
        finding_rank INTEGER NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        service TEXT NOT NULL,
        summary TEXT NOT NULL,
        query TEXT,
        lines_json TEXT,
        at TEXT,
        points_json TEXT,
        change_at TEXT,
        unit TEXT,
        PRIMARY KEY (investigation_id, finding_rank, position)
      );
      INSERT INTO findings (investigation_id, rank, service, fault_type, confidence, summary, next_step)
        SELECT r.investigation_id, json_extract(f.value, '$.rank'), json_extract(f.value, '$.service'),
               json_extract(f.value, '$.faultType'), json_extract(f.value, '$.confidence'),
               json_extract(f.value, '$.summary'), json_extract(f.value, '$.nextStep')
        FROM reports r, json_each(r.report_json, '$.findings') f;
      INSERT INTO evidence (investigation_id, finding_rank, position, kind, service, summary, query, lines_json, at, points_json, change_at, unit)
        SELECT r.investigation_id, json_extract(f.value, '$.rank'), e.key, json_extract(e.value, '$.kind'),
               json_extract(e.value, '$.service'), json_extract(e.value, '$.summary'), json_extract(e.value, '$.query'),
               json(json_extract(e.value, '$.lines')), json_extract(e.value, '$.at'), json(json_extract(e.value, '$.points')),
               json_extract(e.value, '$.changeAt'), json_extract(e.value, '$.unit')
        FROM reports r, json_each(r.report_json, '$.findings') f, json_each(f.value, '$.evidence') e;

      CREATE TABLE observations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        investigation_id TEXT NOT NULL,
        call_id TEXT NOT NULL,
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments_json TEXT NOT NULL,
        status TEXT NOT NULL,
        structured_json TEXT,
        summary TEXT NOT NULL,
        error TEXT,
        retryable INTEGER,
        duration_ms REAL NOT NULL,
        UNIQUE (investigation_id, call_id)
      );

      CREATE TABLE interactions_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        investigation_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN (${INTERACTION_KINDS_SQL})),
        finding_rank INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        at TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE
      );
      INSERT OR IGNORE INTO interactions_v2 (id, investigation_id, kind, finding_rank, user_id, at, idempotency_key)
        SELECT id, investigation_id, kind, finding_rank, user_id, at,
               investigation_id || '|' || kind || '|' || finding_rank || '|' || user_id || '|' || at
        FROM interactions ORDER BY id;
      DROP TABLE interactions;
      ALTER TABLE interactions_v2 RENAME TO interactions;
      CREATE INDEX interactions_by_investigation ON interactions (investigation_id, id);
      CREATE INDEX interactions_by_finding ON interactions (investigation_id, finding_rank);

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        investigation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at TEXT NOT NULL,
        text TEXT,
        corrected_service TEXT,
        corrected_fault_type TEXT,
        finding_rank INTEGER,
        idempotency_key TEXT NOT NULL UNIQUE
      );
      CREATE INDEX feedback_by_investigation ON feedback (investigation_id, id);

      CREATE TABLE guidance (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        rule_json TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE guidance_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
        rule_id TEXT NOT NULL,
        text TEXT NOT NULL,
        alert_class TEXT NOT NULL,
        by_user TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
    postgres: `
      ALTER TABLE reports ADD COLUMN created_at TIMESTAMPTZ;
      ALTER TABLE reports ADD COLUMN outcome TEXT;
      ALTER TABLE reports ADD COLUMN alert_class TEXT;
      ALTER TABLE reports ADD COLUMN channel TEXT;
      ALTER TABLE reports ADD COLUMN thread_ts TEXT;
      UPDATE reports SET created_at = saved_at, outcome = report_json->>'outcome';
      CREATE INDEX reports_by_created ON reports (created_at);
      CREATE INDEX reports_by_class ON reports (alert_class, created_at);

      CREATE TABLE findings (
        investigation_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        service TEXT NOT NULL,
        fault_type TEXT NOT NULL,
        confidence DOUBLE PRECISION NOT NULL,
        summary TEXT NOT NULL,
        next_step TEXT NOT NULL,
        PRIMARY KEY (investigation_id, rank)
      );
      CREATE INDEX findings_by_service ON findings (service, fault_type);
      CREATE TABLE evidence (
        investigation_id TEXT NOT NULL,
        finding_rank INTEGER NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        service TEXT NOT NULL,
        summary TEXT NOT NULL,
        query TEXT,
        lines_json JSONB,
        at TEXT,
        points_json JSONB,
        change_at TEXT,
        unit TEXT,
        PRIMARY KEY (investigation_id, finding_rank, position)
      );
      INSERT INTO findings (investigation_id, rank, service, fault_type, confidence, summary, next_step)
        SELECT r.investigation_id, (f->>'rank')::int, f->>'service', f->>'faultType', (f->>'confidence')::double precision,
               f->>'summary', f->>'nextStep'
        FROM reports r, jsonb_array_elements(r.report_json->'findings') f;
      INSERT INTO evidence (investigation_id, finding_rank, position, kind, service, summary, query, lines_json, at, points_json, change_at, unit)
        SELECT r.investigation_id, (f->>'rank')::int, (e.ordinality - 1)::int, e.value->>'kind', e.value->>'service',
               e.value->>'summary', e.value->>'query', e.value->'lines', e.value->>'at', e.value->'points',
               e.value->>'changeAt', e.value->>'unit'
        FROM reports r, jsonb_array_elements(r.report_json->'findings') f,
             jsonb_array_elements(f->'evidence') WITH ORDINALITY e(value, ordinality);

      CREATE TABLE observations (
        id BIGSERIAL PRIMARY KEY,
        investigation_id TEXT NOT NULL,
        call_id TEXT NOT NULL,
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments_json JSONB NOT NULL,
        status TEXT NOT NULL,
        structured_json JSONB,
        summary TEXT NOT NULL,
        error TEXT,
        retryable BOOLEAN,
        duration_ms DOUBLE PRECISION NOT NULL,
        UNIQUE (investigation_id, call_id)
      );

      ALTER TABLE interactions DROP CONSTRAINT interactions_kind_check;
      ALTER TABLE interactions ADD CONSTRAINT interactions_kind_check CHECK (kind IN (${INTERACTION_KINDS_SQL}));
      ALTER TABLE interactions ADD COLUMN idempotency_key TEXT;
      UPDATE interactions SET idempotency_key =
        investigation_id || '|' || kind || '|' || finding_rank || '|' || user_id || '|' ||
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '#' || id;
      ALTER TABLE interactions ALTER COLUMN idempotency_key SET NOT NULL;
      ALTER TABLE interactions ADD CONSTRAINT interactions_idempotency_key_unique UNIQUE (idempotency_key);
      CREATE INDEX interactions_by_finding ON interactions (investigation_id, finding_rank);

      CREATE TABLE feedback (
        id BIGSERIAL PRIMARY KEY,
        investigation_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        text TEXT,
        corrected_service TEXT,
        corrected_fault_type TEXT,
        finding_rank INTEGER,
        idempotency_key TEXT NOT NULL UNIQUE
      );
      CREATE INDEX feedback_by_investigation ON feedback (investigation_id, id);

      CREATE TABLE guidance (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        rule_json JSONB NOT NULL,
        created_by TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE guidance_audit (
        seq BIGSERIAL PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
        rule_id TEXT NOT NULL,
        text TEXT NOT NULL,
        alert_class TEXT NOT NULL,
        by_user TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

export function newerSchemaError(current: number, latest: number): Error {
  return new Error(`schema version ${current} is newer than this build knows (${latest}); upgrade Ariadne`);
}
