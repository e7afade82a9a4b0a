import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { UsersRepository, type UserRole } from '@loadwatch/data-access/db';
import { IS_PUBLIC_ROUTE, type AuthUser } from './auth-user';
import { ACCESS_TOKEN_TYPE, type AccessTokenPayload } from './access-token';
import { ROLES_KEY } from './roles.decorator';

export type AuthenticatedRequest = Request & { user?: AuthUser };

/**
 * The global guard: every route needs a valid access token unless marked @Public(). The account is read on
 * each request, so a deleted account or a changed role takes effect at once, not when the token expires.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new UnauthorizedException(
        'Sign in first: send the access token as "Authorization: Bearer <token>"',
      );
    }
    const payload = await this.verify(token);
    const user = await this.users.findById(payload.sub);
    if (!user) throw new UnauthorizedException('The account of this access token no longer exists');
    request.user = { id: user.id, email: user.email, role: user.role };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException(`Only ${roles.join(' or ')} accounts may do this`);
    }
    return true;
  }

  private async verify(token: string): Promise<AccessTokenPayload> {
    try {
      const payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
      if (payload.typ !== ACCESS_TOKEN_TYPE || typeof payload.sub !== 'string')
        throw new Error('not an access token');
      return payload;
    } catch (error) {
      if (error instanceof TokenExpiredError) {
        throw new UnauthorizedException('The access token has expired: get a new one from /api/auth/refresh');
      }
      throw new UnauthorizedException('The access token is not valid');
    }
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
