// The world a test serves and derives its expectations from: a library scenario built with every
// member of the world contract (simulator/world/world-contract.ts). Tests pass it to
// startSimulator({ world }) and read the same object, so they hold whatever the world generates.
import type { WorldLike } from '../../../simulator/fakes/shared/served-world.ts';
import { createWorld } from '../../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../../simulator/world/library.ts';

export function contractWorld(scenario = 'inventory-bad-deploy', seed = 1, variant = 0): WorldLike {
  return createWorld({ ...loadLibraryScenario(scenario), seed, variant });
}
