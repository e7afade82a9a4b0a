import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@loadwatch/data-access/db';

export const ROLES_KEY = 'loadwatch:roles';

/** Restricts a route to accounts of these roles; the access-token guard answers 403 to others. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);
