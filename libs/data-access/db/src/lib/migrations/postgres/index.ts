import type { MigrationInterface } from 'typeorm';
import { Initial1795258443525 } from './1795258443525-initial';
import { ProviderConnections1795265970378 } from './1795265970378-ProviderConnections';
import { ActivitySources1795265988096 } from './1795265988096-ActivitySources';
import { EmailDeliveries1795266031842 } from './1795266031842-EmailDeliveries';
import { EmailLedgerStatusIndex1795267316934 } from './1795267316934-EmailLedgerStatusIndex';
import { FindingsByStatusAndChange1795268297865 } from './1795268297865-FindingsByStatusAndChange';
import { BackfillResumes1795268433827 } from './1795268433827-BackfillResumes';
import { ProviderAccountOwner1795268463967 } from './1795268463967-ProviderAccountOwner';
import { InvitationSends1795268703720 } from './1795268703720-InvitationSends';
import { ProviderTombstones1795275424913 } from './1795275424913-ProviderTombstones';
import { CoachWeekViews1795276679388 } from './1795276679388-CoachWeekViews';
import { DeletedRuns1795277704649 } from './1795277704649-DeletedRuns';

/** PostgreSQL migrations in order; generate new ones with `nx run data-access-db:migration-generate`. */
export const POSTGRES_MIGRATIONS: (new () => MigrationInterface)[] = [
  Initial1795258443525,
  ProviderConnections1795265970378,
  ActivitySources1795265988096,
  EmailDeliveries1795266031842,
  EmailLedgerStatusIndex1795267316934,
  FindingsByStatusAndChange1795268297865,
  BackfillResumes1795268433827,
  ProviderAccountOwner1795268463967,
  InvitationSends1795268703720,
  ProviderTombstones1795275424913,
  CoachWeekViews1795276679388,
  DeletedRuns1795277704649,
];
