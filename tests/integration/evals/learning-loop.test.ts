// The learning loop as a user drives it: a recorded incident (here a library scenario exported as a
// bundle, stripped of its Kubernetes state and logs the way a public dataset often is) goes into
// the library with `ariadne eval add`, and the next `ariadne eval` runs and grades it like any
// other scenario. Bad bundles are refused at the door, naming the file, line and field.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectScenarios } from '../../../evals/runner/select-scenarios.ts';
import type { ScenarioRun } from '../../../evals/runner/run-scenario.ts';
import { exportBundle } from '../../../simulator/bundles/export-bundle.ts';
import { createWorld } from '../../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../../simulator/world/library.ts';
import { runAriadne } from '../../support/ariadne-cli.ts';

const SCENARIO = 'cpu-saturation-shop';

const ariadne = (args: string[], env: Record<string, string> = {}) => runAriadne(args, { env: { CI: 'true', ...env } });

let work: string;
let bundle: string;
let library: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'learning-loop-'));
  bundle = join(work, 'incident');
  library = join(work, 'library');
  await exportBundle(createWorld({ ...loadLibraryScenario(SCENARIO), seed: 4 }), bundle);
  rmSync(join(bundle, 'k8s.json'));
  rmSync(join(bundle, 'logs.jsonl'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ariadne eval add', () => {
  it('adds a bundle without Kubernetes state or logs, and the next eval runs and grades it', async () => {
    const added = await ariadne(['eval', 'add', bundle, '--library', library, '--id', 'recorded-cpu']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const truth = loadLibraryScenario(SCENARIO).scenario.groundTruth!;
    expect(added.stdout).toContain(`ground truth: ${truth.rootCauseService} ${truth.faultType}`);
    expect(readFileSync(join(library, 'recorded-cpu', 'scenario.yaml'), 'utf8')).toMatch(/^id: recorded-cpu$/m);

    // It is part of "all" for the next run, next to the generated scenarios.
    const selected = selectScenarios({}).map((s) => s.id);
    expect(selected).not.toContain('recorded-cpu');
    const previous = process.env.ARIADNE_BUNDLE_PATH;
    process.env.ARIADNE_BUNDLE_PATH = library;
    try {
      const all = selectScenarios({});
      expect(all.map((s) => s.id)).toContain('recorded-cpu');
      expect(all.find((s) => s.id === 'recorded-cpu')).toMatchObject({ source: 'recorded', faultType: truth.faultType });
    } finally {
      if (previous === undefined) delete process.env.ARIADNE_BUNDLE_PATH;
      else process.env.ARIADNE_BUNDLE_PATH = previous;
    }

    const listed = await ariadne(['simulator', 'list', '--json'], { ARIADNE_BUNDLE_PATH: library });
    expect((JSON.parse(listed.stdout) as { id: string; source: string }[]).filter((s) => s.source === 'recorded').map((s) => s.id)).toEqual(['recorded-cpu']);

    const out = join(work, 'out');
    const evaluated = await ariadne(['eval', '--scenario', 'recorded-cpu', '--out', out], { ARIADNE_BUNDLE_PATH: library });
    expect(evaluated.code).toBe(0);
    const { runs } = JSON.parse(readFileSync(join(out, 'latest', 'results.json'), 'utf8')) as { runs: ScenarioRun[] };
    expect(runs).toHaveLength(1);
    expect(runs[0]!.error).toBeUndefined();
    expect(runs[0]!.groundTruth).toEqual({ rootCauseService: truth.rootCauseService, faultType: truth.faultType });
    // Without logs or pods the agent still answers from metrics and events.
    expect(runs[0]!.ranked[0]?.service).toBe(truth.rootCauseService);
    // It still asked Kubernetes and the logs; what the bundle lacks came back as "no data", not as failed calls.
    const missing = runs[0]!.trace.filter((span) => span.name.startsWith('kubernetes/') || span.name === 'datadog/search_service_logs');
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing.map((span) => span.status))).toEqual(new Set(['no_data']));
  }, 60_000);

  it('refuses a bundle with a bad line, naming the file, line and field, and adds nothing', async () => {
    const broken = join(work, 'broken');
    await exportBundle(createWorld({ ...loadLibraryScenario(SCENARIO), seed: 4 }), broken);
    appendFileSync(join(broken, 'events.jsonl'), '{"timestamp":"yesterday","service":"cart-service","kind":"deploy","message":"x"}\n');
    const lines = readFileSync(join(broken, 'events.jsonl'), 'utf8').trimEnd().split('\n').length;
    const run = await ariadne(['eval', 'add', broken, '--library', library, '--id', 'broken-one']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`events.jsonl:${lines}: timestamp:`);
    expect(() => readFileSync(join(library, 'broken-one', 'scenario.yaml'))).toThrow();
  });

  it('refuses an exported incident whose right answer is unknown, and a taken id', async () => {
    const unknown = join(work, 'unknown');
    await exportBundle(createWorld({ ...loadLibraryScenario(SCENARIO), seed: 4 }), unknown);
    const path = join(unknown, 'scenario.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^groundTruth:\n(?: {2}.*\n)+/m, '').replace(/^tags:\n/m, 'tags:\n  - ground-truth:unknown\n'));
    const run = await ariadne(['eval', 'add', unknown, '--library', library, '--id', 'unknown-one']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('scenario.yaml: groundTruth: missing');

    const taken = await ariadne(['eval', 'add', bundle, '--library', library, '--id', SCENARIO]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`"${SCENARIO}" is a generated scenario's id`);
  });
});
