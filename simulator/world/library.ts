// Loads scenarios and topologies from simulator/library by id.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, type Scenario } from './scenario.ts';
import { parseTopology, type Topology } from './topology.ts';

const LIBRARY = fileURLToPath(new URL('../library/', import.meta.url));

export interface LibraryEntry {
  scenario: Scenario;
  topology: Topology;
  topologyYaml: string;
}

export function libraryScenarioIds(): string[] {
  return readdirSync(`${LIBRARY}scenarios`)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
    .sort();
}

export function libraryTopologyNames(): string[] {
  return readdirSync(`${LIBRARY}topologies`)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
    .sort();
}

/** A library topology by name, with its YAML text (what the product is handed as its catalog). */
export function loadLibraryTopology(name: string): { topology: Topology; topologyYaml: string } {
  const names = libraryTopologyNames();
  if (!names.includes(name)) throw new Error(`unknown topology ${JSON.stringify(name)} (available: ${names.join(', ')})`);
  const path = `${LIBRARY}topologies/${name}.yaml`;
  const topologyYaml = readFileSync(path, 'utf8');
  return { topology: parseTopology(topologyYaml, path), topologyYaml };
}

export function loadLibraryScenario(id: string): LibraryEntry {
  const ids = libraryScenarioIds();
  if (!ids.includes(id)) throw new Error(`unknown scenario ${JSON.stringify(id)} (available: ${ids.join(', ')})`);
  const scenarioPath = `${LIBRARY}scenarios/${id}.yaml`;
  const scenario = parseScenario(readFileSync(scenarioPath, 'utf8'), scenarioPath);
  if (scenario.id !== id) throw new Error(`${scenarioPath}: id is ${scenario.id}, expected ${id}`);
  const topologyPath = `${LIBRARY}topologies/${scenario.topology}.yaml`;
  let topologyYaml: string;
  try {
    topologyYaml = readFileSync(topologyPath, 'utf8');
  } catch {
    throw new Error(`${scenarioPath}: topology ${scenario.topology} not found at ${topologyPath}`);
  }
  return { scenario, topology: parseTopology(topologyYaml, topologyPath), topologyYaml };
}
