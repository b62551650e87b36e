// The `ariadne` CLI as a user runs it: spawned as a process, judged by its output and exit code.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../../simulator/bundles/load-bundle.ts';
import { DEFAULT_CREDENTIALS } from '../../../simulator/index.ts';
import { libraryScenarioIds } from '../../../simulator/world/library.ts';
import { CLI, ROOT, runAriadne } from '../../support/ariadne-cli.ts';

const SYSTEM_NODE = '/usr/bin/node';

const run = (args: string[], node?: string, cli?: string) => runAriadne(args, { ...(node ? { node } : {}), ...(cli ? { cli } : {}) });

/** Starts `ariadne simulator serve ...` and resolves once it prints its URLs. */
async function serveUntilReady(args: string[]): Promise<{ stdout: string; urls: Record<string, string>; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not come up: ${stdout}${stderr}`)), 20_000);
    const check = () => {
      if (stdout.includes('Serving until Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited early: ${stdout}${stderr}`));
    });
  });
  const urls = Object.fromEntries([...stdout.matchAll(/^(datadog|kubernetes|pagerduty|slack|opensearch)\s+(http:\/\/127\.0\.0\.1:\d+)/gm)].map((match) => [match[1], match[2]]));
  return {
    stdout,
    urls,
    stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ariadne-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ariadne CLI', () => {
  it('prints help for the program and every simulator command, exiting 0', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/simulator/);
    const group = await run(['simulator', '--help']);
    expect(group.code).toBe(0);
    for (const command of ['list', 'serve', 'export']) expect(group.stdout).toContain(command);
    const serve = await run(['simulator', 'serve', '--help']);
    expect(serve.code).toBe(0);
    for (const option of ['--bundle', '--seed', '--variant', '--port-base', '--viewer']) expect(serve.stdout).toContain(option);
  });

  it('lists one scenario id per line, and details with --json', async () => {
    const plain = await run(['simulator', 'list']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toEqual(libraryScenarioIds());
    const json = await run(['simulator', 'list', '--json']);
    expect(json.code).toBe(0);
    const details = JSON.parse(json.stdout) as { id: string; title: string; topology: string; faults: string[]; tags: string[] }[];
    expect(details.map((detail) => detail.id)).toEqual(libraryScenarioIds());
    expect(details.find((detail) => detail.id === 'inventory-bad-deploy')).toMatchObject({ topology: 'shop', faults: ['bad_deploy'] });
    for (const detail of details) expect(detail.title.length).toBeGreaterThan(0);
  });

  it('exits 2 naming the argument for an unknown scenario or a bad option', async () => {
    const serve = await run(['simulator', 'serve', 'no-such-incident']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('ID: unknown scenario "no-such-incident"');
    const exported = await run(['simulator', 'export', 'no-such-incident', join(work, 'never')]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('ID: unknown scenario');
    const seed = await run(['simulator', 'export', 'inventory-bad-deploy', join(work, 'never'), '--seed', 'abc']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed');
    const missing = await run(['simulator', 'export', 'inventory-bad-deploy']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument 'dir'/);
    const neither = await run(['simulator', 'serve']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('ID: missing (or use --bundle DIR)');
    expect(await readdir(work)).toEqual([]);
  });

  it('exports a scenario as a bundle that loads back', async () => {
    const dir = join(work, 'bundle');
    const result = await run(['simulator', 'export', 'inventory-bad-deploy', dir, '--seed', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('metrics.csv');
    const loaded = await loadBundle(dir);
    expect(loaded.scenario).toMatchObject({ id: 'inventory-bad-deploy', seed: 3 });
    expect(loaded.metrics.length).toBeGreaterThan(1000);
    expect(loaded.k8s?.pods.length).toBeGreaterThan(0);
  });

  it('generates scenarios on a new topology as bundles that load back, and refuses a non-empty directory', async () => {
    const dir = join(work, 'generated');
    const result = await run(['simulator', 'generate', dir, '--count', '2', '--seed', '3', '--services', '12']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ids = (await readdir(dir)).sort();
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const bundle = await loadBundle(join(dir, id));
      expect(bundle.scenario.tags).toContain('generated:seed-3');
      expect(bundle.topology.services).toHaveLength(12);
      expect(bundle.metrics.length).toBeGreaterThan(0);
    }
    expect(result.stdout).toContain(`ARIADNE_BUNDLE_PATH=${dir} ariadne eval --tag generated:seed-3`);
    const again = await run(['simulator', 'generate', dir, '--count', '1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');
  });

  it('refuses a bad bundle with exit 2, naming the file, line and field, before serving anything', async () => {
    const dir = join(work, 'bad-bundle');
    await mkdir(dir);
    await writeFile(
      join(dir, 'scenario.yaml'),
      "id: bad\ntitle: Bad\nwindow: { start: '2026-03-02T09:00:00Z', end: '2026-03-02T10:00:00Z' }\nalert: { title: Slow, service: api, severity: warning, triggeredAt: '2026-03-02T09:40:00Z', source: prometheus }\n",
    );
    await writeFile(join(dir, 'logs.jsonl'), '{"timestamp":"2026-03-02T09:01:00Z","service":"api","message":"ok"}\n{"timestamp":"at nine","service":"api","message":"ok"}\n');
    const result = await run(['simulator', 'serve', '--bundle', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('logs.jsonl:2: timestamp: invalid ISO 8601 or epoch timestamp');
    expect(result.stdout).not.toContain('datadog');
    const missing = await run(['simulator', 'serve', '--bundle', join(work, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('bundle directory not found');
  });

  it('serves a scenario, prints its URLs and the alert, and stops cleanly on Ctrl-C', async () => {
    const served = await serveUntilReady(['simulator', 'serve', 'inventory-bad-deploy', '--seed', '2']);
    let code: number | null;
    try {
      expect(served.stdout).toContain('High error rate on storefront-web');
      expect(Object.keys(served.urls).sort()).toEqual(['datadog', 'kubernetes', 'opensearch', 'pagerduty', 'slack']);
      const version = await fetch(`${served.urls.kubernetes}/version`, { headers: { authorization: `Bearer ${DEFAULT_CREDENTIALS.kubernetesToken}` } });
      expect(version.status).toBe(200);
      expect(await version.json()).toMatchObject({ major: '1' });
    } finally {
      code = await served.stop();
    }
    expect(code).toBe(0);
  });

  it('serves an exported bundle, and a variant on fixed ports', async () => {
    const dir = join(work, 'served-bundle');
    expect((await run(['simulator', 'export', 'inventory-bad-deploy', dir, '--variant', '1'])).code).toBe(0);
    expect((await loadBundle(dir)).scenario.variant).toBe(1);
    const bundled = await serveUntilReady(['simulator', 'serve', '--bundle', dir]);
    try {
      expect(bundled.stdout).toContain(`(bundle ${dir})`);
      const pods = await fetch(`${bundled.urls.kubernetes}/api/v1/namespaces/prod/pods`, { headers: { authorization: `Bearer ${DEFAULT_CREDENTIALS.kubernetesToken}` } });
      expect(pods.status).toBe(200);
      const served = ((await pods.json()) as { items: { metadata: { name: string } }[] }).items.map((pod) => pod.metadata.name);
      const recorded = (await loadBundle(dir)).k8s?.pods.map((pod) => pod.name) ?? [];
      expect(served.length).toBeGreaterThan(0);
      for (const name of served) expect(recorded).toContain(name);
    } finally {
      expect(await bundled.stop()).toBe(0);
    }
    const base = 20_000 + (process.pid % 20_000);
    const fixed = await serveUntilReady(['simulator', 'serve', 'inventory-bad-deploy', '--variant', '1', '--port-base', String(base)]);
    try {
      expect(fixed.urls.datadog).toBe(`http://127.0.0.1:${base}`);
      expect(fixed.urls.kubernetes).toBe(`http://127.0.0.1:${base + 1}`);
    } finally {
      expect(await fixed.stop()).toBe(0);
    }
  });

  it('re-runs itself with the Node in .tools when started by an older node, and says "run make setup" without one', async () => {
    const system = await new Promise<string>((resolve) => {
      const child = spawn(SYSTEM_NODE, ['-p', 'process.versions.node']);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      child.on('close', () => resolve(out.trim()));
    });
    const [major = 0, minor = 0] = system.split('.').map(Number);
    const old = major < 22 || (major === 22 && minor < 19);
    const listed = await run(['simulator', 'list'], SYSTEM_NODE);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(libraryScenarioIds());
    if (!old) return;
    // A copy of the launcher in a package root without .tools/ cannot find a newer node.
    const bare = join(work, 'bare');
    await mkdir(join(bare, 'bin'), { recursive: true });
    await copyFile(CLI, join(bare, 'bin/ariadne.js'));
    const stranded = await run(['simulator', 'list'], SYSTEM_NODE, join(bare, 'bin/ariadne.js'));
    expect(stranded.code).toBe(1);
    expect(stranded.stderr).toContain('run make setup');
  });
});
