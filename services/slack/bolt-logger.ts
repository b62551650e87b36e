// Bolt and its WebClient log through @slack/logger's interface; this bridges it to our pino logger
// so Slack's lines are structured and leveled like ours instead of going to stdout.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** The Bolt level matching a pino level, so Bolt does not format lines pino would drop. */
export function boltLevelFor(logger: Logger): LogLevel {
  const level = logger.levelVal;
  if (level <= 20) return LogLevel.DEBUG;
  if (level <= 30) return LogLevel.INFO;
  if (level <= 40) return LogLevel.WARN;
  return LogLevel.ERROR;
}

export function boltLogger(logger: Logger): BoltLogger {
  let level = boltLevelFor(logger);
  let log = logger.child({ component: 'bolt' });
  const emit = (at: LogLevel, write: (msg: string) => void) => (...msg: unknown[]) => {
    if (ORDER[at] < ORDER[level]) return;
    write(msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  };
  return {
    debug: emit(LogLevel.DEBUG, (m) => log.debug(m)),
    info: emit(LogLevel.INFO, (m) => log.info(m)),
    warn: emit(LogLevel.WARN, (m) => log.warn(m)),
    error: emit(LogLevel.ERROR, (m) => log.error(m)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: (name) => void (log = logger.child({ component: name })),
  };
}
