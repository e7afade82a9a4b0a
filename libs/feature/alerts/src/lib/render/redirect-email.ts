import { escapeHtml, type EmailBody } from './html';

const BUTTON_STYLE =
  'display:inline-block;background:#1f6feb;color:#ffffff;padding:10px 16px;text-decoration:none;border-radius:4px';

/**
 * To the address someone typed for their urgent alerts: who asked, what confirming means, the link. No
 * health detail: nobody has confirmed this address yet. The account is named by its email address only: its
 * display name is free text the account chose, and this email goes to any address it types, so a display
 * name would let anyone put words of their own in an email Loadwatch sends to a stranger.
 */
export function redirectConfirmationBody(input: {
  accountEmail: string;
  address: string;
  confirmUrl: string;
  /** The day the link stops working, e.g. "2026-05-08 (UTC)". */
  expiresOn: string;
}): EmailBody & { subject: string } {
  const paragraphs = [
    `${input.accountEmail} asked Loadwatch, a training log for runners, to send their urgent alerts to this ` +
      `address (${input.address}).`,
    'Urgent alerts are emailed at once when what they log calls for care without delay, and they say ' +
      `what was found. If you confirm, they will come here instead of to ${input.accountEmail}, until ` +
      'the account changes it; the account is told by email that you confirmed.',
    'Confirm only if you know this person and agree to receive these emails.',
  ];
  const ignore =
    'If you do not know who this is, ignore this email: nothing is sent to this address unless it is ' +
    `confirmed. The link works until ${input.expiresOn}.`;
  return {
    subject: 'Loadwatch: confirm this address for urgent alerts',
    title: 'Confirm an address for urgent alerts',
    html:
      paragraphs.map((p) => `<p style="margin:0 0 12px 0">${escapeHtml(p)}</p>`).join('') +
      `<p style="margin:0 0 12px 0"><a href="${escapeHtml(input.confirmUrl)}" style="${BUTTON_STYLE}">Review and confirm</a></p>` +
      `<p style="margin:0 0 12px 0">${escapeHtml(ignore)}</p>` +
      `<p style="margin:0;font-size:12px;color:#555">Or open: ${escapeHtml(input.confirmUrl)}</p>`,
    text: [...paragraphs, `Review and confirm: ${input.confirmUrl}`, ignore].join('\n\n'),
  };
}

/**
 * To the account's own address once another address confirmed: so that a change the owner did not make
 * (a session someone else holds) does not divert their alerts unnoticed.
 */
export function redirectNoticeBody(input: {
  address: string;
  accountEmail: string;
  /** When it was confirmed, e.g. "2026-05-01 14:03 UTC". */
  confirmedAt: string;
  settingsUrl: string;
}): EmailBody & { subject: string } {
  const paragraphs = [
    `Your urgent alerts now go to ${input.address} instead of ${input.accountEmail}: that address ` +
      `confirmed on ${input.confirmedAt}, after it was entered in your email settings.`,
    'If you did not ask for this, change it back in your email settings and change your password.',
  ];
  return {
    subject: 'Loadwatch: your urgent alerts go to another address now',
    title: `Urgent alerts now go to ${input.address}`,
    html:
      paragraphs.map((p) => `<p style="margin:0 0 12px 0">${escapeHtml(p)}</p>`).join('') +
      `<p style="margin:0"><a href="${escapeHtml(input.settingsUrl)}" style="color:#1f6feb">Open your email settings</a></p>`,
    text: [...paragraphs, `Email settings: ${input.settingsUrl}`].join('\n\n'),
  };
}
