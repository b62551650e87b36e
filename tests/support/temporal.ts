// A real Temporal dev server for tests: the CLI that `make setup` put in .tools/ (or TEMPORAL_CLI),
// started by the SDK's test environment, and the workflow bundle built once per test file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../services/worker/worker.ts';

export function temporalCliPath(): string {
  const candidates = [process.env.TEMPORAL_CLI, fileURLToPath(new URL('../../.tools/bin/temporal', import.meta.url))].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no Temporal CLI found (tried ${candidates.join(', ')}); run 'make setup'`);
  return found;
}

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, extraArgs: ['--log-level', 'error'] },
  });
}

export async function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } });
}
