import {
  INVITATION_TOKEN_SEAL,
  unsealPayloadSecret,
  type JobQueue,
  type SendInvitationPayload,
} from '@loadwatch/data-access/queue';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GoneException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type {
  CoachLinkEntity,
  CoachLinksRepository,
  InvitationRefusal,
  InvitationSendsRepository,
  NewInvitation,
  UsersRepository,
} from '@loadwatch/data-access/db';
import { sha256Hex, type AuthUser } from '@loadwatch/feature/auth';
import type { AppConfig } from '@loadwatch/shared/config';
import { CoachLinksService, INVITATION_TTL_MS, RECIPIENT_LIMIT_MESSAGE } from './coach-links.service';

const coach: AuthUser = { id: 'coach', email: 'coach@example.test', role: 'coach' };
const athlete: AuthUser = { id: 'athlete', email: 'athlete@example.test', role: 'athlete' };
const other: AuthUser = { id: 'other', email: 'other@example.test', role: 'athlete' };

/** An in-memory repository holding one link at a time, enough for one invitation's life. */
function memoryLinks() {
  let link: CoachLinkEntity | null = null;
  const repository = {
    invite: async (input: NewInvitation) => {
      if (link?.status === 'accepted') return { kind: 'already-linked', link };
      link = {
        id: 'link',
        athleteId: null,
        status: 'invited',
        healthAccess: false,
        createdAtMs: Date.now(),
        acceptedAtMs: null,
        revokedAtMs: null,
        ...input,
      };
      return { kind: 'invited', link };
    },
    findById: async (id: string) => (link?.id === id ? link : null),
    findByInviteTokenHash: async (hash: string) => (link?.inviteTokenHash === hash ? link : null),
    accept: async (_: string, athleteId: string) =>
      link?.status === 'invited' ? (link = { ...link, status: 'accepted', athleteId }) : null,
    setHealthAccess: async (_: string, healthAccess: boolean) =>
      link?.status === 'accepted' ? (link = { ...link, healthAccess }) : null,
    revoke: async () =>
      link && link.status !== 'revoked' ? (link = { ...link, status: 'revoked', healthAccess: false }) : null,
  } as unknown as CoachLinksRepository;
  return { repository, current: () => link };
}

describe('CoachLinksService', () => {
  let links: ReturnType<typeof memoryLinks>;
  let service: CoachLinksService;
  let enqueued: unknown[][];
  let refusal: InvitationRefusal | null;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    links = memoryLinks();
    refusal = null;
    const users = {
      findById: async (id: string) => (id === coach.id ? { ...coach, displayName: 'Coach' } : null),
    } as unknown as UsersRepository;
    enqueued = [];
    const queue = { enqueue: async (name: string, payload: unknown) => void enqueued.push([name, payload]) };
    service = new CoachLinksService(
      { publicUrl: 'http://localhost:3000/', mail: { secret: 'test-mail-secret' } } as AppConfig,
      links.repository,
      users,
      // The throttle is tested on real databases (libs/data-access/db/test/invitation-sends.repository.medium-spec.ts).
      {
        inviteIfAllowed: async (input: NewInvitation) => refusal ?? links.repository.invite(input),
      } as unknown as InvitationSendsRepository,
      queue as unknown as JobQueue,
    );
  });

  it('enqueues the invitation email with the token sealed, never in the clear', async () => {
    const invitation = await service.invite(coach, athlete.email);
    expect(enqueued).toHaveLength(1);
    const [name, payload] = enqueued[0] as [string, SendInvitationPayload];
    expect(name).toBe('send-invitation');
    expect(payload.linkId).toBe(invitation.link.id);
    expect(JSON.stringify(payload)).not.toContain(invitation.token);
    expect(unsealPayloadSecret('test-mail-secret', INVITATION_TOKEN_SEAL, payload.sealedToken)).toBe(
      invitation.token,
    );
  });

  it('answers a throttled invitation 429, saying nothing of other coaches for the per-address limit', async () => {
    refusal = { kind: 'recipient-rate', retryAtMs: Date.now() + 3 * 3600 * 1000 };
    const recipient = service.invite(coach, athlete.email);
    await expect(recipient).rejects.toMatchObject({
      status: 429,
      message: RECIPIENT_LIMIT_MESSAGE,
    });
    expect(RECIPIENT_LIMIT_MESSAGE).not.toMatch(/\d|invited|times|coach/i);
    refusal = { kind: 'coach-rate', retryAtMs: Date.now() + 30 * 60_000 };
    await expect(service.invite(coach, athlete.email)).rejects.toMatchObject({
      status: 429,
      message: 'Too many invitations: at most 20 an hour; try again in 30 min',
    });
    expect(enqueued).toHaveLength(0);
    expect(links.current()).toBeNull();
  });

  it('invites by email with a token stored only as its hash, and an accept URL', async () => {
    const invitation = await service.invite(coach, athlete.email);
    expect(invitation.acceptUrl).toBe(`http://localhost:3000/invite/${invitation.token}`);
    expect(links.current()?.inviteTokenHash).toBe(sha256Hex(invitation.token));
    expect(invitation.link).not.toHaveProperty('inviteTokenHash');
    await expect(service.invite(coach, coach.email)).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.preview(invitation.token)).resolves.toMatchObject({
      coach: { displayName: 'Coach', email: coach.email },
      inviteEmail: athlete.email,
      status: 'invited',
    });
    await expect(service.preview('y'.repeat(43))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('lets only the invited athlete accept, once, and then refuses a second invitation', async () => {
    const { token } = await service.invite(coach, athlete.email);
    await expect(service.accept(other, token)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.accept(athlete, 'x'.repeat(43))).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.accept(athlete, token)).resolves.toMatchObject({
      status: 'accepted',
      athleteId: 'athlete',
    });
    await expect(service.accept(athlete, token)).resolves.toMatchObject({ status: 'accepted' });
    await expect(service.invite(coach, athlete.email)).rejects.toBeInstanceOf(ConflictException);
  });

  it('refuses an expired or withdrawn invitation', async () => {
    const { token } = await service.invite(coach, athlete.email);
    await expect(service.accept(athlete, token, Date.now() + INVITATION_TTL_MS + 1)).rejects.toThrow(
      /expired/,
    );
    await service.revoke(coach, 'link');
    await expect(service.accept(athlete, token)).rejects.toBeInstanceOf(GoneException);
  });

  it('lets the athlete alone grant and withdraw health access; either side may end the link', async () => {
    const { token } = await service.invite(coach, athlete.email);
    await expect(service.setHealthAccess(athlete, 'link', true)).rejects.toBeInstanceOf(NotFoundException);
    await service.accept(athlete, token);
    await expect(service.setHealthAccess(coach, 'link', true)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.setHealthAccess(other, 'link', true)).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.setHealthAccess(athlete, 'link', true)).resolves.toMatchObject({
      healthAccess: true,
    });
    await expect(service.revoke(other, 'link')).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.revoke(coach, 'link')).resolves.toMatchObject({
      status: 'revoked',
      healthAccess: false,
    });
    await expect(service.revoke(athlete, 'link')).resolves.toMatchObject({ status: 'revoked' });
    await expect(service.setHealthAccess(athlete, 'link', true)).rejects.toBeInstanceOf(ConflictException);
  });
});
