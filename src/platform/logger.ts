import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/**
 * JSON lines by default (what log collectors want); pretty output only when asked. pino's
 * worker-thread transports cannot resolve targets inside a compiled binary, so pretty printing
 * uses pino-pretty in stream mode. Secrets are redacted by path as a second line of defence;
 * the first is never passing them to the logger.
 */
export function createLogger(opts: { level: string; pretty: boolean; destination?: NodeJS.WritableStream }): Logger {
  const options = {
    level: opts.level,
    base: undefined,
    redact: { paths: ["password", "*.password", "token", "*.token", "secret", "*.secret", "cookie", "*.cookie"], censor: "[redacted]" },
  };
  if (opts.pretty) return pino(options, pretty({ colorize: false, destination: opts.destination ?? 1 }) as any);
  return opts.destination ? pino(options, opts.destination as any) : pino(options);
}

/** A logger that discards everything; tests use it unless they assert on log output. */
export const silentLogger = (): Logger => pino({ level: "silent" });
