import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, type Repository } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

export type DigestRecipient = Pick<UserEntity, 'id' | 'role' | 'timeZone' | 'weekStart' | 'emailPreferences'>;

/** The reads of the digest fan-out: every account, a page at a time, in id order (a stable cursor). */
@Injectable()
export class DigestRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  recipientsPage(afterId: string | null, limit: number): Promise<DigestRecipient[]> {
    return this.users.find({
      select: { id: true, role: true, timeZone: true, weekStart: true, emailPreferences: true },
      where: afterId === null ? {} : { id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }
}
