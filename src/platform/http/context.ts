import 'fastify';
import type { Lang } from '../i18n.ts';

/** Who is making a request, once authenticated. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  locale: string;
  via: 'session' | 'token';
  /** The session's CSRF token, checked on unsafe methods when the cookie authenticates. */
  csrfToken?: string;
  sessionHash?: string;
  /** An API token works for one Ente only. */
  tokenEnteId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
  }
}

/** The audit trail's label for an actor. */
export function actorLabel(a: Pick<Actor, 'name' | 'email' | 'via'>): string {
  return `${a.name} <${a.email}>${a.via === 'token' ? ' (token API)' : ''}`;
}
