// A worker thread of the eval runner: runs the scenario jobs it is sent, one at a time, and posts
// each result back. Threads give the runner a second core; the simulator and the agent of one job
// share a thread, as they would share a process.
import { parentPort } from 'node:worker_threads';
import { runScenario, type RunScenarioOptions } from './run-scenario.ts';

if (!parentPort) throw new Error('eval-worker.ts runs as a worker thread of run-eval.ts');
const port = parentPort;
port.on('message', (message: { index: number; job: RunScenarioOptions } | 'stop') => {
  if (message === 'stop') {
    port.close();
    return;
  }
  void runScenario(message.job).then((result) => port.postMessage({ index: message.index, result }));
});
