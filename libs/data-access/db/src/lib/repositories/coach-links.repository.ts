import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { CoachLinkEntity } from '../entities/coach-link.entity';
import { isUniqueViolation, runTransaction } from '../transactions';

export interface NewInvitation {
  coachId: string;
  inviteEmail: string;
  inviteTokenHash: string;
}

export type InvitationResult =
  { kind: 'invited'; link: CoachLinkEntity } | { kind: 'already-linked'; link: CoachLinkEntity };

@Injectable()
export class CoachLinksRepository {
  constructor(@InjectRepository(CoachLinkEntity) private readonly links: Repository<CoachLinkEntity>) {}

  /**
   * Invites an email, or invites it again with a new token when an earlier invitation is pending or was
   * revoked (one row per coach and email). An accepted link is left alone. The API invites through
   * InvitationSendsRepository.inviteIfAllowed, which throttles first in the same transaction.
   */
  async invite(input: NewInvitation, nowMs = Date.now()): Promise<InvitationResult> {
    const attempt = () => runTransaction(this.links.manager, (em) => upsertInvitation(em, input, nowMs));
    try {
      return await attempt();
    } catch (error) {
      // Two invitations of one email at once: the loser finds the winner's row on a second try.
      if (isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  findById(id: string): Promise<CoachLinkEntity | null> {
    return this.links.findOneBy({ id });
  }

  findByInviteTokenHash(inviteTokenHash: string): Promise<CoachLinkEntity | null> {
    return this.links.findOneBy({ inviteTokenHash });
  }

  /** Accepts a pending invitation; null when it is no longer pending. */
  async accept(id: string, athleteId: string, nowMs = Date.now()): Promise<CoachLinkEntity | null> {
    const result = await this.links.update(
      { id, status: 'invited' },
      { status: 'accepted', athleteId, acceptedAtMs: nowMs, revokedAtMs: null, healthAccess: false },
    );
    return result.affected ? this.findById(id) : null;
  }

  /** Grants or withdraws health-data access on an accepted link; null when it is not accepted. */
  async setHealthAccess(id: string, healthAccess: boolean): Promise<CoachLinkEntity | null> {
    const result = await this.links.update({ id, status: 'accepted' }, { healthAccess });
    return result.affected ? this.findById(id) : null;
  }

  /** Revokes a pending or accepted link, withdrawing any grant with it; null when it was already revoked. */
  async revoke(id: string, nowMs = Date.now()): Promise<CoachLinkEntity | null> {
    const result = await this.links.update(
      { id, status: In(['invited', 'accepted']) },
      { status: 'revoked', healthAccess: false, revokedAtMs: nowMs },
    );
    return result.affected ? this.findById(id) : null;
  }

  /** The accepted link between a coach and an athlete, if any. */
  findAccepted(coachId: string, athleteId: string): Promise<CoachLinkEntity | null> {
    return this.links.findOneBy({ coachId, athleteId, status: 'accepted' });
  }

  /** Links where the user is the athlete or the coach, newest first. */
  listForUser(userId: string): Promise<CoachLinkEntity[]> {
    return this.links.find({
      where: [{ athleteId: userId }, { coachId: userId }],
      order: { createdAtMs: 'DESC' },
    });
  }
}

/** CoachLinksRepository.invite's write, inside the caller's transaction. */
export async function upsertInvitation(
  em: EntityManager,
  input: NewInvitation,
  nowMs: number,
): Promise<InvitationResult> {
  const inviteEmail = input.inviteEmail.toLowerCase();
  const existing = await em.findOneBy(CoachLinkEntity, { coachId: input.coachId, inviteEmail });
  if (existing?.status === 'accepted') return { kind: 'already-linked', link: existing };
  const link = em.create(CoachLinkEntity, {
    id: existing?.id ?? randomUUID(),
    coachId: input.coachId,
    athleteId: null,
    inviteEmail,
    inviteTokenHash: input.inviteTokenHash,
    status: 'invited',
    healthAccess: false,
    createdAtMs: nowMs,
    acceptedAtMs: null,
    revokedAtMs: null,
  });
  if (existing) await em.update(CoachLinkEntity, { id: existing.id }, link);
  else await em.insert(CoachLinkEntity, link);
  return { kind: 'invited', link };
}
