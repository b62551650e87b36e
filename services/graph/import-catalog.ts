// Kept for existing imports (services/worker/worker.ts, services/mcp/graph): the catalog importer
// now lives with the other importers.
export { CatalogError, CatalogSchema, parseCatalog, readCatalog } from './importers/catalog.ts';
