import { RULE_CATALOGUE, RULE_IDS } from './rule-catalogue';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from './rules-config';

export const RULES_TABLE_START = '<!-- rules-table:start -->';
export const RULES_TABLE_END = '<!-- rules-table:end -->';

/**
 * The README's rule table, rendered from the rule catalogue with the given thresholds (the defaults unless
 * told). Columns are padded as Prettier pads Markdown tables, so the formatted README keeps the text as is.
 */
export function renderRuleTableMarkdown(config: RulesConfig = DEFAULT_RULES_CONFIG): string {
  const header = ['id', 'condition', 'severity', 'gist', 'source, evidence'];
  const rows = RULE_IDS.map((rule) => {
    const entry = RULE_CATALOGUE[rule];
    return [
      rule,
      entry.condition(config[rule] as Record<string, number>),
      entry.severities.join(' / '),
      entry.gist,
      entry.source,
    ].map(escapeCell);
  });
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => row[column].length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
