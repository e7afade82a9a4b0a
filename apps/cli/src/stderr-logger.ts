import type { LoggerService } from '@nestjs/common';

/**
 * The application's log lines go to stderr, so stdout holds the summary alone: warnings and errors always,
 * the rest with `--verbose`.
 */
export class StderrLogger implements LoggerService {
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly verboseOutput: boolean,
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    if (this.verboseOutput) this.write('', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warning: ', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error: ', message, this.verboseOutput ? params : params.slice(-1));
  }

  debug(): void {
    // Debug lines are not shown.
  }

  verbose(): void {
    // Verbose lines are not shown.
  }

  private write(prefix: string, message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : null;
    const extra = params.filter((p): p is string => typeof p === 'string' && p.length > 0);
    const text = message instanceof Error ? message.message : String(message);
    this.stream.write(
      `${prefix}${context ? `[${context}] ` : ''}${text}${extra.map((e) => `\n${e}`).join('')}\n`,
    );
  }
}
