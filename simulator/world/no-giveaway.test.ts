import { describe, expect, it } from 'vitest';
import { createWorld, type World } from './create-world.ts';
import { libraryScenarioIds, loadLibraryScenario } from './library.ts';
import { MINUTE } from './world-probe.ts';

/** Words that would tell an agent it is being tested, or hand it the answer. */
const GIVEAWAY = /root[ _-]?cause|\binject|\bfault|scenario|simulat|\bchaos|\bfake|ground[ _-]?truth|herring|\bsynthetic|\bmock/i;

/** Every text the fakes can serve for a few minutes around the incident. */
function servedText(world: World): string[] {
  const texts: string[] = [world.topologyYaml, JSON.stringify(world.scenario.alert)];
  const fault = world.scenario.faults[0];
  const minutes = [world.clock.start, world.clock.alertAt - MINUTE, fault ? Math.floor(Date.parse(fault.start) / MINUTE) * MINUTE + MINUTE : world.clock.alertAt];
  for (const service of world.topology.services) {
    for (const minute of minutes) {
      texts.push(JSON.stringify(world.logs.minute(service.name, minute)));
      texts.push(JSON.stringify(world.spans.minute(service.name, minute)));
    }
  }
  texts.push(JSON.stringify([world.changeEvents, world.monitors, world.incidentHistory, world.chatter, world.users, world.deployments, world.kubeEvents]));
  texts.push(JSON.stringify(world.telemetry.sources().map((source) => source.tags)));
  for (const pod of world.cluster.pods.filter((candidate) => candidate.restarts.length > 0).slice(0, 3)) texts.push(world.podLogs(pod.name, { previous: true, tailLines: 20 }));
  return texts;
}

describe('rendered text', () => {
  it('never reveals a test environment or the answer, in any library scenario or variant', () => {
    const ids = libraryScenarioIds();
    for (const [index, id] of ids.entries()) {
      const world = createWorld({ ...loadLibraryScenario(id), seed: 1, variant: index % 3 });
      for (const raw of servedText(world)) {
        // Tomcat's own wording for an unhandled exception ("threw exception [...] with root cause") is what Spring prints.
        const text = raw.replaceAll('] with root cause', ']');
        const match = GIVEAWAY.exec(text);
        expect(match ? `${id}: "${match[0]}" in …${text.slice(Math.max(0, match.index - 60), match.index + 40)}…` : undefined).toBeUndefined();
      }
    }
  });
});
