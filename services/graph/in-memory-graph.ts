import type { Neighbourhood, ServiceGraph, ServiceNode } from './service-graph.ts';

/** The embedded default backend: the whole catalog held in maps. */
export function createInMemoryGraph(nodes: ServiceNode[]): ServiceGraph {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const callers = new Map<string, string[]>();
  for (const node of nodes) {
    for (const callee of node.dependsOn) {
      callers.set(callee, [...(callers.get(callee) ?? []), node.name]);
    }
  }
  const dependencies = (name: string) => [...(byName.get(name)?.dependsOn ?? [])];
  const dependents = (name: string) => [...(callers.get(name) ?? [])].sort();

  return {
    async getService(name) {
      return byName.get(name);
    },
    async dependencies(name) {
      return dependencies(name);
    },
    async dependents(name) {
      return dependents(name);
    },
    async neighbourhood(name, hops): Promise<Neighbourhood> {
      const seen = new Set<string>([name]);
      let frontier = [name];
      for (let hop = 0; hop < hops; hop++) {
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
    async close() {},
  };
}
