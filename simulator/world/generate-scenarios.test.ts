import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWorld } from './create-world.ts';
import { generateScenarios, scenarioYaml } from './generate-scenarios.ts';
import { loadLibraryTopology } from './library.ts';
import { parseScenario } from './scenario.ts';

const script = fileURLToPath(new URL('./generate-scenarios.ts', import.meta.url));

describe('generate-scenarios', () => {
  it('writes N scenario files that load and build, the same for the same seed', () => {
    const out = mkdtempSync(join(tmpdir(), 'scenarios-'));
    try {
      const printed = execFileSync(process.execPath, [script, '--out', out, '--count', '6', '--seed', '7'], { encoding: 'utf8' });
      const files = readdirSync(out).sort();
      expect(files).toHaveLength(6);
      expect(printed.trim().split('\n').sort()).toEqual(files.map((file) => file.replace(/\.yaml$/, '')));
      const expected = new Map(generateScenarios({ count: 6, seed: 7 }).map((scenario) => [`${scenario.id}.yaml`, scenarioYaml(scenario)]));
      for (const file of files) {
        const text = readFileSync(join(out, file), 'utf8');
        expect(text).toBe(expected.get(file));
        const scenario = parseScenario(text, file);
        const world = createWorld({ ...loadLibraryTopology(scenario.topology), scenario, seed: 1 });
        expect(world.clock.alertAt).toBeLessThan(world.clock.now);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exits 2 with usage on bad arguments', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, [script, '--count', 'x'], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
