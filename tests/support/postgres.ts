// A real, throwaway Postgres for tests: Debian's server binaries (scripts/install-postgres.sh puts
// them there), a cluster initialised in a temp dir, listening on 127.0.0.1 on a free port with its
// unix socket inside the temp dir, stopped and deleted by stop(). Postgres refuses to run as root,
// so as root the cluster belongs to the `postgres` system user (Debian's package creates it) and
// every server command runs through `runuser`.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface StartedPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /**
   * A new database on the same server, empty or copied from `template` (a database name, e.g. one
   * already migrated, which is much faster than migrating each); its URL. Each store test gets one.
   */
  newDatabase(template?: string): Promise<string>;
  /** How long initdb plus start took, in milliseconds. */
  startupMs: number;
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: PATH first, then the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const dir = join(root, v, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error('no Postgres server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; run scripts/install-postgres.sh');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error('running as root and there is no "postgres" user to run the server as; run scripts/install-postgres.sh');
  });
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

export async function startPostgres(): Promise<StartedPostgres> {
  const started = Date.now();
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUid();
    chownSync(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);

  const port = await freePort();
  try {
    await pgRun('initdb', ['-D', data, '-U', 'ariadne', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    // Durability is pointless for a throwaway cluster and costs seconds on a small machine.
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await pgRun('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', '-s']);
  } catch (error) {
    await pgRun('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-s']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    const e = error as Error & { stderr?: string };
    throw new Error(`could not start Postgres from ${bin}: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
  const url = `postgresql://ariadne@127.0.0.1:${port}/postgres`;
  let databases = 0;
  let stopped = false;
  // A test process that dies before stop() (a crash, a forgotten afterAll) must not leave a server behind.
  const onExit = () => {
    if (stopped) return;
    const args = [join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-s'];
    try {
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
      else execFileSync(args[0]!, args.slice(1), { stdio: 'ignore' });
    } catch {
      // Already stopped: nothing to clean but the directory.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    url,
    startupMs: Date.now() - started,
    async newDatabase(template?: string) {
      const name = `ariadne_test_${++databases}`;
      if (template !== undefined && !/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`not a database name: ${template}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      } finally {
        await client.end();
      }
      return `postgresql://ariadne@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      try {
        await pgRun('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-s']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
