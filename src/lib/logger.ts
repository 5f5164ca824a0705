import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs, one object a line, as every log shipper expects: to stdout for the server, to stderr for CLI commands
 * (whose stdout is their answer, e.g. a token).
 */
export function createLogger(level: string, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino({ level, base: { service: 'sinmun' } }, pino.destination({ dest: stream === 'stdout' ? 1 : 2, sync: true }));
}
