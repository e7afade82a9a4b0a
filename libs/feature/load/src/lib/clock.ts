/** The current instant, injectable so tests can fix "today" (style.md, Tests: fixed clock). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
