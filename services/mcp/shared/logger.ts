// Structured logs go to stderr (stdout is the MCP stdio channel). Library code takes a logger as a
// dependency and defaults to silence, so tests and embedding hosts stay quiet unless they ask.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createStderrLogger(name: string, level = process.env['LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name, level }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
