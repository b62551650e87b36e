import { describe, expect, it } from 'vitest';
import { createGraphIndex, normalizeNodes } from './graph-index.ts';
import { clampHops, MAX_GRAPH_HOPS, type ServiceNode } from './service-graph.ts';

describe('graph index', () => {
  it('stays fast and bounded on a complete graph, where simple paths explode', () => {
    const names = Array.from({ length: 14 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const nodes: ServiceNode[] = names.map((name) => ({ name, kind: 'service', dependsOn: names.filter((n) => n !== name) }));
    const index = createGraphIndex(nodes);
    const started = performance.now();
    const paths = index.paths('s00', 's13', 10, 5);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(paths[0]).toEqual(['s00', 's13']);
    expect(paths).toHaveLength(5);
    expect(paths.every((p) => new Set(p).size === p.length)).toBe(true);
    expect(paths.slice(1).every((p) => p.length === 3)).toBe(true);
  });

  it('clamps hop counts into range', () => {
    expect(clampHops(-1)).toBe(0);
    expect(clampHops(2.7)).toBe(2);
    expect(clampHops(1_000)).toBe(MAX_GRAPH_HOPS);
    expect(clampHops(Number.NaN)).toBe(0);
  });

  it('normalizes duplicate records, self-calls and repeated callees, and adds stubs', () => {
    const nodes = normalizeNodes([
      { name: 'a', kind: 'service', dependsOn: ['a', 'b', 'b', 'c'] },
      { name: 'b', kind: 'service', dependsOn: [] },
      { name: 'b', kind: 'cache', dependsOn: [] },
    ]);
    expect(nodes).toEqual([
      { name: 'a', kind: 'service', dependsOn: ['b', 'c'] },
      { name: 'b', kind: 'cache', dependsOn: [] },
      { name: 'c', kind: 'service', dependsOn: [] },
    ]);
    expect(normalizeNodes([{ name: 'a', kind: 'service', dependsOn: ['c'] }], { stubs: false }).map((n) => n.name)).toEqual(['a']);
  });
});
