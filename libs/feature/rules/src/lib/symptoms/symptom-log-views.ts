import type { SymptomLogEntity } from '@loadwatch/data-access/db';
import type { SymptomLog } from '@loadwatch/domain/rules';
import type { SymptomLogView } from '@loadwatch/shared/contracts';

/** A stored log in the API's snake_case vocabulary (the same as its input). */
export function toSymptomLogView(log: SymptomLogEntity): SymptomLogView {
  return {
    id: log.id,
    date: log.date,
    region: log.region as SymptomLogView['region'],
    side: log.side as SymptomLogView['side'],
    severity: log.severity,
    when: log.when as SymptomLogView['when'],
    aggravators: log.aggravators as SymptomLogView['aggravators'],
    neurological: log.neurological as SymptomLogView['neurological'],
    systemic: log.systemic as SymptomLogView['systemic'],
    can_walk_normally: log.canWalkNormally,
    notes: log.notes,
  };
}

/** A stored log as the rules read it; its id is the stored id findings point to. */
export function toSymptomLog(log: SymptomLogEntity): SymptomLog {
  return {
    id: log.id,
    date: log.date,
    region: log.region as SymptomLog['region'],
    side: log.side as SymptomLog['side'],
    severity: log.severity,
    when: log.when as SymptomLog['when'],
    aggravators: log.aggravators as SymptomLog['aggravators'],
    neurological: log.neurological as SymptomLog['neurological'],
    systemic: log.systemic as SymptomLog['systemic'],
    canWalkNormally: log.canWalkNormally,
    notes: log.notes,
  };
}
