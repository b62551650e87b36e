import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createWorld } from './create-world.ts';
import { generateScenario } from './generate-scenarios.ts';
import { generateTopology } from './generate-topology.ts';
import { FAULT_TYPES, ScenarioSchema } from './scenario.ts';
import { parseTopology, type Topology } from './topology.ts';

function hasCycle(topology: Topology): boolean {
  const state = new Map<string, number>();
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const visit = (name: string): boolean => {
    if (state.get(name) === 1) return true;
    if (state.get(name) === 2) return false;
    state.set(name, 1);
    const cyclic = (byName.get(name)?.dependsOn ?? []).some(visit);
    state.set(name, 2);
    return cyclic;
  };
  return topology.services.some((service) => visit(service.name));
}

describe('generateTopology', () => {
  it('makes the same valid, acyclic topology from the same seed and size, and another from another seed', () => {
    const a = generateTopology({ seed: 9, services: 40 });
    expect(generateTopology({ seed: 9, services: 40 })).toEqual(a);
    expect(generateTopology({ seed: 10, services: 40 })).not.toEqual(a);
    expect(a.services).toHaveLength(40);
    expect(() => parseTopology(stringify(a))).not.toThrow();
    expect(hasCycle(a)).toBe(false);
    const kinds = new Set(a.services.map((service) => service.kind));
    expect(kinds).toEqual(new Set(['service', 'database', 'cache', 'queue', 'external']));
    expect(new Set(a.services.map((service) => service.language).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    for (const service of a.services.filter((candidate) => candidate.kind !== 'service')) {
      expect(a.services.some((caller) => caller.dependsOn.includes(service.name)), service.name).toBe(true);
    }
  });

  it('rejects sizes it cannot lay out, naming the field', () => {
    expect(() => generateTopology({ seed: 1, services: 3 })).toThrow('services: must be an integer from 8 to 200, got 3');
  });

  it('hosts a scenario of every fault type that builds', () => {
    const topology = generateTopology({ seed: 5, services: 30, name: 'lab' });
    const yaml = stringify(topology);
    for (const type of FAULT_TYPES) {
      const scenario = ScenarioSchema.parse(JSON.parse(JSON.stringify(generateScenario({ seed: 3, topology, faultType: type }))));
      const world = createWorld({ scenario, topology, topologyYaml: yaml, seed: 1 });
      expect(world.scenario.groundTruth?.faultType).toBe(type);
    }
  });
});
