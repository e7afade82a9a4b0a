import type { INestApplicationContext } from '@nestjs/common';
import { UsersRepository } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { AccountDataService, CoachLinksService, SettingsService } from '@loadwatch/feature/athletes';
import { AuthService, type AuthUser } from '@loadwatch/feature/auth';
import { ActivitiesService, UploadsService } from '@loadwatch/feature/ingestion';
import { FindingsService, RiskProfileService, SymptomsService } from '@loadwatch/feature/rules';
import type { FindingSeverity, UploadView } from '@loadwatch/shared/contracts';
import { encodePlannedRun, type DemoFile } from './demo-files';
import { DEMO_COACH, DEMO_PASSWORD, type DemoAthletePlan, type DemoPlan } from './demo-plan';

export interface SeededAthlete {
  plan: DemoAthletePlan;
  id: string;
  files: number;
  activities: number;
  /** Files the upload service rejected (only expected among real sample files), with the reason. */
  rejected: { fileName: string; reason: string | null }[];
  /** Open findings by severity, and the rules among them. */
  findings: Record<FindingSeverity, number>;
  rules: string[];
}

export interface SeedResult {
  coach: { id: string; email: string; displayName: string };
  athletes: SeededAthlete[];
  /** Milliseconds spent in each phase. */
  timings: Record<string, number>;
}

const UPLOAD_PAGE = 200;

/**
 * Seeds the demo through the application's own services, as the API would on the athletes' and coach's
 * requests: accounts, settings, risk profiles, FIT uploads, symptom logs, invitations and grants. The job
 * queue is drained after each phase, so the rules see each athlete's activities complete before any symptom
 * log, and the logs in date order: findings grow, and are not written only to be retracted. (Within one
 * athlete's upload, recompute-load waits out its debounce of 2 s, longer than storing the files takes.)
 */
export class DemoSeeder {
  private readonly auth: AuthService;
  private readonly users: UsersRepository;
  private readonly settings: SettingsService;
  private readonly coachLinks: CoachLinksService;
  private readonly accountData: AccountDataService;
  private readonly uploads: UploadsService;
  private readonly activities: ActivitiesService;
  private readonly symptoms: SymptomsService;
  private readonly riskProfiles: RiskProfileService;
  private readonly findings: FindingsService;
  private readonly queue: JobQueue;

  constructor(app: INestApplicationContext) {
    this.auth = app.get(AuthService);
    this.users = app.get(UsersRepository);
    this.settings = app.get(SettingsService);
    this.coachLinks = app.get(CoachLinksService);
    this.accountData = app.get(AccountDataService);
    this.uploads = app.get(UploadsService);
    this.activities = app.get(ActivitiesService);
    this.symptoms = app.get(SymptomsService);
    this.riskProfiles = app.get(RiskProfileService);
    this.findings = app.get(FindingsService);
    this.queue = app.get<JobQueue>(JOB_QUEUE);
  }

  /** The demo counts as seeded once its coach exists: the coach is created last. */
  async isSeeded(): Promise<boolean> {
    return (await this.users.findByEmail(DEMO_COACH.email)) !== null;
  }

  /** Deletes the demo accounts that exist, with all their data, through the account-deletion service. */
  async reset(plan: DemoPlan): Promise<number> {
    let deleted = 0;
    for (const email of demoEmails(plan)) {
      const user = await this.users.findByEmail(email);
      if (!user) continue;
      await this.accountData.delete(user.id);
      deleted += 1;
    }
    return deleted;
  }

  async seed(plan: DemoPlan, sampleFiles: DemoFile[]): Promise<SeedResult> {
    const timings: Record<string, number> = {};
    const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        timings[phase] = Math.round(performance.now() - started);
      }
    };

    for (const email of demoEmails(plan)) {
      if (await this.users.findByEmail(email)) {
        throw new Error(
          `The demo account ${email} exists without the demo coach (an interrupted seed?): ` +
            'run `loadwatch seed-demo --reset`.',
        );
      }
    }
    const files = await timed('encode', async () =>
      plan.athletes.map((athlete) =>
        athlete.activities === 'samples'
          ? sampleFiles
          : athlete.runs.map((run) => encodePlannedRun(run, athlete.timeZone)),
      ),
    );

    const athletes = await timed('accounts', async () => {
      const users: AuthUser[] = [];
      for (const athlete of plan.athletes) {
        const user = await this.register(athlete.email, athlete.displayName, 'athlete');
        await this.settings.update(user.id, {
          timeZone: athlete.timeZone,
          thresholdPace: athlete.thresholdPace,
          returnToRun: athlete.returnToRun,
        });
        for (const version of athlete.profiles) await this.riskProfiles.save(user.id, version);
        users.push(user);
      }
      await this.queue.drain();
      return users;
    });

    await timed('uploads', async () => {
      for (const [index, user] of athletes.entries()) {
        await timed(`upload:${plan.athletes[index].key}`, () => this.uploads.accept(user.id, files[index]));
        await this.queue.drain();
      }
    });

    await timed('symptoms', async () => {
      for (const [index, user] of athletes.entries()) {
        const logs = [...plan.athletes[index].symptoms].sort((a, b) => a.date.localeCompare(b.date));
        for (const log of logs) await this.symptoms.create(user.id, log);
      }
      await this.queue.drain();
    });

    const coach = await timed('coach', async () => {
      const user = await this.register(DEMO_COACH.email, DEMO_COACH.displayName, 'coach');
      for (const [index, athlete] of athletes.entries()) {
        const { link, token } = await this.coachLinks.invite(user, athlete.email);
        await this.coachLinks.accept(athlete, token);
        if (plan.athletes[index].healthAccess) await this.coachLinks.setHealthAccess(athlete, link.id, true);
      }
      await this.queue.drain();
      return user;
    });

    const seeded = await timed('summary', () =>
      Promise.all(athletes.map((user, index) => this.describe(plan.athletes[index], user.id))),
    );
    for (const athlete of seeded) {
      if (athlete.plan.activities === 'generated' && athlete.rejected.length > 0) {
        const [first] = athlete.rejected;
        throw new Error(
          `A generated file of ${athlete.plan.displayName} was not processed: ${first.fileName}: ${first.reason}`,
        );
      }
    }
    return {
      coach: { id: coach.id, email: coach.email, displayName: DEMO_COACH.displayName },
      athletes: seeded,
      timings,
    };
  }

  private async register(email: string, displayName: string, role: 'athlete' | 'coach'): Promise<AuthUser> {
    const { user } = await this.auth.register({ email, password: DEMO_PASSWORD, displayName, role });
    return { id: user.id, email: user.email, role: user.role };
  }

  private async describe(plan: DemoAthletePlan, id: string): Promise<SeededAthlete> {
    const uploads: UploadView[] = [];
    for (let offset = 0; ; offset += UPLOAD_PAGE) {
      const page = await this.uploads.list(id, { limit: UPLOAD_PAGE, offset });
      uploads.push(...page.items);
      if (uploads.length >= page.total || page.items.length === 0) break;
    }
    const { total: activities } = await this.activities.list(id, { limit: 1, offset: 0 }, 'owner');
    const { findings } = await this.findings.list(id, 'open');
    const bySeverity: Record<FindingSeverity, number> = { urgent: 0, warning: 0, caution: 0, info: 0 };
    for (const finding of findings) bySeverity[finding.severity] += 1;
    return {
      plan,
      id,
      files: uploads.length,
      activities,
      rejected: uploads
        .filter((upload) => upload.status !== 'processed')
        .map((upload) => ({ fileName: upload.fileName, reason: upload.reason ?? upload.status })),
      findings: bySeverity,
      rules: [...new Set(findings.map((finding) => finding.rule))].sort(),
    };
  }
}

/** The demo's accounts: the athletes, then the coach. */
export function demoEmails(plan: DemoPlan): string[] {
  return [...plan.athletes.map((athlete) => athlete.email), DEMO_COACH.email];
}
