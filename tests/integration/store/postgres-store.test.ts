// The contract suite against a real Postgres (Debian's server, started here in a temp dir), plus
// what only Postgres has: the advisory-locked migration of one database by two processes at once.
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../services/store/index.ts';
import { MIGRATIONS } from '../../../services/store/migrations.ts';
import { startPostgres, type StartedPostgres } from '../../support/postgres.ts';
import { sampleReport } from '../slack/sample-report.ts';
import { investigationStoreContract } from './investigation-store-contract.ts';

let server: StartedPostgres;
/** Migrated once: the contract tests share it, emptied before each (much faster than a database each). */
const SHARED = 'ariadne_shared';
const sharedUrl = () => server.url.replace(/\/postgres$/, `/${SHARED}`);

beforeAll(async () => {
  server = await startPostgres();
  process.stderr.write(`postgres-store.test: initdb + start took ${server.startupMs} ms\n`);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${SHARED}`);
  await admin.end();
  const store = await openPostgresStore(sharedUrl());
  await store.close();
}, 60_000);
afterAll(async () => server?.stop());

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Empties every table but the migration record, as a fresh store would be. */
async function emptied(url: string): Promise<string> {
  const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'");
  await query(url, `TRUNCATE ${tables.map((t) => t.tablename).join(', ')} RESTART IDENTITY`);
  return url;
}

investigationStoreContract('postgres', async (options) => openPostgresStore(await emptied(sharedUrl()), options));

describe('openPostgresStore', () => {
  it('records each migration once, however often the database is opened', async () => {
    const url = await server.newDatabase();
    await (await openPostgresStore(url)).close();
    const again = await openPostgresStore(url);
    await again.saveReport(sampleReport(), 1);
    await again.close();
    const versions = await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('migrates once when two processes open a fresh database at the same moment', async () => {
    const url = await server.newDatabase();
    const [worker, slackApp] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    await worker.saveReport(sampleReport(), 1);
    expect((await slackApp.getReport(sampleReport().investigationId))?.revision).toBe(1);
    await Promise.all([worker.close(), slackApp.close()]);
    expect(await query(url, 'SELECT COUNT(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
  });

  it('keeps findings and evidence in their own tables', async () => {
    const url = await server.newDatabase();
    const store = await openPostgresStore(url);
    await store.saveReport(sampleReport(), 1);
    await store.close();
    expect(await query(url, 'SELECT rank, service, fault_type FROM findings ORDER BY rank')).toEqual([
      { rank: 1, service: 'inventory-service', fault_type: 'bad_deploy' },
      { rank: 2, service: 'payments-service', fault_type: 'bad_deploy' },
    ]);
    expect(await query(url, "SELECT kind FROM evidence WHERE finding_rank = 1 AND lines_json IS NOT NULL ORDER BY position")).toEqual([
      { kind: 'event' },
      { kind: 'logs' },
    ]);
  });

  it('upgrades a version 1 database: findings backfilled from stored reports', async () => {
    const url = await server.newDatabase();
    await query(url, 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
    await query(url, MIGRATIONS[0]!.postgres);
    await query(url, "INSERT INTO schema_migrations VALUES (1, 'v1', now())");
    await query(url, 'INSERT INTO reports VALUES ($1, 2, $2, $3)', [sampleReport().investigationId, JSON.stringify(sampleReport()), '2026-11-20T13:31:00Z']);
    await query(url, "INSERT INTO interactions (investigation_id, kind, finding_rank, user_id, at) VALUES ($1, 'expand', 1, 'U1', '2026-11-20T14:00:00Z')", [
      sampleReport().investigationId,
    ]);
    const store = await openPostgresStore(url);
    expect(await store.getInvestigation(sampleReport().investigationId)).toMatchObject({
      revision: 2,
      outcome: 'found',
      createdAt: '2026-11-20T13:31:00.000Z',
      topFinding: { service: 'inventory-service', confidence: 0.86 },
    });
    expect((await store.listFindingsWithoutInteraction({ olderThan: '2026-11-21T00:00:00Z' })).map((f) => f.rank)).toEqual([2]);
    await store.close();
    expect(await query(url, 'SELECT COUNT(*)::int AS n FROM evidence')).toEqual([{ n: 4 }]);
  });

  it('refuses a database migrated by a newer build, naming both versions', async () => {
    const url = await server.newDatabase();
    await (await openPostgresStore(url, { migrations: [...MIGRATIONS, { version: 9, name: 'x', sqlite: 'SELECT 1', postgres: 'SELECT 1' }] })).close();
    await expect(openPostgresStore(url)).rejects.toThrow(new RegExp(`schema version 9 is newer than this build knows \\(${MIGRATIONS.length}\\)`));
  });

  it('names the server without its password when it cannot connect', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(openPostgresStore(`postgresql://ariadne:s3cret@127.0.0.1:${closedPort}/postgres`)).rejects.toThrow(
      /cannot open the investigation store at postgresql:\/\/ariadne:\*\*\*@127\.0\.0\.1/,
    );
  });
});
