import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { CurrentUser, Public, Roles, type AuthUser } from '@loadwatch/feature/auth';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import type { ConnectionsResponse, ConnectResponse, ProviderName } from '@loadwatch/shared/contracts';
import { ConnectionsService, type CallbackQuery } from './connections.service';
import { ConnectRequestDto } from './connections.dto';

/** The cookie holding a connect attempt's browser key, one per provider (two tabs may connect both). */
export const CONNECT_COOKIE_PREFIX = 'loadwatch_connect_';
/** As long as the sealed state lives (ConnectionsService). */
const CONNECT_COOKIE_MAX_AGE_MS = 15 * 60_000;
const CONNECT_COOKIE_PATH = '/api/connections';

enum Provider {
  Strava = 'strava',
  Garmin = 'garmin',
}

/**
 * An athlete's provider connections; the OAuth callback is public (a browser redirect carrying the sealed
 * state). The connect sets an HttpOnly SameSite=Lax cookie with the attempt's browser key (scoped to
 * /api/connections): the dashboard's same-origin fetch stores it, and the provider's top-level redirect back
 * to the callback sends it, which binds the attempt to the browser that started it (ConnectionsService).
 */
@ApiTags('connections')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid access token.' })
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<ConnectionsResponse> {
    return this.connections.list(user.id);
  }

  /** Activities belong to athletes: only athlete accounts connect a provider. */
  @Roles('athlete')
  @Post()
  @HttpCode(HttpStatus.OK)
  connect(
    @CurrentUser() user: AuthUser,
    @Body() body: ConnectRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): ConnectResponse {
    const started = this.connections.startConnect(user.id, body.provider);
    response.cookie(CONNECT_COOKIE_PREFIX + body.provider, started.browserKey, {
      ...this.cookieOptions(),
      maxAge: CONNECT_COOKIE_MAX_AGE_MS,
    });
    return started.response;
  }

  @Roles('athlete')
  @Delete(':provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  disconnect(
    @CurrentUser() user: AuthUser,
    @Param('provider', new ParseEnumPipe(Provider)) provider: ProviderName,
  ): Promise<void> {
    return this.connections.disconnect(user.id, provider);
  }

  @Public()
  @Get(':provider/callback')
  async callback(
    @Param('provider', new ParseEnumPipe(Provider)) provider: ProviderName,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
    const params: CallbackQuery = {
      state: text('state'),
      code: text('code'),
      error: text('error'),
      scope: text('scope'),
    };
    const cookie = CONNECT_COOKIE_PREFIX + provider;
    const browserKey = readCookie(request.headers.cookie, cookie);
    // The attempt is over whatever happens, so the cookie goes before anything can throw, with the
    // attributes it was set with (browsers match them before they drop it).
    response.clearCookie(cookie, this.cookieOptions());
    const target = await this.connections.completeConnect(provider, params, browserKey);
    response.redirect(HttpStatus.FOUND, target);
  }

  private cookieOptions(): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.publicUrl.startsWith('https:'),
      path: CONNECT_COOKIE_PATH,
    };
  }
}

/** One cookie's value from a Cookie header (the API mounts no cookie parser; this is its only cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
