import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditLogRepository, CoachLinksRepository } from '@loadwatch/data-access/db';
import type { AuthUser } from '@loadwatch/feature/auth';
import type { AccessScope } from './athlete-access';

/**
 * Who may read whose data (spec/rules.md section 7). Every route that takes an athlete id asks here first.
 * Admins get no special access: health data is shown to the athlete and to coaches they granted it, only.
 */
@Injectable()
export class AthleteAccessService {
  constructor(
    private readonly links: CoachLinksRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  /**
   * The athlete whose data the viewer may read for `scope`: the viewer themself when `athleteId` is undefined
   * (or their own id), otherwise an athlete who accepted the viewer as coach, with the health-data grant for
   * `health`. A coach's health read is written to the audit log as `action` (e.g. `read:symptoms`).
   * Throws NotFoundException when there is no accepted link (whether the athlete exists stays unsaid) and
   * ForbiddenException when the link lacks the health grant.
   */
  async resolve(
    viewer: AuthUser,
    athleteId: string | undefined,
    scope: AccessScope,
    action: string,
  ): Promise<string> {
    if (athleteId === undefined || athleteId === viewer.id) return viewer.id;
    const link = await this.links.findAccepted(viewer.id, athleteId);
    if (!link) throw new NotFoundException('No athlete with this id is linked to you');
    if (scope === 'health') {
      if (!link.healthAccess) {
        throw new ForbiddenException(
          'This athlete has not shared health data (symptoms, risk profile) with you',
        );
      }
      await this.audit.record({ actorId: viewer.id, athleteId, action });
    }
    return athleteId;
  }

  /** Whether the viewer may see this athlete's health data: always their own, a coach's only with the grant. */
  async canSeeHealth(viewer: AuthUser, athleteId: string): Promise<boolean> {
    if (athleteId === viewer.id) return true;
    const link = await this.links.findAccepted(viewer.id, athleteId);
    return link?.healthAccess === true;
  }
}
