import type { Role } from '../api/types';

/** What each role may do: a copy of the server's table (src/platform/auth/roles.ts), to hide actions. */
export type Permission =
  | 'ente.update'
  | 'people.manage'
  | 'desks.manage'
  | 'channels.manage'
  | 'channels.credentials'
  | 'audit.read';

const GRANTS: Record<Role, readonly Permission[]> = {
  amministratore: ['ente.update', 'people.manage', 'desks.manage', 'channels.manage', 'channels.credentials', 'audit.read'],
  social_media_manager: ['desks.manage', 'channels.manage', 'channels.credentials'],
  redattore: [],
  proponente: [],
  approvatore: [],
  osservatore: [],
};

/** Whether any of the roles grants the permission. The API enforces it anyway. */
export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => (GRANTS[r as Role] ?? []).includes(permission));
}
