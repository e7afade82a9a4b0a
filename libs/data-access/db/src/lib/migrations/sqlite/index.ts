import type { MigrationInterface } from 'typeorm';
import { Initial1795258440886 } from './1795258440886-initial';
import { ProviderConnections1795265968561 } from './1795265968561-ProviderConnections';
import { ActivitySources1795265986190 } from './1795265986190-ActivitySources';
import { EmailDeliveries1795266029028 } from './1795266029028-EmailDeliveries';
import { EmailLedgerStatusIndex1795267313277 } from './1795267313277-EmailLedgerStatusIndex';
import { FindingsByStatusAndChange1795268294269 } from './1795268294269-FindingsByStatusAndChange';
import { BackfillResumes1795268427538 } from './1795268427538-BackfillResumes';
import { ProviderAccountOwner1795268459113 } from './1795268459113-ProviderAccountOwner';
import { InvitationSends1795268695434 } from './1795268695434-InvitationSends';
import { ProviderTombstones1795275422172 } from './1795275422172-ProviderTombstones';
import { CoachWeekViews1795276676689 } from './1795276676689-CoachWeekViews';
import { DeletedRuns1795277702254 } from './1795277702254-DeletedRuns';

/** SQLite migrations in order; generate new ones with `nx run data-access-db:migration-generate`. */
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Initial1795258440886,
  ProviderConnections1795265968561,
  ActivitySources1795265986190,
  EmailDeliveries1795266029028,
  EmailLedgerStatusIndex1795267313277,
  FindingsByStatusAndChange1795268294269,
  BackfillResumes1795268427538,
  ProviderAccountOwner1795268459113,
  InvitationSends1795268695434,
  ProviderTombstones1795275422172,
  CoachWeekViews1795276676689,
  DeletedRuns1795277702254,
];
