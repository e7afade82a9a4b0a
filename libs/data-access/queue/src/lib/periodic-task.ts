import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A pass run at start and then on an interval, registered with @nestjs/schedule under its name: what the
 * reconcilers' and the digest's ticks share. Ticks only enqueue (style.md, Jobs); every replica ticks and the
 * job ids make them agree. A tick that comes while the last pass still runs is skipped rather than piled up,
 * a failed pass is logged and the next tick tries again, and `stop` lets a pass in flight end before the
 * queue and the database close.
 */
export class PeriodicTask {
  private running: Promise<void> | null = null;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs `first` now, then `next` every `intervalMs`; with `intervalMs` null, only the first pass (the
   * embedded default runs some passes once at start). `what` names the pass in the failure's log line.
   */
  start(
    what: string,
    intervalMs: number | null,
    first: () => Promise<unknown>,
    next: () => Promise<unknown> = first,
  ): void {
    this.run(what, first);
    if (intervalMs === null) return;
    const timer = setInterval(() => this.run(what, next), intervalMs);
    timer.unref();
    this.scheduler.addInterval(this.name, timer);
  }

  async stop(): Promise<void> {
    if (this.scheduler.doesExist('interval', this.name)) this.scheduler.deleteInterval(this.name);
    await this.running;
  }

  private run(what: string, pass: () => Promise<unknown>): void {
    if (this.running) return;
    this.running = pass()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`${what} failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
