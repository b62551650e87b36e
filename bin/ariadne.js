#!/usr/bin/env node
// The `ariadne` launcher. The CLI is TypeScript run by Node's own type stripping (Node 22.19 or
// newer); an older node re-executes this file with the Node that `make setup` puts in .tools/.
// Plain JavaScript on purpose: it must parse on any Node that might be first on PATH.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const recentEnough = major > 22 || (major === 22 && minor >= 19);

if (recentEnough) {
  await import('./cli.ts');
} else {
  const node = fileURLToPath(new URL('../.tools/bin/node', import.meta.url));
  if (!existsSync(node)) {
    process.stderr.write(`ariadne needs Node 22.19 or newer (this is ${process.versions.node}) and ${node} is missing: run make setup\n`);
    process.exit(1);
  }
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the child too (same process group); let it shut down and report its own status.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
