import type { Role } from '../api/types';

/** What each role may do: a copy of the server's table (src/platform/auth/roles.ts), to hide actions. */
export type Permission =
  | 'ente.update'
  | 'people.manage'
  | 'desks.manage'
  | 'channels.manage'
  | 'channels.credentials'
  | 'audit.read'
  | 'policy.read'
  | 'policy.edit'
  | 'policy.adopt'
  | 'moderation.evaluate'
  | 'moderation.decide'
  // Editorial workflow (the server's EDITORIAL table)
  | 'posts.read'
  | 'posts.propose'
  | 'posts.edit'
  | 'posts.approve'
  | 'posts.schedule'
  | 'posts.comment'
  | 'media.upload'
  | 'calendar.read'
  | 'electoral.manage'
  | 'editorial.settings'
  // Publishing (the server's PUBLISHING table)
  | 'publishing.queue'
  | 'publishing.resolve';

const GRANTS: Record<Role, readonly Permission[]> = {
  amministratore: ['ente.update', 'people.manage', 'desks.manage', 'channels.manage', 'channels.credentials', 'audit.read', 'policy.read', 'policy.edit', 'moderation.evaluate', 'moderation.decide'],
  social_media_manager: ['desks.manage', 'channels.manage', 'channels.credentials', 'policy.read', 'policy.edit', 'moderation.evaluate', 'moderation.decide'],
  redattore: ['policy.read', 'moderation.evaluate', 'moderation.decide'],
  proponente: ['policy.read'],
  // Only an approvatore records the adoption act that puts a policy version in force.
  approvatore: ['policy.read', 'policy.adopt', 'moderation.evaluate'],
  osservatore: ['policy.read', 'moderation.evaluate'],
};

// --- Editorial workflow: a copy of EDITORIAL in src/platform/auth/roles.ts ---
// A proponente proposes and follows only their own proposals; redattori and the SMM write and
// schedule; only an approvatore approves. Everyone reads the calendar.
const EDITORIAL: Record<Role, readonly Permission[]> = {
  amministratore: ['posts.read', 'posts.comment', 'calendar.read', 'electoral.manage', 'editorial.settings'],
  social_media_manager: ['posts.read', 'posts.propose', 'posts.edit', 'posts.schedule', 'posts.comment', 'media.upload', 'calendar.read', 'electoral.manage', 'editorial.settings'],
  redattore: ['posts.read', 'posts.propose', 'posts.edit', 'posts.schedule', 'posts.comment', 'media.upload', 'calendar.read'],
  proponente: ['posts.propose', 'posts.comment', 'media.upload', 'calendar.read'],
  approvatore: ['posts.read', 'posts.approve', 'posts.comment', 'calendar.read'],
  osservatore: ['posts.read', 'calendar.read'],
};

// --- Publishing: a copy of PUBLISHING in src/platform/auth/roles.ts ---
const PUBLISHING: Partial<Record<Role, readonly Permission[]>> = {
  amministratore: ['publishing.queue', 'publishing.resolve'],
  social_media_manager: ['publishing.queue', 'publishing.resolve'],
};

/** Whether any of the roles grants the permission. The API enforces it anyway. */
export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => [GRANTS, EDITORIAL, PUBLISHING].some((table) => (table[r as Role] ?? []).includes(permission)));
}
