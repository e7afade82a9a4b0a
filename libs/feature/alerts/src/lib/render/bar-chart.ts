import { escapeHtml } from './html';

export interface Bar {
  label: string;
  value: number;
  /** What the bar's number says (e.g. "32.0 km"). */
  caption: string;
  highlight?: boolean;
}

/**
 * A small horizontal bar chart as an HTML table: each bar is a cell with a percentage width and a background
 * colour, which Gmail, Outlook and Apple Mail all render (no images, no scripts, no CSS classes).
 */
export function barChartHtml(bars: readonly Bar[]): string {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const rows = bars.map((bar) => {
    const percent = max > 0 ? Math.max(1, Math.round((bar.value / max) * 100)) : 0;
    const colour = bar.highlight ? '#1f6feb' : '#8fb5f0';
    const filled =
      percent > 0
        ? `<td width="${percent}%" style="background:${colour};height:14px;font-size:1px;line-height:1px">&nbsp;</td>`
        : '';
    const empty =
      percent < 100 ? `<td width="${100 - percent}%" style="font-size:1px;line-height:1px">&nbsp;</td>` : '';
    return (
      `<tr><td style="width:90px;font-size:12px;color:#555;padding:2px 6px 2px 0;white-space:nowrap">${escapeHtml(bar.label)}</td>` +
      `<td style="padding:2px 0"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>${filled}${empty}</tr></table></td>` +
      `<td style="width:70px;font-size:12px;text-align:right;padding:2px 0 2px 6px;white-space:nowrap">${escapeHtml(bar.caption)}</td></tr>`
    );
  });
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:8px 0">${rows.join('')}</table>`;
}

/** The same chart in plain text: bars of '#' up to 30 wide. */
export function barChartText(bars: readonly Bar[]): string {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  return bars
    .map((bar) => {
      const width = max > 0 ? Math.round((bar.value / max) * 30) : 0;
      return `${bar.label.padEnd(11)} ${'#'.repeat(width).padEnd(30)} ${bar.caption}`;
    })
    .join('\n');
}
