import { FRAMING_NOTE } from '@loadwatch/domain/rules';

const URGENT_NOTE =
  'Urgent alerts cannot be switched off; you can send them to another address in your email settings.';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface EmailBody {
  /** Shown as the first heading. */
  title: string;
  html: string;
  text: string;
}

export interface EmailFooter {
  /** The one-click unsubscribe link of this email's kind; null: the kind cannot be switched off. */
  unsubscribeUrl: string | null;
  /** Said instead of the link when there is none (default: the urgent alerts' note). */
  withoutUnsubscribe?: string;
  settingsUrl: string;
  /** Why this recipient gets it (e.g. "You get this because ..."). */
  reason: string;
}

/**
 * Both parts of an email: a table layout with inline styles only (mail clients drop <style> blocks and never
 * run scripts), and a plain-text part with the same content. Every footer carries the framing note of
 * spec/rules.md section 8.
 */
export function layout(body: EmailBody, footer: EmailFooter): { html: string; text: string } {
  const noLink = footer.withoutUnsubscribe ?? URGENT_NOTE;
  const settingsLink = `<a href="${escapeHtml(footer.settingsUrl)}" style="color:#555">Email settings</a>`;
  const linksHtml = footer.unsubscribeUrl
    ? `<a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:#555">Unsubscribe from these emails</a> · ${settingsLink}`
    : `${escapeHtml(noLink)}${footer.withoutUnsubscribe ? '' : ` ${settingsLink}`}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(body.title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4"><tr><td align="center" style="padding:16px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#222">
<tr><td style="padding:20px 24px 8px 24px"><h1 style="margin:0;font-size:20px">${escapeHtml(body.title)}</h1></td></tr>
<tr><td style="padding:8px 24px 16px 24px">${body.html}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #ddd;font-size:12px;color:#555">
<p style="margin:0 0 8px 0">${escapeHtml(FRAMING_NOTE)}</p>
<p style="margin:0 0 8px 0">${escapeHtml(footer.reason)}</p>
<p style="margin:0">${linksHtml}</p>
</td></tr></table></td></tr></table>
</body></html>
`;
  const text = [
    body.title,
    '='.repeat(Math.min(body.title.length, 72)),
    '',
    body.text.trim(),
    '',
    '-- ',
    FRAMING_NOTE,
    '',
    footer.reason,
    footer.unsubscribeUrl ? `Unsubscribe from these emails: ${footer.unsubscribeUrl}` : noLink,
    ...(footer.withoutUnsubscribe ? [] : [`Email settings: ${footer.settingsUrl}`]),
    '',
  ].join('\n');
  return { html, text };
}

/** Distance for people: km or miles, one decimal. */
export function formatDistance(metres: number, units: 'km' | 'mi'): string {
  return units === 'mi' ? `${(metres / 1609.344).toFixed(1)} mi` : `${(metres / 1000).toFixed(1)} km`;
}

/** A ratio as a signed percentage ("+12 %"), or "n/a". */
export function formatChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'n/a';
  const percent = Math.round(ratio * 100);
  return `${percent > 0 ? '+' : ''}${percent} %`;
}

export function formatShare(share: number | null): string {
  return share === null || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(1)} %`;
}
