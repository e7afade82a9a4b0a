import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { UserRole } from '@loadwatch/data-access/db';

/** The authenticated caller, as the access-token guard puts it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
}

/** The authenticated caller of this request. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest().user,
);

export const IS_PUBLIC_ROUTE = 'loadwatch:public';

/** Marks a route that needs no access token (register, login, refresh, health, invitation lookup). */
export const Public = () => SetMetadata(IS_PUBLIC_ROUTE, true);
