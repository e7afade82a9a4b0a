import type { NeurologicalFlag, SystemicFlag } from '@loadwatch/shared/contracts';
import { EMERGENCY_MESSAGE, NEUROLOGICAL_QUESTIONS } from '../app/texts';

export interface RedFlagAdvice {
  level: 'emergency' | 'prompt' | 'soon';
  message: string;
}

const EMERGENCY_FLAGS = new Set(NEUROLOGICAL_QUESTIONS.filter((q) => q.emergency).map((q) => q.value));

/**
 * What to tell the athlete the moment boxes are ticked, before the log is saved (spec/rules.md R12-R14): the
 * same severities the server's rules give the saved log. Progressive numbness or weakness of one leg is urgent
 * (R13); the systemic questions matter with back pain (R14), but are answered here before the region is.
 */
export function redFlagAdvice(
  neurological: readonly NeurologicalFlag[],
  systemic: readonly SystemicFlag[],
): RedFlagAdvice[] {
  const advice: RedFlagAdvice[] = [];
  const oneSide = neurological.some((f) => f === 'leg_numbness_one_side' || f === 'leg_weakness_one_side');
  if (neurological.some((f) => EMERGENCY_FLAGS.has(f)) || (oneSide && neurological.includes('progressive'))) {
    advice.push({ level: 'emergency', message: EMERGENCY_MESSAGE });
  } else if (oneSide) {
    advice.push({
      level: 'prompt',
      message:
        'Get this checked by a clinician promptly: numbness or weakness in a leg needs an examination.',
    });
  }
  if (systemic.length > 0) {
    advice.push({
      level: 'soon',
      message:
        'Seek a medical assessment today or tomorrow: back pain together with this needs a doctor to look for other causes.',
    });
  }
  return advice;
}
