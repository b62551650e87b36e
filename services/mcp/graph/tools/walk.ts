// Breadth-first walks over the ServiceGraph interface only (no backend query language), so the
// same tools work on the in-memory graph and on Neo4j. Neighbours are visited in name order, which
// makes every result independent of the backend's ordering.
import type { ServiceGraph, ServiceNode } from '../../../graph/service-graph.ts';

export type Direction = 'upstream' | 'downstream';

export interface Reached {
  name: string;
  hops: number;
  /** The services from the start to this one, both included (a shortest path). */
  path: string[];
}

/** Upstream = callers (who depends on me), downstream = callees (what I depend on). */
export async function step(graph: ServiceGraph, name: string, direction: Direction): Promise<string[]> {
  const next = direction === 'downstream' ? await graph.dependencies(name) : await graph.dependents(name);
  return [...new Set(next)].sort();
}

/** Every service reachable from `start` in `direction` within `maxHops`, nearest first (the start excluded). */
export async function walk(graph: ServiceGraph, start: string, direction: Direction, maxHops: number): Promise<Reached[]> {
  const seen = new Map<string, Reached>([[start, { name: start, hops: 0, path: [start] }]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const current of frontier) {
      const via = seen.get(current) as Reached;
      for (const neighbour of await step(graph, current, direction)) {
        if (seen.has(neighbour)) continue;
        seen.set(neighbour, { name: neighbour, hops: hop, path: [...via.path, neighbour] });
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  seen.delete(start);
  return [...seen.values()].sort((a, b) => a.hops - b.hops || a.name.localeCompare(b.name));
}

/** The catalog facts worth showing next to a service name. */
export function nodeFacts(node: ServiceNode | undefined): { kind: string; language?: string; team?: string; channel?: string; tier?: number } {
  if (!node) return { kind: 'unknown' };
  return {
    kind: node.kind,
    ...(node.language ? { language: node.language } : {}),
    ...(node.team ? { team: node.team } : {}),
    ...(node.channel ? { channel: node.channel } : {}),
    ...(node.tier !== undefined ? { tier: node.tier } : {}),
  };
}


/** Failures of the graph backend (a Neo4j connection, say) as one sentence; they are usually transient. */
export function graphFailure(error: unknown, doing: string): { message: string; retryable: boolean } {
  const text = error instanceof Error ? error.message : String(error);
  return { message: `The service graph failed while ${doing}: ${text.slice(0, 200)}; retry in a few seconds.`, retryable: true };
}
