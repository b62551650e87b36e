// Reads a service catalog in the scenario bundle's topology.yaml format (DESIGN.md), the form a
// platform team keeps in its repo. Errors name the file and the failing path.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ServiceNodeSchema, type ServiceNode } from '../service-graph.ts';

export const CatalogSchema = z.object({
  services: z.array(ServiceNodeSchema).min(1),
});

export class CatalogError extends Error {}

export function parseCatalog(text: string, source = 'catalog'): ServiceNode[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CatalogError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const names = new Set(parsed.data.services.map((s) => s.name));
  for (const [i, service] of parsed.data.services.entries()) {
    for (const [j, dep] of service.dependsOn.entries()) {
      if (!names.has(dep)) throw new CatalogError(`${source}: services.${i}.dependsOn.${j}: unknown service "${dep}"`);
    }
  }
  return parsed.data.services;
}

export async function readCatalog(path: string): Promise<ServiceNode[]> {
  return parseCatalog(await readFile(path, 'utf8'), path);
}
