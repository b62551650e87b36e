// A real Neo4j 5 for tests: the in-process harness from Maven Central (scripts/neo4j), installed on
// first use by scripts/neo4j/install.sh and started by scripts/neo4j/Neo4jLauncher.java. The
// launcher prints `BOLT bolt://127.0.0.1:PORT` when ready and stops when its stdin closes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const NEO4J_START_TIMEOUT_MS = 120_000;
/** The launcher disables auth, so any credentials work; these keep the production code path. */
export const NEO4J_TEST_CREDENTIALS = { username: 'neo4j', password: 'ariadne-test' } as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CDS_ARCHIVE = '.tools/neo4j/neo4j-cds.jsa';

export interface RunningNeo4j {
  url: string;
  /** Milliseconds from spawning the JVM to the BOLT line. */
  startedInMs: number;
  stop(): Promise<void>;
}

/** Resolves the jars when missing (idempotent, quick when done); rejects with the installer's message. */
export async function installNeo4j(): Promise<void> {
  const child = spawn('bash', ['scripts/neo4j/install.sh'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`scripts/neo4j/install.sh failed (exit ${code}): ${output.trim()}`);
}

/**
 * Starts a fresh, empty Neo4j; `timeoutMs` (default 120 s) bounds the start after the install check.
 * A first install (Maven Central download plus a warm-up run) can take a few minutes more.
 */
export async function startNeo4j(options: { timeoutMs?: number } = {}): Promise<RunningNeo4j> {
  await installNeo4j();
  const timeoutMs = options.timeoutMs ?? NEO4J_START_TIMEOUT_MS;
  const started = Date.now();
  // Small heap, serial GC and C1 only: a test server lives for a minute on a shared 2-core machine.
  // The class-data archive (made by install.sh, when it could) cuts start-up time roughly in half.
  const flags = ['-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
  if (existsSync(join(ROOT, CDS_ARCHIVE))) flags.push(`-XX:SharedArchiveFile=${CDS_ARCHIVE}`);
  const child = spawn('java', [...flags, '-cp', '.tools/neo4j/lib/*', 'scripts/neo4j/Neo4jLauncher.java'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 30) stderrTail.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Neo4j test server ${why}; last launcher output:\n${stderrTail.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`did not print its BOLT line within ${timeoutMs} ms`), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^BOLT (bolt:\/\/\S+)$/.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('error', (error) => fail(`could not be started (${error.message}); is Java 17+ installed?`));
    child.once('exit', (code, signal) => fail(`exited before it was ready (code ${code}, signal ${signal})`));
  });
  const startedInMs = Date.now() - started;

  return {
    url,
    startedInMs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
