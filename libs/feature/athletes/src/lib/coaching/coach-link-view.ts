import type { CoachLinkEntity } from '@loadwatch/data-access/db';
import type { CoachLinkView } from '@loadwatch/shared/contracts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A link as the API shows it: never the invitation token's hash. */
export function toCoachLinkView(link: CoachLinkEntity): CoachLinkView {
  return {
    id: link.id,
    coachId: link.coachId,
    athleteId: link.athleteId,
    inviteEmail: link.inviteEmail,
    status: link.status,
    healthAccess: link.healthAccess,
    createdAt: new Date(link.createdAtMs).toISOString(),
    acceptedAt: iso(link.acceptedAtMs),
    revokedAt: iso(link.revokedAtMs),
  };
}
