import { compareSeverity, FINDING_SEVERITY_ORDER } from './account.contract';

describe('compareSeverity', () => {
  it('sorts roster severities most serious first, athletes without findings last', () => {
    const severities = ['info', null, 'urgent', 'caution', 'warning'] as const;
    expect([...severities].sort(compareSeverity)).toEqual([...FINDING_SEVERITY_ORDER, null]);
  });
});
