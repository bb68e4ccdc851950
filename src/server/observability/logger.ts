import { pino, type DestinationStream } from 'pino';
import type { Logger, LogLevel } from '../../service/Logger.js';
import type { RequestContexts } from './requestContext.js';

export interface ServerLoggerOptions {
  level: LogLevel;
  /** Adds the current request's id to every line written while serving it. */
  requests?: RequestContexts;
  /** Where lines go. @default stderr (stdout is left to what the process prints for people) */
  destination?: DestinationStream;
}

/**
 * The server's logger: pino, one JSON object per line (`time` as ISO 8601, `level` as a name,
 * `message`), behind the service's `Logger` interface, so nothing that logs knows pino.
 * Fields named like credentials are redacted wherever they appear at the top level or one below.
 */
export function serverLogger({ level, requests, destination = pino.destination({ fd: 2, sync: true }) }: ServerLoggerOptions): Logger {
  const base = pino(
    {
      level,
      base: undefined,
      // The key the logs had before pino, so existing log queries keep working.
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactedFields.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
      ...(requests ? { mixin: () => (requests.current ? { requestId: requests.current.requestId } : {}) } : {}),
    },
    destination,
  );
  const at =
    (lineLevel: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields) base[lineLevel](fields, message);
      else base[lineLevel](message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Never logged: secrets, bearer values, tokens, adapter endpoint URLs (they often carry a credential), SDP. */
const redactedFields = ['secret', 'authorization', 'token', 'accessToken', 'endpoint', 'sdp', 'sessionDescription'];
