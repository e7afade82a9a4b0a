import { Module } from '@nestjs/common';
import { AthleteAccessService } from './access/athlete-access.service';
import { CoachLinksController } from './coaching/coach-links.controller';
import { CoachLinksService } from './coaching/coach-links.service';
import { CoachController } from './coaching/coach.controller';
import { InvitationsController } from './coaching/invitations.controller';
import { RosterService } from './coaching/roster.service';
import { AccountDataService } from './me/account-data.service';
import { MeController } from './me/me.controller';
import { SettingsService } from './me/settings.service';

/**
 * Athletes and coaches: settings, data export and account deletion, coach links with the health-data grant,
 * the coach's roster, and the access policy every athlete-scoped route of other features asks.
 */
@Module({
  controllers: [MeController, CoachController, InvitationsController, CoachLinksController],
  providers: [AthleteAccessService, SettingsService, AccountDataService, CoachLinksService, RosterService],
  exports: [AthleteAccessService],
})
export class AthletesModule {}
