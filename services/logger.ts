import { pino, type Logger } from 'pino';

/** JSON logs on stderr, so stdout stays free for what a command prints for people (and for MCP stdio). */
export function createLogger(level: string, name = 'ariadne'): Logger {
  return pino({ name, level }, pino.destination(2));
}
