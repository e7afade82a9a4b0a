import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';

/** Queues `evaluate-rules` after a change to an athlete's health inputs, never waiting for it. */
@Injectable()
export class EvaluationTrigger {
  private readonly logger = new Logger(EvaluationTrigger.name);

  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  async request(athleteId: string): Promise<void> {
    try {
      await this.queue.enqueue('evaluate-rules', { athleteId });
    } catch (error) {
      // The change itself is committed; the next change or recompute evaluates it.
      this.logger.error(
        `Could not enqueue evaluate-rules for athlete ${athleteId}: ${(error as Error).message}`,
      );
    }
  }
}
