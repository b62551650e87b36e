import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../services/store/index.ts';
import { MIGRATIONS } from '../../../services/store/migrations.ts';
import { sampleReport } from '../slack/sample-report.ts';
import { investigationStoreContract } from './investigation-store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
const nextFile = () => join(dir, `nested-${++fileCounter}`, 'ariadne.db');

investigationStoreContract('sqlite :memory:', (options) => openSqliteStore(':memory:', options));
investigationStoreContract('sqlite file', (options) => openSqliteStore(nextFile(), options));

describe('openSqliteStore', () => {
  it('creates the parent directory and uses WAL for a file', async () => {
    const file = nextFile();
    const store = openSqliteStore(file);
    await store.close();
    expect(existsSync(file)).toBe(true);
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('records each migration once, however often the file is opened', async () => {
    const file = nextFile();
    const first = openSqliteStore(file);
    await first.saveReport(sampleReport(), 1);
    await first.close();
    const second = openSqliteStore(file);
    expect((await second.getReport(sampleReport().investigationId))?.revision).toBe(1);
    await second.close();
    const db = new DatabaseSync(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('applies a new migration to an existing file without touching its data', async () => {
    const file = nextFile();
    const v1 = openSqliteStore(file);
    await v1.saveReport(sampleReport(), 4);
    await v1.close();
    const next = [...MIGRATIONS, { version: 99, name: 'notes', sqlite: 'CREATE TABLE notes (id INTEGER PRIMARY KEY)', postgres: 'unused here' }];
    const v2 = openSqliteStore(file, { migrations: next });
    expect((await v2.getReport(sampleReport().investigationId))?.revision).toBe(4);
    await v2.close();
    const db = new DatabaseSync(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").get()).toEqual({ name: 'notes' });
    db.close();
  });

  it('refuses a file migrated by a newer build, naming both versions', async () => {
    const file = nextFile();
    const newer = openSqliteStore(file, { migrations: [...MIGRATIONS, { version: 7, name: 'x', sqlite: 'SELECT 1', postgres: 'SELECT 1' }] });
    await newer.close();
    expect(() => openSqliteStore(file)).toThrow(new RegExp(`schema version 7 is newer than this build knows \\(${MIGRATIONS.length}\\)`));
  });

  it('two handles on one file see each other\'s writes', async () => {
    const file = nextFile();
    const worker = openSqliteStore(file);
    const slackApp = openSqliteStore(file);
    await worker.saveReport(sampleReport(), 1);
    await slackApp.setSlackMessage(sampleReport().investigationId, { channel: 'C0ALERTS01', ts: '1795181400.000100' });
    expect((await slackApp.getReport(sampleReport().investigationId))?.revision).toBe(1);
    expect(await worker.getSlackMessage(sampleReport().investigationId)).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000100' });
    await worker.close();
    await slackApp.close();
  });

  it('waits for another process holding the write lock instead of failing with SQLITE_BUSY', async () => {
    const file = nextFile();
    await openSqliteStore(file).close();
    // A second process takes the write lock, says so, and releases it 400 ms later.
    const holder = spawn(process.execPath, [
      '-e',
      `const { DatabaseSync } = require('node:sqlite');
       const db = new DatabaseSync(${JSON.stringify(file)});
       db.exec('BEGIN IMMEDIATE');
       db.exec("INSERT INTO slack_messages VALUES ('investigate-other', 'C0ALERTS01', '1795181400.000100')");
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
    ]);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    });
    const started = Date.now();
    const store = openSqliteStore(file, { busyTimeoutMs: 5000 });
    await store.saveReport(sampleReport(), 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(await store.getSlackMessage('investigate-other')).toEqual({ channel: 'C0ALERTS01', ts: '1795181400.000100' });
    await store.close();
  });

  it('keeps findings and evidence in their own tables, queryable without the report JSON', async () => {
    const file = nextFile();
    const store = openSqliteStore(file);
    await store.saveReport(sampleReport(), 1);
    await store.close();
    const db = new DatabaseSync(file);
    const findings = db.prepare('SELECT rank, service, fault_type FROM findings ORDER BY rank').all();
    const evidence = db.prepare("SELECT kind, service FROM evidence WHERE finding_rank = 1 ORDER BY position").all();
    db.close();
    expect(findings).toEqual([
      { rank: 1, service: 'inventory-service', fault_type: 'bad_deploy' },
      { rank: 2, service: 'payments-service', fault_type: 'bad_deploy' },
    ]);
    expect(evidence).toEqual([
      { kind: 'event', service: 'inventory-service' },
      { kind: 'logs', service: 'inventory-service' },
      { kind: 'metric', service: 'inventory-service' },
    ]);
  });

  it('upgrades a version 1 file: findings backfilled from stored reports, old interactions kept', async () => {
    const file = nextFile();
    // A file as the version 1 build left it (that build's store cannot be opened by this code).
    mkdirSync(dirname(file), { recursive: true });
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    db.exec(MIGRATIONS[0]!.sqlite);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(MIGRATIONS[0]!.name, '2026-11-01T00:00:00.000Z');
    db.prepare('INSERT INTO reports VALUES (?, ?, ?, ?)').run(sampleReport().investigationId, 2, JSON.stringify(sampleReport()), '2026-11-20T13:31:00.000Z');
    db.prepare('INSERT INTO interactions (investigation_id, kind, finding_rank, user_id, at) VALUES (?, ?, ?, ?, ?)').run(
      sampleReport().investigationId, 'expand', 1, 'U1', '2026-11-20T14:00:00.000Z');
    db.close();

    const store = openSqliteStore(file);
    const summary = await store.getInvestigation(sampleReport().investigationId);
    expect(summary).toMatchObject({ revision: 2, outcome: 'found', createdAt: '2026-11-20T13:31:00.000Z', topFinding: { service: 'inventory-service' } });
    expect(await store.listInteractions(sampleReport().investigationId)).toHaveLength(1);
    // The old row's derived key still deduplicates a retry of the same click.
    const retry = { investigationId: sampleReport().investigationId, kind: 'expand' as const, findingRank: 1, userId: 'U1', at: '2026-11-20T14:00:00.000Z' };
    expect(await store.recordInteraction(retry)).toEqual({ recorded: false });
    expect((await store.listFindingsWithoutInteraction({ olderThan: '2026-11-21T00:00:00Z' })).map((f) => f.rank)).toEqual([2]);
    await store.close();
    const check = new DatabaseSync(file);
    expect(check.prepare('SELECT COUNT(*) AS n FROM evidence').get()).toEqual({ n: 4 });
    check.close();
  });

  it('rolls back a failing migration alone, keeping the versions before it', async () => {
    const file = nextFile();
    const broken = [...MIGRATIONS, { version: 50, name: 'broken', sqlite: 'CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table;', postgres: '' }];
    expect(() => openSqliteStore(file, { migrations: broken })).toThrow(/migration 50 \(broken\) failed: .*no_such_table/);
    const db = new DatabaseSync(file);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.length });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});
