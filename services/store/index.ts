export * from './investigation-store.ts';
export { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.ts';
