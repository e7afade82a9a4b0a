import { Module } from '@nestjs/common';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { LoadModule } from '@loadwatch/feature/load';
import { Mailer } from '@loadwatch/integrations/mailer';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { OutboxDeletionHook } from './account/outbox-deletion.hook';
import { FindingAlertsJob } from './alerts/finding-alerts.job';
import { DigestComposer } from './digest/digest-composer.service';
import { DigestJobs } from './digest/digest.jobs';
import { EmailSender, MAILER } from './email-sender.service';
import { InvitationEmailJob } from './invitations/invitation-email.job';
import { AlertsReconciler } from './reconcile/alerts-reconciler.service';
import { UrgentRedirectController } from './redirect/urgent-redirect.controller';
import { UrgentRedirectJobs } from './redirect/urgent-redirect.jobs';
import { UrgentRedirectService } from './redirect/urgent-redirect.service';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';

/**
 * Emails (spec/rules.md section 6): urgent and warning alerts at once, weekly digests for athletes and
 * coaches, coach invitations, one-click unsubscribe, the confirmation of another address for urgent alerts
 * (UrgentRedirectController); an account's outbox emails go with it
 * (OutboxDeletionHook). The ticks (DigestTick, AlertsReconcileTick) are provided by the apps that should
 * tick: the worker, and the API on the inline driver. Needs the global DbModule, QueueModule and
 * ConfigModule.
 */
@Module({
  imports: [LoadModule, AthletesModule],
  controllers: [UnsubscribeController, UrgentRedirectController],
  providers: [
    {
      provide: MAILER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Mailer({
          smtpUrl: config.mail.smtpUrl,
          from: config.mail.from,
          outboxDir: config.mail.outboxDir,
        }),
    },
    EmailSender,
    DigestComposer,
    DigestJobs,
    FindingAlertsJob,
    InvitationEmailJob,
    UnsubscribeService,
    UrgentRedirectJobs,
    UrgentRedirectService,
    AlertsReconciler,
    OutboxDeletionHook,
  ],
  exports: [DigestJobs, DigestComposer, AlertsReconciler],
})
export class AlertsModule {}
