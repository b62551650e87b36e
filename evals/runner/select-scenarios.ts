// Which library scenarios an eval runs: all, or those matching every filter given.
import { libraryScenarioIds } from '../../simulator/index.ts';
import { loadLibraryScenario } from '../../simulator/world/library.ts';

export interface ScenarioFilter {
  ids?: string[];
  tags?: string[];
  faults?: string[];
  topologies?: string[];
}

export interface ScenarioInfo {
  id: string;
  topology: string;
  faultType: string;
  tags: string[];
}

export function scenarioInfo(id: string): ScenarioInfo {
  const { scenario } = loadLibraryScenario(id);
  return { id, topology: scenario.topology, faultType: scenario.groundTruth?.faultType ?? 'unsolvable', tags: scenario.tags };
}

export function selectScenarios(filter: ScenarioFilter): ScenarioInfo[] {
  const all = libraryScenarioIds();
  const unknown = (filter.ids ?? []).filter((id) => !all.includes(id));
  if (unknown.length > 0) throw new Error(`--scenario: unknown scenario ${unknown.join(', ')} (see 'ariadne simulator list')`);
  return (filter.ids?.length ? filter.ids : all)
    .map(scenarioInfo)
    .filter((s) => !filter.tags?.length || filter.tags.every((t) => s.tags.includes(t)))
    .filter((s) => !filter.faults?.length || filter.faults.includes(s.faultType))
    .filter((s) => !filter.topologies?.length || filter.topologies.includes(s.topology));
}
