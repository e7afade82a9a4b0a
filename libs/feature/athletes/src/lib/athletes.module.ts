import { Module } from '@nestjs/common';
import { AthleteAccessService } from './access/athlete-access.service';
import { CoachLinksController } from './coaching/coach-links.controller';
import { CoachLinksService } from './coaching/coach-links.service';
import { CoachController } from './coaching/coach.controller';
import { InvitationsController } from './coaching/invitations.controller';
import { AccountDataService } from './me/account-data.service';
import { AccountDeletionHooks } from './me/account-deletion-hooks';
import { MeController } from './me/me.controller';
import { SettingsService } from './me/settings.service';

/**
 * Athletes and coaches: settings, data export and account deletion, coach links with the health-data grant,
 * and the access policy every athlete-scoped route of other features asks. Features that hold more of an
 * account outside the database register an AccountDeletionHook.
 */
@Module({
  controllers: [MeController, CoachController, InvitationsController, CoachLinksController],
  providers: [
    AthleteAccessService,
    SettingsService,
    AccountDataService,
    AccountDeletionHooks,
    CoachLinksService,
  ],
  exports: [AthleteAccessService, AccountDeletionHooks],
})
export class AthletesModule {}
