// The traversal logic both backends share. The in-memory backend indexes the whole catalog; the
// Neo4j backend has Neo4j find the bounded subgraph a question needs and indexes just that. Walks,
// tie-breaks and orderings are computed here, once, so the two backends agree to the element.
import {
  clampHops,
  DEFAULT_PATHS_LIMIT,
  MAX_PATHS_EXPLORED,
  type BlastRadius,
  type Neighbourhood,
  type ReachedService,
  type ServiceNode,
} from './service-graph.ts';

export type Direction = 'upstream' | 'downstream';

/** Code-unit order, the order Cypher's ORDER BY uses for strings (localeCompare would differ). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One record per name (the last wins), no self-calls or repeated callees, and a stub
 * `{name, kind: 'service'}` for every callee that is never declared (unless `stubs: false`): what
 * both backends store.
 */
export function normalizeNodes(nodes: readonly ServiceNode[], options: { stubs?: boolean } = {}): ServiceNode[] {
  const byName = new Map<string, ServiceNode>();
  for (const node of nodes) {
    const dependsOn = [...new Set(node.dependsOn)].filter((dep) => dep !== node.name);
    byName.set(node.name, { ...node, dependsOn });
  }
  if (options.stubs === false) return [...byName.values()];
  const stubs = new Set<string>();
  for (const node of byName.values()) for (const dep of node.dependsOn) if (!byName.has(dep)) stubs.add(dep);
  for (const name of [...stubs].sort(compareNames)) byName.set(name, { name, kind: 'service', dependsOn: [] });
  return [...byName.values()];
}

export interface GraphIndex {
  node(name: string): ServiceNode | undefined;
  dependencies(name: string): string[];
  dependents(name: string): string[];
  neighbourhood(name: string, hops: number): Neighbourhood;
  reach(name: string, direction: Direction, hops: number): ReachedService[];
  blastRadius(name: string, hops: number): BlastRadius;
  paths(from: string, to: string, maxHops: number, limit?: number): string[][];
}

/**
 * `callerCounts` gives the number of callers each node has in the whole graph, when `nodes` is only a
 * subgraph (a node at the edge of it may have callers outside); by default callers are counted in `nodes`.
 */
export function createGraphIndex(nodes: readonly ServiceNode[], callerCounts?: ReadonlyMap<string, number>): GraphIndex {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const callers = new Map<string, string[]>();
  for (const node of nodes) {
    for (const callee of node.dependsOn) callers.set(callee, [...(callers.get(callee) ?? []), node.name]);
  }
  for (const list of callers.values()) list.sort(compareNames);

  const dependencies = (name: string) => [...(byName.get(name)?.dependsOn ?? [])];
  const dependents = (name: string) => [...(callers.get(name) ?? [])];
  const step = (name: string, direction: Direction) =>
    [...new Set(direction === 'downstream' ? dependencies(name) : dependents(name))].sort(compareNames);

  function reach(start: string, direction: Direction, hops: number): ReachedService[] {
    // Breadth-first with neighbours in name order: the first time a service is reached is through
    // the name-wise smallest of its shortest walks (the frontier stays sorted by walk).
    const limit = clampHops(hops);
    const seen = new Map<string, ReachedService>([[start, { name: start, hops: 0, path: [start] }]]);
    let frontier = [start];
    for (let hop = 1; hop <= limit && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const current of frontier) {
        const via = seen.get(current)!;
        for (const neighbour of step(current, direction)) {
          if (seen.has(neighbour)) continue;
          seen.set(neighbour, { name: neighbour, hops: hop, path: [...via.path, neighbour] });
          next.push(neighbour);
        }
      }
      frontier = next;
    }
    seen.delete(start);
    return [...seen.values()].sort((a, b) => a.hops - b.hops || compareNames(a.name, b.name));
  }

  return {
    node: (name) => byName.get(name),
    dependencies,
    dependents,
    neighbourhood(name, hops) {
      const limit = clampHops(hops);
      const seen = new Set<string>([name]);
      let frontier = [name];
      for (let hop = 0; hop < limit; hop++) {
        const next: string[] = [];
        for (const current of frontier) {
          for (const neighbour of [...dependencies(current), ...dependents(current)]) {
            if (!seen.has(neighbour)) {
              seen.add(neighbour);
              next.push(neighbour);
            }
          }
        }
        frontier = next;
      }
      const services = [...seen].map((s) => byName.get(s) ?? { name: s, kind: 'service' as const, dependsOn: [] });
      const edges = services.flatMap((s) => s.dependsOn.filter((d) => seen.has(d)).map((d) => ({ from: s.name, to: d })));
      return { services, edges };
    },
    reach,
    blastRadius(name, hops) {
      const affected = reach(name, 'upstream', hops);
      const callerCount = (n: string) => callerCounts?.get(n) ?? dependents(n).length;
      const entryPoints = affected.filter((r) => callerCount(r.name) === 0).map((r) => r.name).sort(compareNames);
      return { service: name, affected, entryPoints };
    },
    paths(from, to, maxHops, limit = DEFAULT_PATHS_LIMIT) {
      const hopLimit = clampHops(maxHops);
      if (from === to || !byName.has(from) || limit <= 0) return [];
      // Breadth-first over simple walks, one length at a time, each level in name order: paths come
      // out shortest first and name-ordered, so the work can stop at `limit`, and the exploration
      // cap (dense graphs have exponentially many walks) only ever cuts off the longer paths.
      const found: string[][] = [];
      let level: string[][] = [[from]];
      let explored = 0;
      for (let hop = 1; hop <= hopLimit && level.length > 0 && found.length < limit; hop++) {
        const next: string[][] = [];
        for (const path of level) {
          for (const callee of step(path[path.length - 1]!, 'downstream')) {
            if (path.includes(callee)) continue;
            if (++explored > MAX_PATHS_EXPLORED || found.length >= limit) return found;
            if (callee === to) found.push([...path, callee]);
            else next.push([...path, callee]);
          }
        }
        level = next;
      }
      return found;
    },
  };
}
