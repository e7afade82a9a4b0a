import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  let scheduler: SchedulerRegistry;
  let logger: Logger;
  let errors: string[];

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    scheduler = new SchedulerRegistry();
    errors = [];
    logger = new Logger('test');
    jest.spyOn(logger, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
  });
  afterEach(() => jest.useRealTimers());

  it('runs the first pass at once, the next ones on the interval, and stops ticking on stop', async () => {
    const passes: string[] = [];
    const task = new PeriodicTask(scheduler, 'reconcile-test', logger);
    task.start(
      'The test pass',
      1000,
      async () => void passes.push('first'),
      async () => void passes.push('next'),
    );
    expect(scheduler.doesExist('interval', 'reconcile-test')).toBe(true);
    await jest.advanceTimersByTimeAsync(2500);
    expect(passes).toEqual(['first', 'next', 'next']);
    await task.stop();
    expect(scheduler.doesExist('interval', 'reconcile-test')).toBe(false);
    await jest.advanceTimersByTimeAsync(5000);
    expect(passes).toHaveLength(3);
  });

  it('runs once without an interval', async () => {
    let passes = 0;
    const task = new PeriodicTask(scheduler, 'once', logger);
    task.start('The pass', null, async () => void passes++);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(1);
    expect(scheduler.doesExist('interval', 'once')).toBe(false);
  });

  it('skips a tick while the last pass still runs, and stop waits for that pass', async () => {
    let release!: () => void;
    let started = 0;
    let finished = 0;
    const task = new PeriodicTask(scheduler, 'slow', logger);
    task.start('The slow pass', 100, async () => {
      started++;
      await new Promise<void>((resolve) => (release = resolve));
      finished++;
    });
    await jest.advanceTimersByTimeAsync(350);
    expect(started).toBe(1);
    const stopped = task.stop();
    await jest.advanceTimersByTimeAsync(10);
    expect(finished).toBe(0);
    release();
    await stopped;
    expect(finished).toBe(1);
  });

  it('logs a failed pass as a sentence and tries again on the next tick', async () => {
    let calls = 0;
    const task = new PeriodicTask(scheduler, 'failing', logger);
    task.start('Upload reconciliation', 100, async () => {
      calls++;
      if (calls === 1) throw new Error('the database is away');
    });
    await jest.advanceTimersByTimeAsync(150);
    expect(calls).toBe(2);
    expect(errors).toEqual(['Upload reconciliation failed: the database is away']);
    await task.stop();
  });
});
