/** Queue `rules`: evaluating the rules for an athlete after new metrics, symptom logs or profile edits. */
export const RULES_QUEUE = 'rules';

export interface EvaluateRulesPayload {
  athleteId: string;
}

export const rulesJobs = {
  'evaluate-rules': {
    queue: RULES_QUEUE,
    jobId: (p: EvaluateRulesPayload) => `evaluate-rules:${p.athleteId}`,
  },
} as const;
