/** What the athlete view shows that a background recompute rewrites. */
export interface Recomputed<W, F> {
  weeks: W;
  findings: F;
}

export interface AwaitRecomputeOptions {
  /** Pause before each request. */
  intervalMs: number;
  /** Requests at most, so the wait is bounded (`intervalMs * maxTicks`). */
  maxTicks: number;
  /** Once the weeks changed, requests for findings that may still change. */
  findingsTicks: number;
  /** Stops the wait (the page went away, or another change started one of its own). */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Every second for at most 60 s (a recompute on a busy server can take tens of seconds; the page only asks
 * while it waits for a change the athlete made); the findings get 3 s more after the weeks changed.
 */
export const RECOMPUTE_POLL: AwaitRecomputeOptions = { intervalMs: 1000, maxTicks: 60, findingsTicks: 3 };

/**
 * - `updated`: the weeks changed (and the findings too, or they stayed the same for `findingsTicks`, or the
 *   time ran out while waiting for them).
 * - `unchanged`: nothing changed in the time allowed; the latest answers are shown all the same.
 * - `aborted`: stopped by the signal; nothing more is shown.
 */
export type RecomputeOutcome = 'updated' | 'unchanged' | 'aborted';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Deleting or splitting an activity answers at once and queues `recompute-load`, which rewrites the weeks and
 * then queues `evaluate-rules` for the findings. The API exposes no computed-at stamp or job status (weekly
 * metrics keep `computedAtMs` in the database only, and an unchanged week keeps its old one), so the page asks
 * again until the weeks differ from `before`, then gives the findings a few more requests, since an
 * evaluation may rightly leave them as they were. Each change is shown as soon as it is seen (`show`); the
 * wait is bounded by `maxTicks`, after which the latest answers are shown as they are.
 */
export async function awaitRecompute<W, F>(
  load: { weeks: () => Promise<W>; findings: () => Promise<F> },
  before: Partial<Recomputed<W, F>>,
  show: { weeks: (weeks: W) => void; findings: (findings: F) => void },
  options: AwaitRecomputeOptions = RECOMPUTE_POLL,
): Promise<RecomputeOutcome> {
  const sleep = options.sleep ?? wait;
  let weeks: W | undefined;
  let findings: F | undefined;
  let weeksChanged = false;
  let findingsChanged = false;
  let sinceWeeks = 0;
  for (let tick = 1; tick <= options.maxTicks; tick++) {
    await sleep(options.intervalMs);
    if (options.signal?.aborted) return 'aborted';
    const [nextWeeks, nextFindings] = await Promise.all([
      weeksChanged ? Promise.resolve(weeks as W) : load.weeks(),
      findingsChanged ? Promise.resolve(findings as F) : load.findings(),
    ]);
    if (options.signal?.aborted) return 'aborted';
    weeks = nextWeeks;
    findings = nextFindings;
    if (!weeksChanged && !same(weeks, before.weeks)) {
      weeksChanged = true;
      show.weeks(weeks);
    }
    if (!findingsChanged && !same(findings, before.findings)) {
      findingsChanged = true;
      show.findings(findings);
    }
    if (weeksChanged && (findingsChanged || ++sinceWeeks > options.findingsTicks)) return 'updated';
  }
  if (weeksChanged) return 'updated';
  if (weeks !== undefined) show.weeks(weeks);
  if (findings !== undefined) show.findings(findings);
  return 'unchanged';
}
