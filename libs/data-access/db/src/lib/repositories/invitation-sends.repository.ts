import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Not, type EntityManager, type Repository } from 'typeorm';
import { CoachLinkEntity } from '../entities/coach-link.entity';
import { InvitationSendEntity } from '../entities/invitation-send.entity';
import { runTransaction } from '../transactions';
import { upsertInvitation, type InvitationResult, type NewInvitation } from './coach-links.repository';

export interface InvitationLimits {
  perCoach: { count: number; windowMs: number };
  perRecipient: { count: number; windowMs: number };
  /** Invitations of one coach still open (invited and not expired) at once. */
  pending: number;
  /** How long an invitation stays open. */
  pendingTtlMs: number;
}

/** Which limit refused an invitation, and from when the next one would pass. */
export type InvitationRefusal =
  { kind: 'coach-rate' | 'recipient-rate'; retryAtMs: number } | { kind: 'pending-cap' };

/** The invitation made (and its send recorded), the accepted link it found, or the limit that refused it. */
export type ThrottledInvitation = InvitationResult | InvitationRefusal;

/**
 * Rows older than this are never counted again (the longest window is a day) and are deleted on the way, so a
 * deleted coach's rows are gone a day later at most.
 */
const KEEP_MS = 24 * 3600 * 1000;

/** The advisory lock namespaces (first key of pg_advisory_xact_lock(int, int)) of the throttle. */
const COACH_LOCK = 'loadwatch:invitations:coach';
const RECIPIENT_LOCK = 'loadwatch:invitations:recipient';

/**
 * The invitation throttle's record: each invitation email sent, by coach and by hashed address. The check,
 * the invitation itself and the record are one transaction, so only invitations actually made (or sent again)
 * count: one refused by a limit or meeting an accepted link records nothing.
 *
 * Concurrency: on PostgreSQL (READ COMMITTED) parallel requests would each count the same rows and all pass,
 * so the transaction first takes two advisory transaction locks, the coach's and the address's (always in
 * that order, so two requests never wait on each other in a cycle); the next request of the same coach or to
 * the same address waits for the commit and then counts the row it added. SQLite runs one transaction at a
 * time (runTransaction) and needs no lock.
 */
@Injectable()
export class InvitationSendsRepository {
  constructor(
    @InjectRepository(InvitationSendEntity) private readonly sends: Repository<InvitationSendEntity>,
  ) {}

  async inviteIfAllowed(
    invitation: NewInvitation,
    limits: InvitationLimits,
    nowMs = Date.now(),
  ): Promise<ThrottledInvitation> {
    const { coachId } = invitation;
    const inviteEmail = invitation.inviteEmail.toLowerCase();
    const recipientHash = createHash('sha256').update(inviteEmail).digest('hex');
    return runTransaction(this.sends.manager, async (em): Promise<ThrottledInvitation> => {
      await advisoryLock(em, COACH_LOCK, coachId);
      await advisoryLock(em, RECIPIENT_LOCK, recipientHash);
      const repository = em.getRepository(InvitationSendEntity);
      // The table holds a day of invitations: small enough to clear of every older row on each send.
      await repository.delete({ sentAtMs: LessThan(nowMs - KEEP_MS) });
      const byCoach = await repository.find({
        where: { coachId, sentAtMs: MoreThan(nowMs - limits.perCoach.windowMs) },
        order: { sentAtMs: 'DESC' },
        take: limits.perCoach.count,
      });
      if (byCoach.length >= limits.perCoach.count) {
        return {
          kind: 'coach-rate',
          retryAtMs: byCoach[byCoach.length - 1].sentAtMs + limits.perCoach.windowMs,
        };
      }
      const byRecipient = await repository.find({
        where: { recipientHash, sentAtMs: MoreThan(nowMs - limits.perRecipient.windowMs) },
        order: { sentAtMs: 'DESC' },
        take: limits.perRecipient.count,
      });
      if (byRecipient.length >= limits.perRecipient.count) {
        return {
          kind: 'recipient-rate',
          retryAtMs: byRecipient[byRecipient.length - 1].sentAtMs + limits.perRecipient.windowMs,
        };
      }
      // Sending an open invitation again opens nothing new; only a new address counts against the cap.
      const open = {
        coachId,
        status: 'invited' as const,
        createdAtMs: MoreThan(nowMs - limits.pendingTtlMs),
      };
      const pending = await em.countBy(CoachLinkEntity, { ...open, inviteEmail: Not(inviteEmail) });
      if (pending >= limits.pending) return { kind: 'pending-cap' };
      const result = await upsertInvitation(em, { ...invitation, inviteEmail }, nowMs);
      if (result.kind === 'invited') {
        await repository.insert({ id: randomUUID(), coachId, recipientHash, sentAtMs: nowMs });
      }
      return result;
    });
  }
}

/** Held until the transaction ends (PostgreSQL); keys hashed into pg_advisory_xact_lock's (int, int). */
async function advisoryLock(em: EntityManager, namespace: string, key: string): Promise<void> {
  if (em.connection.options.type !== 'postgres') return;
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [namespace, key]);
}
