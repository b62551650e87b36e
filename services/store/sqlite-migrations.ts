// Append-only: a migration that has shipped is never edited, a change is a new version.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, slack messages, interactions',
    sql: `
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
  },
];
