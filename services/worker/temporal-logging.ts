// Routes the Temporal SDK's own logs (worker state changes, activity failures) into our pino logger
// instead of its default console output. The SDK runtime is a per-process singleton, so the first
// caller wins; later calls leave it as it is.
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';

export function installTemporalLogging(logger: Logger): void {
  if (Runtime._instance) return;
  const level = logger.level === 'silent' ? 'ERROR' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry: LogEntry) => {
      const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'debug';
      logger[method]({ ...entry.meta, source: 'temporal' }, entry.message);
    }),
  });
}
