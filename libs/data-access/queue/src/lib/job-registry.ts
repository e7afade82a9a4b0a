import { JOB_NAMES, type JobName } from './jobs';
import type { JobHandler } from './job-queue';

/**
 * The handlers of every job name. Feature modules register theirs at start-up; `assertComplete` refuses a
 * start where a job has no handler, and `register` refuses a second one (immich's JobRepository.setup).
 */
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Job '${name}' has two handlers`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  get<N extends JobName>(name: N): JobHandler<N> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`Job '${name}' has no handler`);
    return handler as unknown as JobHandler<N>;
  }

  assertComplete(): void {
    const missing = JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`Jobs without a handler: ${missing.join(', ')}`);
  }
}
