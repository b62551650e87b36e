import { describe, expect, it } from 'vitest';
import { createWorld } from './create-world.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { libraryScenarios, platformTopologyYaml } from './build-library.ts';
import { LIBRARY_TOPOLOGIES, scenarioYaml } from './generate-scenarios.ts';
import { libraryScenarioIds, loadLibraryScenario, loadLibraryTopology } from './library.ts';
import { FAULT_TYPES } from './scenario.ts';
import { errorPct, maxPodMetric, MINUTE } from './world-probe.ts';

const entries = libraryScenarioIds().map((id) => ({ id, ...loadLibraryScenario(id) }));

describe('the scenario library', () => {
  it('holds at least 60 scenarios, every one builds a world with the alert inside its data', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    for (const entry of entries) {
      const world = createWorld({ ...entry, seed: 1 });
      expect(world.clock.alertAt, entry.id).toBeGreaterThanOrEqual(world.clock.start);
      expect(world.clock.alertAt, entry.id).toBeLessThan(world.clock.now);
      expect(world.service(world.scenario.alert.service), entry.id).toBeDefined();
    }
  });

  it('covers every fault type at least twice and every topology', () => {
    for (const type of FAULT_TYPES) {
      const count = entries.filter((entry) => entry.scenario.groundTruth?.faultType === type).length;
      expect(count, type).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(entries.map((entry) => entry.scenario.topology))).toEqual(new Set(LIBRARY_TOPOLOGIES));
    for (const entry of entries) {
      const type = entry.scenario.groundTruth?.faultType;
      if (type && entry.id !== 'inventory-bad-deploy') expect(entry.scenario.tags, entry.id).toContain(`fault:${type}`);
    }
  });

  it('marks a critical set of about 25 scenarios that covers every fault type', () => {
    const critical = entries.filter((entry) => entry.scenario.tags.includes('critical'));
    expect(critical.length).toBeGreaterThanOrEqual(25);
    expect(critical.length).toBeLessThanOrEqual(30);
    expect(new Set(critical.map((entry) => entry.scenario.groundTruth?.faultType))).toEqual(new Set(FAULT_TYPES));
  });

  it('has ground truth that names a component of the topology with the primary fault first', () => {
    for (const entry of entries.filter((candidate) => candidate.scenario.groundTruth)) {
      const truth = entry.scenario.groundTruth!;
      expect(entry.topology.services.some((service) => service.name === truth.rootCauseService), entry.id).toBe(true);
      expect(entry.scenario.faults[0]?.service, entry.id).toBe(truth.rootCauseService);
      expect(entry.scenario.faults[0]?.type, entry.id).toBe(truth.faultType);
    }
  });

  it('includes multi-fault scenarios that list the secondary fault, and unsolvable ones without ground truth', () => {
    const multi = entries.filter((entry) => entry.scenario.tags.includes('multi-fault'));
    expect(multi.length).toBeGreaterThanOrEqual(3);
    for (const entry of multi) {
      expect(entry.scenario.faults.length).toBe(2);
      expect(entry.scenario.groundTruth?.alsoPresent).toEqual([{ service: entry.scenario.faults[1]!.service, faultType: entry.scenario.faults[1]!.type }]);
    }
    // The secondary fault is real and visible on its own service, only milder than the primary.
    for (const entry of multi) {
      const world = createWorld({ ...entry, seed: 1 });
      const second = entry.scenario.faults[1]!;
      const before = Date.parse(second.start) - 10 * MINUTE;
      const at = world.clock.alertAt - MINUTE;
      const changed =
        errorPct(world, second.service, at) > errorPct(world, second.service, before) + 2 ||
        maxPodMetric(world, second.service, 'cpu.utilization_pct', at) > maxPodMetric(world, second.service, 'cpu.utilization_pct', before) + 5 ||
        maxPodMetric(world, second.service, 'memory.utilization_pct', at) > maxPodMetric(world, second.service, 'memory.utilization_pct', before) + 5;
      expect(changed, `${entry.id}: ${second.type} on ${second.service}`).toBe(true);
      expect(errorPct(world, second.service, at)).toBeLessThan(errorPct(world, entry.scenario.groundTruth!.rootCauseService, at) + 20);
    }
    const unsolvable = entries.filter((entry) => entry.scenario.tags.includes('unsolvable'));
    expect(unsolvable.length).toBeGreaterThanOrEqual(3);
    for (const entry of unsolvable) {
      expect(entry.scenario.groundTruth).toBeUndefined();
      expect(entry.scenario.faults).toEqual([]);
      const world = createWorld({ ...entry, seed: 1 });
      // A flap: the alerting monitor's neighbour flaps all window long; nothing else changed.
      expect(world.monitors.some((monitor) => monitor.states.length > 3)).toBe(true);
    }
  });

  it('gives most scenarios red herrings of several kinds', () => {
    const kinds = ['red-herring-deploy', 'red-herring-flap', 'noisy-logs', 'red-herring-restart'];
    for (const kind of kinds) expect(entries.filter((entry) => entry.scenario.tags.includes(kind)).length, kind).toBeGreaterThan(10);
    const herring = entries.find((entry) => entry.scenario.tags.includes('red-herring-deploy') && entry.scenario.groundTruth)!;
    const innocent = herring.scenario.deploys.find((deploy) => deploy.service !== herring.scenario.groundTruth!.rootCauseService)!;
    const world = createWorld({ ...herring, seed: 1 });
    expect(world.changeEvents.some((event) => event.kind === 'deploy' && event.service === innocent.service)).toBe(true);
  });

  it('matches what build-library.ts generates, so the files and the generator never drift apart', () => {
    const dir = fileURLToPath(new URL('../library/', import.meta.url));
    expect(readFileSync(`${dir}topologies/platform.yaml`, 'utf8')).toBe(platformTopologyYaml());
    const generated = libraryScenarios(LIBRARY_TOPOLOGIES.map((name) => loadLibraryTopology(name).topology));
    expect(generated.map((scenario) => scenario.id).sort()).toEqual(libraryScenarioIds().filter((id) => id !== 'inventory-bad-deploy'));
    for (const scenario of generated) expect(readFileSync(`${dir}scenarios/${scenario.id}.yaml`, 'utf8'), scenario.id).toBe(scenarioYaml(scenario));
  });

  it('keeps the demo scenario exactly as the end-to-end test expects it', () => {
    const demo = entries.find((entry) => entry.id === 'inventory-bad-deploy')!;
    expect(demo.scenario.alert.title).toBe('High error rate on storefront-web');
    expect(demo.scenario.groundTruth).toMatchObject({ rootCauseService: 'inventory-service', faultType: 'bad_deploy' });
  });
});
