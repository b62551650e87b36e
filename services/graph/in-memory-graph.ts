import { createGraphIndex, normalizeNodes } from './graph-index.ts';
import type { ServiceGraph, ServiceNode } from './service-graph.ts';

/** The embedded default backend: the whole catalog held in maps. */
export function createInMemoryGraph(nodes: ServiceNode[]): ServiceGraph {
  const index = createGraphIndex(normalizeNodes(nodes));
  return {
    async getService(name) {
      return index.node(name);
    },
    async dependencies(name) {
      return index.dependencies(name);
    },
    async dependents(name) {
      return index.dependents(name);
    },
    async neighbourhood(name, hops) {
      return index.neighbourhood(name, hops);
    },
    async upstream(name, hops) {
      return index.reach(name, 'upstream', hops);
    },
    async downstream(name, hops) {
      return index.reach(name, 'downstream', hops);
    },
    async blastRadius(name, maxHops) {
      return index.blastRadius(name, maxHops);
    },
    async paths(from, to, maxHops, limit) {
      return index.paths(from, to, maxHops, limit);
    },
    async close() {},
  };
}
