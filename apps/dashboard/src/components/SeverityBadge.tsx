import type { FindingSeverity } from '@loadwatch/shared/contracts';
import { SEVERITY_ICON, SEVERITY_LABEL } from '../app/texts';

/** Icon, word and colour: the colour is never the only signal. */
export function SeverityBadge({ severity }: { severity: FindingSeverity | null }) {
  if (severity === null) {
    return (
      <span className="badge badge-none">
        <span aria-hidden="true">✓</span> No open finding
      </span>
    );
  }
  return (
    <span className={`badge badge-${severity}`}>
      <span aria-hidden="true">{SEVERITY_ICON[severity]}</span> {SEVERITY_LABEL[severity]}
    </span>
  );
}
