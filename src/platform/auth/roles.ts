/**
 * Roles of a person in an Ente and what each may do. Modules ask `can(roles, permission)`;
 * the table is the one place where the office's division of labour is written down.
 */
export const ROLES = [
  'amministratore',
  'social_media_manager',
  'redattore',
  'proponente',
  'approvatore',
  'osservatore',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { it: string; en: string }> = {
  amministratore: { it: 'Amministratore', en: 'Administrator' },
  social_media_manager: { it: 'Social media manager', en: 'Social media manager' },
  redattore: { it: 'Redattore', en: 'Editor' },
  proponente: { it: 'Proponente (Responsabile di Servizio)', en: 'Proposer (head of service)' },
  approvatore: { it: 'Approvatore', en: 'Approver' },
  osservatore: { it: 'Osservatore', en: 'Observer' },
};

export type Permission =
  | 'ente.read'
  | 'ente.update'
  | 'people.manage'
  | 'desks.manage'
  | 'channels.manage'
  | 'channels.credentials'
  | 'audit.read'
  | 'tokens.manage'
  | 'policy.read'
  | 'policy.edit'
  | 'policy.adopt'
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
  | 'moderation.evaluate'
  | 'moderation.decide';

// The editorial workflow (issue 4): a proponente (Responsabile di Servizio) proposes and follows
// only their own proposals; redattori and the SMM write and schedule; only an approvatore
// approves. Everyone reads the calendar.
const EDITORIAL: Record<Role, readonly Permission[]> = {
  amministratore: ['posts.read', 'posts.comment', 'calendar.read', 'electoral.manage', 'editorial.settings'],
  social_media_manager: [
    'posts.read',
    'posts.propose',
    'posts.edit',
    'posts.schedule',
    'posts.comment',
    'media.upload',
    'calendar.read',
    'electoral.manage',
    'editorial.settings',
  ],
  redattore: ['posts.read', 'posts.propose', 'posts.edit', 'posts.schedule', 'posts.comment', 'media.upload', 'calendar.read'],
  proponente: ['posts.propose', 'posts.comment', 'media.upload', 'calendar.read'],
  approvatore: ['posts.read', 'posts.approve', 'posts.comment', 'calendar.read'],
  osservatore: ['posts.read', 'calendar.read'],
};

// Moderation (issue 6): every member may ask the engine why; those who run the community
// (administrators, the SMM, redattori) record decisions and override them with a reason.
const MODERATION: Record<Role, readonly Permission[]> = {
  amministratore: ['moderation.evaluate', 'moderation.decide'],
  social_media_manager: ['moderation.evaluate', 'moderation.decide'],
  redattore: ['moderation.evaluate', 'moderation.decide'],
  proponente: [],
  approvatore: ['moderation.evaluate'],
  osservatore: ['moderation.evaluate'],
};

const GRANTS: Record<Role, readonly Permission[]> = {
  amministratore: [
    'ente.read',
    'ente.update',
    'people.manage',
    'desks.manage',
    'channels.manage',
    'channels.credentials',
    'audit.read',
    'tokens.manage',
    'policy.read',
    'policy.edit',
  ],
  social_media_manager: ['ente.read', 'desks.manage', 'channels.manage', 'channels.credentials', 'policy.read', 'policy.edit'],
  redattore: ['ente.read', 'policy.read'],
  proponente: ['ente.read', 'policy.read'],
  // Only an approvatore records the adoption act that puts a policy version in force.
  approvatore: ['ente.read', 'policy.read', 'policy.adopt'],
  osservatore: ['ente.read', 'policy.read'],
};

/** Whether any of the roles grants the permission. */
export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => [GRANTS, EDITORIAL, MODERATION].some((table) => (table[r as Role] ?? []).includes(permission)));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
