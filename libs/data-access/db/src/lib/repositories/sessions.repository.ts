import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import { SessionEntity } from '../entities/session.entity';
import { runTransaction } from '../transactions';

export interface NewSession {
  userId: string;
  refreshTokenHash: string;
  expiresAtMs: number;
}

/** Thrown inside a rotation's transaction to roll it back when another request rotated the session first. */
class SessionAlreadyRotated extends Error {}

@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>) {}

  async create(input: NewSession, nowMs = Date.now()): Promise<SessionEntity> {
    const session = this.sessions.create({
      id: randomUUID(),
      ...input,
      revokedAtMs: null,
      replacedById: null,
      createdAtMs: nowMs,
    });
    await this.sessions.insert(session);
    return session;
  }

  findByTokenHash(refreshTokenHash: string): Promise<SessionEntity | null> {
    return this.sessions.findOneBy({ refreshTokenHash });
  }

  /**
   * Replaces a live session by a new one. Returns null, changing nothing, when the session was rotated or
   * revoked in the meantime (two refreshes with one token: the second is a reuse).
   */
  async rotate(currentId: string, next: NewSession, nowMs = Date.now()): Promise<SessionEntity | null> {
    try {
      return await runTransaction(this.sessions.manager, async (em) => {
        const session = em.create(SessionEntity, {
          id: randomUUID(),
          ...next,
          revokedAtMs: null,
          replacedById: null,
          createdAtMs: nowMs,
        });
        await em.insert(SessionEntity, session);
        const result = await em.update(
          SessionEntity,
          { id: currentId, replacedById: IsNull(), revokedAtMs: IsNull() },
          { replacedById: session.id },
        );
        if (!result.affected) throw new SessionAlreadyRotated();
        return session;
      });
    } catch (error) {
      if (error instanceof SessionAlreadyRotated) return null;
      throw error;
    }
  }

  /**
   * Revokes a session and every session it was rotated into: after a rotated token is presented again, neither
   * its thief nor its owner may keep using that family. Returns how many sessions were still live.
   */
  async revokeFamilyFrom(sessionId: string, nowMs = Date.now()): Promise<number> {
    return runTransaction(this.sessions.manager, async (em) => {
      const family: string[] = [];
      let next: string | null = sessionId;
      while (next !== null && !family.includes(next)) {
        family.push(next);
        const session: SessionEntity | null = await em.findOne(SessionEntity, {
          select: { id: true, replacedById: true },
          where: { id: next },
        });
        next = session?.replacedById ?? null;
      }
      const result = await em.update(
        SessionEntity,
        { id: In(family), revokedAtMs: IsNull() },
        { revokedAtMs: nowMs },
      );
      return result.affected ?? 0;
    });
  }

  async revokeAllForUser(userId: string, nowMs = Date.now()): Promise<number> {
    const result = await this.sessions.update({ userId, revokedAtMs: IsNull() }, { revokedAtMs: nowMs });
    return result.affected ?? 0;
  }
}
