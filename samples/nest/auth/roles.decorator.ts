import { SetMetadata } from '@nestjs/common';

export const ROLES_KEY = 'sample:roles';

/** The roles allowed to call a route or a tool (any of them). */
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);
