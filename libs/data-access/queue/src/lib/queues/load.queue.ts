/** Queue `load`: rebuilding an athlete's weeks. Debounced per athlete, so a burst of uploads recomputes once. */
export const LOAD_QUEUE = 'load';

export interface RecomputeLoadPayload {
  athleteId: string;
}

export const loadJobs = {
  'recompute-load': {
    queue: LOAD_QUEUE,
    jobId: (p: RecomputeLoadPayload) => `recompute-load:${p.athleteId}`,
  },
} as const;
