// One catalog from several partial views (the YAML catalog, Kubernetes, Datadog APM, spans): each
// knows some services, some fields and some calls; none is complete.
import { compareNames } from '../graph-index.ts';
import type { ServiceNode } from '../service-graph.ts';

/**
 * Merges by service name. Earlier lists win field by field (pass the hand-written catalog first);
 * `kind` is the first specific one (anything but the default 'service'); calls are the union in
 * first-seen order, without self-calls. A callee no list declares becomes a stub `{kind: 'service'}`,
 * so the result is always a closed catalog. Services keep the order they were first seen in.
 */
export function mergeCatalogs(...lists: readonly (readonly ServiceNode[])[]): ServiceNode[] {
  const merged = new Map<string, ServiceNode>();
  for (const list of lists) {
    for (const node of list) {
      const known = merged.get(node.name);
      if (!known) {
        merged.set(node.name, { ...node, dependsOn: unique(node.dependsOn.filter((dep) => dep !== node.name)) });
        continue;
      }
      merged.set(node.name, {
        name: node.name,
        kind: known.kind !== 'service' ? known.kind : node.kind,
        ...pick('language', known, node),
        ...pick('team', known, node),
        ...pick('channel', known, node),
        ...pick('tier', known, node),
        dependsOn: unique([...known.dependsOn, ...node.dependsOn].filter((dep) => dep !== node.name)),
      });
    }
  }
  const missing = new Set<string>();
  for (const node of merged.values()) for (const dep of node.dependsOn) if (!merged.has(dep)) missing.add(dep);
  for (const name of [...missing].sort(compareNames)) merged.set(name, { name, kind: 'service', dependsOn: [] });
  return [...merged.values()];
}

function pick<K extends 'language' | 'team' | 'channel' | 'tier'>(key: K, first: ServiceNode, second: ServiceNode): Partial<Pick<ServiceNode, K>> {
  const value = first[key] ?? second[key];
  return value === undefined ? {} : ({ [key]: value } as Partial<Pick<ServiceNode, K>>);
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
