/**
 * Who is who: password login with a rate limit shared by every process, browser sessions with a
 * CSRF token, API tokens scoped to one Ente, and the question every Ente-scoped route asks first:
 * may this actor see this Ente, and with which roles?
 */
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { can, type Permission } from '../../platform/auth/roles.ts';
import { newToken, sha256 } from '../../platform/auth/tokens.ts';
import type { Actor } from '../../platform/http/context.ts';
import * as repo from './identity.repo.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';

export const SESSION_COOKIE = 'redazione_sid';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: repo.UserRow;
}

export type IdentityService = ReturnType<typeof createIdentityService>;

export function createIdentityService(deps: { db: Db; config: Pick<Config, 'loginRateLimit'> }) {
  const { db } = deps;
  const limits = deps.config.loginRateLimit;
  const accessMemo = new WeakMap<Actor, Map<string, ReturnType<typeof repo.membershipBySlug>>>();

  /** Opens a session for a user already authenticated (password or OIDC). */
  async function openSession(user: repo.UserRow, now = new Date()): Promise<LoginResult> {
    const sessionToken = newToken('rs');
    const csrfToken = newToken('csrf');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await repo.insertSession(db, { idHash: sha256(sessionToken), userId: user.id, csrfToken, expiresAt, createdAt: now, lastSeenAt: now });
    return { sessionToken, csrfToken, expiresAt, user };
  }

  return {
    openSession,

    /**
     * Checks email and password. Every attempt counts against the client address; failures also
     * count against the email, so one account cannot be guessed from many addresses.
     */
    async login(email: string, password: string, ip: string, now = new Date()): Promise<{ result: LoginResult; rate: RateLimitState }> {
      const w = limits.windowSeconds;
      const ipHit = await repo.hitRateLimit(db, `login:ip:${ip}`, w, now);
      const emailKey = `login:email:${email.toLowerCase()}`;
      const emailFailures = await repo.peekRateLimit(db, emailKey, w, now);
      const resetSeconds = Math.max(1, Math.ceil((ipHit.resetAt.getTime() - now.getTime()) / 1000));
      const rate: RateLimitState = {
        limit: limits.perIp,
        remaining: Math.max(0, limits.perIp - ipHit.count),
        resetSeconds,
      };
      if (ipHit.count > limits.perIp || emailFailures >= limits.perEmail) {
        throw new DomainError('rate_limited', { seconds: resetSeconds, limit: limits.perIp, remaining: 0 });
      }
      const user = await repo.findUserByEmail(db, email);
      const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, password);
      if (!user || !ok) {
        await repo.hitRateLimit(db, emailKey, w, now);
        throw new DomainError('invalid_credentials', { limit: rate.limit, remaining: rate.remaining, seconds: resetSeconds });
      }
      await repo.clearRateLimit(db, emailKey);
      return { result: await openSession(user, now), rate };
    },

    async logout(sessionHash: string): Promise<void> {
      await repo.deleteSession(db, sessionHash);
    },

    /** Resolves a session cookie or a bearer token to an actor; null when neither is valid. */
    async authenticate(creds: { sessionToken?: string; bearer?: string }, now = new Date()): Promise<Actor | null> {
      if (creds.bearer) {
        const row = await repo.findApiToken(db, sha256(creds.bearer));
        if (!row) return null;
        await repo.touchApiToken(db, row.token.enteId, row.token.id, now);
        return { userId: row.user.id, email: row.user.email, name: row.user.name, locale: row.user.locale, via: 'token', tokenEnteId: row.token.enteId };
      }
      if (creds.sessionToken) {
        const idHash = sha256(creds.sessionToken);
        const row = await repo.findSession(db, idHash, now);
        if (!row) return null;
        return { userId: row.user.id, email: row.user.email, name: row.user.name, locale: row.user.locale, via: 'session', csrfToken: row.session.csrfToken, sessionHash: idHash };
      }
      return null;
    },

    /** The user's profile and the Enti (with roles) the actor may act on. */
    async me(actor: Actor) {
      const user = { id: actor.userId, email: actor.email, name: actor.name, locale: actor.locale };
      const all = await repo.membershipsOf(db, actor.userId);
      const memberships = actor.tokenEnteId ? all.filter((m) => m.ente.id === actor.tokenEnteId) : all;
      return { user, memberships };
    },

    /**
     * The Ente behind a slug and the actor's roles in it. An Ente the actor does not belong to
     * is "not found", not "forbidden": its existence is not disclosed.
     */
    async access(actor: Actor, slug: string, permission?: Permission) {
      // The tenant gate and the handler ask the same question in one request: ask the database once.
      let perActor = accessMemo.get(actor);
      if (!perActor) accessMemo.set(actor, (perActor = new Map()));
      let lookup = perActor.get(slug);
      if (!lookup) perActor.set(slug, (lookup = repo.membershipBySlug(db, actor.userId, slug)));
      const row = await lookup;
      if (!row || (actor.tokenEnteId && actor.tokenEnteId !== row.ente.id)) {
        throw new DomainError('not_found', { what: `ente ${slug}` });
      }
      if (permission && !can(row.roles, permission)) throw new DomainError('forbidden', { action: permission });
      return { ente: row.ente, roles: row.roles };
    },

    async setPassword(userId: string, password: string): Promise<void> {
      await repo.updatePasswordHash(db, userId, await hashPassword(password));
    },

    findUserByEmail: (email: string) => repo.findUserByEmail(db, email),

    /**
     * A new API token for a person in one Ente; only its hash is stored, with an audit event.
     * Returns the token, which is shown once.
     */
    async createApiToken(actor: AuditActor, o: { email: string; enteSlug: string; name: string }): Promise<string> {
      const user = await repo.findUserByEmail(db, o.email);
      const member = user ? await repo.membershipBySlug(db, user.id, o.enteSlug) : undefined;
      if (!user || !member) throw new DomainError('not_found', { what: `${o.email} in ${o.enteSlug}` });
      const value = newToken('rdz');
      await db.transaction(async (tx) => {
        const id = await repo.insertApiToken(tx, { enteId: member.ente.id, userId: user.id, name: o.name, tokenHash: sha256(value) });
        await appendAudit(tx, member.ente.id, actor, { action: 'token.create', entityType: 'api_token', entityId: id, after: { userId: user.id, name: o.name } });
      });
      return value;
    },
  };
}
