import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../services/store/index.ts';
import { SQLITE_MIGRATIONS } from '../../../services/store/sqlite-migrations.ts';
import { sampleReport } from '../slack/sample-report.ts';
import { investigationStoreContract } from './investigation-store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
const nextFile = () => join(dir, `nested-${++fileCounter}`, 'ariadne.db');

investigationStoreContract('sqlite :memory:', () => openSqliteStore(':memory:'));
investigationStoreContract('sqlite file', () => openSqliteStore(nextFile()));

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
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('applies a new migration to an existing file without touching its data', async () => {
    const file = nextFile();
    const v1 = openSqliteStore(file);
    await v1.saveReport(sampleReport(), 4);
    await v1.close();
    const next = [...SQLITE_MIGRATIONS, { version: 99, name: 'feedback', sql: 'CREATE TABLE feedback (id INTEGER PRIMARY KEY)' }];
    const v2 = openSqliteStore(file, { migrations: next });
    expect((await v2.getReport(sampleReport().investigationId))?.revision).toBe(4);
    await v2.close();
    const db = new DatabaseSync(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'feedback'").get()).toEqual({ name: 'feedback' });
    db.close();
  });

  it('refuses a file migrated by a newer build, naming both versions', async () => {
    const file = nextFile();
    const newer = openSqliteStore(file, { migrations: [...SQLITE_MIGRATIONS, { version: 7, name: 'x', sql: 'SELECT 1' }] });
    await newer.close();
    expect(() => openSqliteStore(file)).toThrow(/schema version 7 is newer than this build knows \(1\)/);
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
});
