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
  | 'moderation.decide'
  | 'publishing.queue'
  | 'publishing.resolve'
  | 'inbox.read'
  | 'inbox.reply'
  | 'inbox.moderate'
  | 'inbox.settings'
  | 'inbox.privacy'
  | 'crisis.read'
  | 'crisis.declare'
  | 'alerts.compose'
  | 'alerts.approve'
  | 'subscribers.manage'
  | 'listening.ingest'
  | 'fakenews.manage';

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

// Publishing (issue 5): who watches the queue and decides on publications whose outcome is unknown.
const PUBLISHING: Record<Role, readonly Permission[]> = {
  amministratore: ['publishing.queue', 'publishing.resolve'],
  social_media_manager: ['publishing.queue', 'publishing.resolve'],
  redattore: [],
  proponente: [],
  approvatore: [],
  osservatore: [],
};

// The community inbox (issue 7): everyone in the office reads it; those who run the community
// reply and moderate; the SMM and administrators set retention and answer privacy requests.
const INBOX: Record<Role, readonly Permission[]> = {
  amministratore: ['inbox.read', 'inbox.reply', 'inbox.moderate', 'inbox.settings', 'inbox.privacy'],
  social_media_manager: ['inbox.read', 'inbox.reply', 'inbox.moderate', 'inbox.settings', 'inbox.privacy'],
  redattore: ['inbox.read', 'inbox.reply', 'inbox.moderate'],
  proponente: [],
  approvatore: ['inbox.read'],
  osservatore: ['inbox.read'],
};

// Crisis mode and alerts (issue 8): the SMM and administrators declare and end a crisis; redattori
// and the SMM compose alerts and record false claims; only an approvatore approves an alert.
const CRISIS: Record<Role, readonly Permission[]> = {
  amministratore: ['crisis.read', 'crisis.declare', 'subscribers.manage', 'listening.ingest'],
  social_media_manager: ['crisis.read', 'crisis.declare', 'alerts.compose', 'subscribers.manage', 'listening.ingest', 'fakenews.manage'],
  redattore: ['crisis.read', 'alerts.compose', 'fakenews.manage'],
  proponente: [],
  approvatore: ['crisis.read', 'alerts.approve'],
  osservatore: ['crisis.read'],
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
const TABLES = [GRANTS, EDITORIAL, MODERATION, PUBLISHING, INBOX, CRISIS] as const;

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => TABLES.some((table) => (table[r as Role] ?? []).includes(permission)));
}

/** Everything the roles allow, sorted: what the web UI uses to show or hide actions. */
export function permissionsOf(roles: readonly string[]): Permission[] {
  return [...new Set(roles.flatMap((r) => TABLES.flatMap((table) => table[r as Role] ?? [])))].sort();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
