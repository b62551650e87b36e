export * from './investigation-store.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';
export { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.ts';
export { openPostgresStore, type PostgresStoreOptions } from './open-postgres-store.ts';
export { isPostgresUrl, openStore } from './open-store.ts';
export { buildInvestigationBundle, CatalogSchema, groundTruthFrom, scenarioIdFor, type BuiltBundle, type BundleInput, type CatalogService } from './investigation-bundle.ts';
export { exportInvestigationBundle, UnknownInvestigationError, type ExportedInvestigationBundle, type ExportOptions } from './export-bundle.ts';
export { registerInvestigationCommands, type OpenStore } from './cli.ts';
