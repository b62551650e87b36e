// One place that turns a configured location into a store: a postgres:// or postgresql:// URL opens
// Postgres, anything else is a SQLite file path (or :memory:).
import type { InvestigationStore, StoreClockOptions } from './investigation-store.ts';
import { openPostgresStore } from './open-postgres-store.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export async function openStore(location: string, options: StoreClockOptions = {}): Promise<InvestigationStore> {
  return isPostgresUrl(location) ? openPostgresStore(location, options) : openSqliteStore(location, options);
}
