import type { LoggerService } from '@nestjs/common';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * Structured JSON logs, one object per line on stderr (stdout stays free for CLI output). Used as
 * Nest's logger and by sources directly.
 */
export class JsonLogger implements LoggerService {
  readonly #min: number;
  readonly #write: (line: string) => void;

  constructor(
    level: LogLevel = 'info',
    write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {
    this.#min = LEVELS[level];
    this.#write = write;
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.#log('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.#log('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.#log('info', message, rest);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#log('info', message, fields ? [fields] : []);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.#log('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.#log('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.#log('error', message, rest);
  }

  #log(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (LEVELS[level] < this.#min) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: stringify(message) };
    for (const item of rest) {
      if (item && typeof item === 'object' && !Array.isArray(item)) Object.assign(entry, item);
      else if (typeof item === 'string') entry.context = item;
    }
    this.#write(JSON.stringify(entry));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.stack ?? message.message;
  return JSON.stringify(message);
}
