/**
 * Permissions the UI checks to show or hide actions. The server computes them from the roles
 * (src/platform/auth/roles.ts, the one table of grants) and sends them with getMe; the API
 * enforces them anyway.
 */
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
  | 'publishing.resolve'
  // Community inbox (the server's INBOX table)
  | 'inbox.read'
  | 'inbox.reply'
  | 'inbox.moderate'
  | 'inbox.settings'
  | 'inbox.privacy'
  // Crisis (the server's CRISIS table)
  | 'crisis.read'
  | 'crisis.declare'
  | 'alerts.compose'
  | 'alerts.approve'
  | 'subscribers.manage'
  | 'listening.ingest'
  | 'fakenews.manage';

/** Whether the permissions the server granted include this one. */
export function can(permissions: readonly string[], permission: Permission): boolean {
  return permissions.includes(permission);
}
