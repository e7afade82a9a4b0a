import request, { type Response } from 'supertest';
import type { App } from 'supertest/types';
import { linkCoach, registerUser, type TestUser } from './test-app';

/**
 * The access matrix (spec/rules.md section 7): every route, called by each of these personas about the
 * owner's data, must answer the status its table row says.
 *
 * To add routes: describe them as `AccessRoute`s (a path built from the world, e.g.
 * `/api/athletes/${world.users.owner.id}/symptoms`, and the expected status per persona, often one of the
 * presets below) and call `describeAccessMatrix(routes, () => server)` inside a describe that boots the app.
 */
export const PERSONAS = [
  'owner',
  'coachWithHealth',
  'coachWithoutHealth',
  'unlinkedCoach',
  'otherAthlete',
  'anonymous',
] as const;

export type Persona = (typeof PERSONAS)[number];
export type SignedInPersona = Exclude<Persona, 'anonymous'>;
export type Expected = Record<Persona, number>;

/** Reading the owner's load data (activities, weeks, load findings) by athlete id. */
export const LOAD_READ: Expected = {
  owner: 200,
  coachWithHealth: 200,
  coachWithoutHealth: 200,
  unlinkedCoach: 404,
  otherAthlete: 404,
  anonymous: 401,
};

/** Reading the owner's health data (symptom logs, risk profile) by athlete id. */
export const HEALTH_READ: Expected = { ...LOAD_READ, coachWithoutHealth: 403 };

/** A route about the caller themself (`/api/me...`): every signed-in persona reaches only their own data. */
export const SELF = (status = 200): Expected => ({
  owner: status,
  coachWithHealth: status,
  coachWithoutHealth: status,
  unlinkedCoach: status,
  otherAthlete: status,
  anonymous: 401,
});

/** A route for coach accounts only. */
export const COACH_ONLY = (status = 200): Expected => ({
  owner: 403,
  coachWithHealth: status,
  coachWithoutHealth: status,
  unlinkedCoach: status,
  otherAthlete: 403,
  anonymous: 401,
});

/**
 * The owner (an athlete), two coaches the owner accepted (one granted health-data access), a coach with no
 * link and another athlete.
 */
export interface MatrixWorld {
  server: App;
  users: Record<SignedInPersona, TestUser>;
  links: { withHealth: string; withoutHealth: string };
}

export async function createMatrixWorld(server: App): Promise<MatrixWorld> {
  const users: Record<SignedInPersona, TestUser> = {
    owner: await registerUser(server, 'athlete', 'Owner'),
    coachWithHealth: await registerUser(server, 'coach', 'Coach With Health'),
    coachWithoutHealth: await registerUser(server, 'coach', 'Coach Without Health'),
    unlinkedCoach: await registerUser(server, 'coach', 'Unlinked Coach'),
    otherAthlete: await registerUser(server, 'athlete', 'Other Athlete'),
  };
  return {
    server,
    users,
    links: {
      withHealth: await linkCoach(server, users.coachWithHealth, users.owner, true),
      withoutHealth: await linkCoach(server, users.coachWithoutHealth, users.owner, false),
    },
  };
}

export interface RouteRequest {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
  /** Extra request headers (a provider's own header on a public webhook route). */
  headers?: Record<string, string>;
}

export interface AccessRoute {
  /** How the table row reads, e.g. `GET /api/athletes/:id/weeks`. */
  name: string;
  request: (world: MatrixWorld) => RouteRequest | Promise<RouteRequest>;
  expect: Expected;
  /** A new world for every persona: the request changes what the others' rows rely on. */
  fresh?: boolean;
  /** More checks of a response (its content per persona). */
  check?: (response: Response, persona: Persona, world: MatrixWorld) => void | Promise<void>;
}

export async function sendAs(world: MatrixWorld, persona: Persona, route: AccessRoute): Promise<Response> {
  const { method, path, body, headers } = await route.request(world);
  let call = request(world.server)[method](path);
  if (persona !== 'anonymous') call = call.set(world.users[persona].auth);
  if (headers) call = call.set(headers);
  return body === undefined ? call : call.send(body);
}

/** One test per route and persona, in the order of the table. */
export function describeAccessMatrix(routes: AccessRoute[], server: () => App): void {
  let shared: MatrixWorld;
  beforeAll(async () => {
    shared = await createMatrixWorld(server());
  });

  const rows = routes.flatMap((route) =>
    PERSONAS.map((persona) => [route.name, persona, route.expect[persona], route] as const),
  );
  it.each(rows)('%s as %s -> %i', async (_, persona, status, route) => {
    const world = route.fresh ? await createMatrixWorld(server()) : shared;
    const response = await sendAs(world, persona, route);
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    await route.check?.(response, persona, world);
  });
}
