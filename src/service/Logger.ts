export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Structured logging the service writes through; the server decides where lines go (pino, JSON
 * lines: src/server/observability/logger.ts).
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
