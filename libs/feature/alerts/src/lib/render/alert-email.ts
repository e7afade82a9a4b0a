import type { FindingEntity } from '@loadwatch/data-access/db';
import { escapeHtml, type EmailBody } from './html';

/**
 * An urgent or warning finding, emailed at once. The subject says only that there is one (no health
 * detail: subjects show on lock screens and in notification previews); the body says what and when.
 */
export function alertBody(
  finding: FindingEntity,
  audience: { athleteName: string | null; dashboardUrl: string },
): EmailBody & { subject: string } {
  const urgent = finding.severity === 'urgent';
  const whose = audience.athleteName ? `${audience.athleteName}'s` : 'your';
  const subject = urgent
    ? 'Loadwatch: an urgent alert needs your attention'
    : 'Loadwatch: a new warning on your dashboard';
  const title = urgent ? `An urgent finding in ${whose} log` : `A warning in ${whose} log`;
  const relation = finding.relation ? ` (${finding.relation.replaceAll('_', ' ')})` : '';
  const lines = [
    `${finding.message}${relation}`,
    `Rule ${finding.rule}, ${finding.severity}, dated ${finding.date}.`,
    `See it on the dashboard: ${audience.dashboardUrl}`,
  ];
  const html =
    `<p style="margin:0 0 12px 0;font-size:17px;font-weight:bold;color:${urgent ? '#b00020' : '#c25e00'}">${escapeHtml(lines[0])}</p>` +
    `<p style="margin:0 0 12px 0">${escapeHtml(lines[1])}</p>` +
    `<p style="margin:0"><a href="${escapeHtml(audience.dashboardUrl)}" style="color:#1f6feb">Open the dashboard</a></p>`;
  return { subject, title, html, text: lines.join('\n\n') };
}

/** A coach's invitation to the invitee: who invites, and the link to accept it. */
export function invitationBody(coachName: string, acceptUrl: string): EmailBody & { subject: string } {
  const intro =
    `${coachName} invites you to share your running load on Loadwatch. Once you accept, your coach ` +
    'sees your weekly load and load findings; symptoms and your risk profile stay private unless you grant ' +
    'access, which you can withdraw at any time.';
  return {
    // No free text in the subject: a coach's display name is whatever they typed (body only, escaped).
    subject: 'Loadwatch: an invitation to share your training load',
    title: 'An invitation from your coach',
    html:
      `<p style="margin:0 0 12px 0">${escapeHtml(intro)}</p>` +
      `<p style="margin:0 0 12px 0"><a href="${escapeHtml(acceptUrl)}" style="display:inline-block;background:#1f6feb;color:#ffffff;padding:10px 16px;text-decoration:none;border-radius:4px">Review the invitation</a></p>` +
      `<p style="margin:0;font-size:12px;color:#555">Or open: ${escapeHtml(acceptUrl)}</p>`,
    text: `${intro}\n\nReview the invitation: ${acceptUrl}`,
  };
}
