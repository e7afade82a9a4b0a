import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DRIVERS } from '@loadwatch/testing';
import {
  CoachLinkEntity,
  CoachLinksRepository,
  InvitationSendEntity,
  InvitationSendsRepository,
  type InvitationLimits,
  type ThrottledInvitation,
} from '../src';
import { openDatabase, rows } from './support/account-rows';

jest.setTimeout(60_000);

const HOUR = 3600 * 1000;
const LIMITS: InvitationLimits = {
  perCoach: { count: 20, windowMs: HOUR },
  perRecipient: { count: 3, windowMs: 24 * HOUR },
  pending: 100,
  pendingTtlMs: 14 * 24 * HOUR,
};
const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

describe.each(DRIVERS)('InvitationSendsRepository on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sends: InvitationSendsRepository;
  let links: CoachLinksRepository;
  let make: ReturnType<typeof rows>;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    sends = new InvitationSendsRepository(dataSource.getRepository(InvitationSendEntity));
    links = new CoachLinksRepository(dataSource.getRepository(CoachLinkEntity));
    make = rows(dataSource);
  });
  afterAll(() => close?.());

  const invite = (coachId: string, inviteEmail: string, nowMs = NOW) =>
    sends.inviteIfAllowed(
      { coachId, inviteEmail, inviteTokenHash: randomUUID().padEnd(64, '0') },
      LIMITS,
      nowMs,
    );
  const kinds = (results: ThrottledInvitation[]) =>
    results.reduce<Record<string, number>>(
      (count, r) => ({ ...count, [r.kind]: (count[r.kind] ?? 0) + 1 }),
      {},
    );
  const recorded = (where: Partial<InvitationSendEntity>) =>
    dataSource.getRepository(InvitationSendEntity).countBy(where);

  it('lets exactly the per-coach limit of 30 parallel invitations of one coach pass', async () => {
    const coach = await make.user({ role: 'coach' });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => invite(coach.id, `parallel-${i}-${randomUUID()}@example.test`)),
    );
    expect(kinds(results)).toEqual({ invited: 20, 'coach-rate': 10 });
    await expect(recorded({ coachId: coach.id })).resolves.toBe(20);
    await expect(dataSource.getRepository(CoachLinkEntity).countBy({ coachId: coach.id })).resolves.toBe(20);
  });

  it('lets exactly the per-address limit of 30 parallel invitations from 30 coaches pass', async () => {
    const coaches = await Promise.all(Array.from({ length: 30 }, () => make.user({ role: 'coach' })));
    const email = `popular-${randomUUID()}@example.test`;
    const results = await Promise.all(coaches.map((coach) => invite(coach.id, email)));
    expect(kinds(results)).toEqual({ invited: 3, 'recipient-rate': 27 });
    await expect(dataSource.getRepository(CoachLinkEntity).countBy({ inviteEmail: email })).resolves.toBe(3);
  });

  it('records only invitations made or sent again: not one meeting an accepted link, nor a refused one', async () => {
    const coach = await make.user({ role: 'coach' });
    const athlete = await make.user();
    const first = await invite(coach.id, athlete.email);
    expect(first.kind).toBe('invited');
    if (first.kind !== 'invited') return;
    await links.accept(first.link.id, athlete.id, NOW);
    for (let i = 0; i < 5; i++) {
      await expect(invite(coach.id, athlete.email.toUpperCase(), NOW + i)).resolves.toMatchObject({
        kind: 'already-linked',
        link: { id: first.link.id },
      });
    }
    await expect(recorded({ coachId: coach.id })).resolves.toBe(1);

    // Another coach can still invite that address twice more: the accepted-link attempts did not count.
    const other = await make.user({ role: 'coach' });
    await expect(invite(other.id, athlete.email, NOW + 10)).resolves.toMatchObject({ kind: 'invited' });
    await expect(invite(other.id, athlete.email, NOW + 11)).resolves.toMatchObject({ kind: 'invited' });
    await expect(invite(other.id, athlete.email, NOW + 12)).resolves.toMatchObject({
      kind: 'recipient-rate',
      retryAtMs: NOW + 24 * HOUR,
    });
    await expect(recorded({ coachId: other.id })).resolves.toBe(2);
  });

  it('lets a coach send again an hour later, and ignores rows older than a day', async () => {
    const coach = await make.user({ role: 'coach' });
    const results = [];
    for (let i = 0; i < 21; i++)
      results.push(await invite(coach.id, `seq-${i}-${randomUUID()}@example.test`));
    expect(results[20]).toEqual({ kind: 'coach-rate', retryAtMs: NOW + HOUR });
    await expect(
      invite(coach.id, `later-${randomUUID()}@example.test`, NOW + HOUR + 1),
    ).resolves.toMatchObject({
      kind: 'invited',
    });
    await invite(coach.id, `next-day-${randomUUID()}@example.test`, NOW + 25 * HOUR);
    // The 20 rows of NOW are gone; the one of an hour later and the new one are kept.
    await expect(recorded({ coachId: coach.id })).resolves.toBe(2);
  });
});
