import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import { permissionsOf, ROLES } from '../../platform/auth/roles.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { IsoDateTime, problems, requireActor } from '../../platform/http/schemas.ts';
import { SESSION_COOKIE, type IdentityService, type LoginResult } from './identity.service.ts';

export const MeSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() }),
    via: z.enum(['session', 'token']),
    csrfToken: z.string().nullable().describe('Send it as X-CSRF-Token on POST/PUT/PATCH/DELETE with the session cookie'),
    enti: z.array(
      z.object({
        id: z.string(),
        slug: z.string(),
        name: z.string(),
        type: z.string(),
        roles: z.array(z.enum(ROLES)),
        permissions: z.array(z.string()).describe("Ciò che i ruoli consentono in questo Ente (l'interfaccia mostra solo le azioni permesse) / what the roles allow here"),
      }),
    ),
  })
  .meta({ id: 'Me' });

/** Cookies get Secure on HTTPS and on localhost (browsers accept it there over http). */
export function cookieSecure(req: FastifyRequest, mode: Config['cookieSecure']): boolean {
  if (mode !== 'auto') return mode === 'always';
  return req.protocol === 'https' || ['localhost', '127.0.0.1', '[::1]'].includes(req.hostname);
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, login: LoginResult, mode: Config['cookieSecure']) {
  reply.setCookie(SESSION_COOKIE, login.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(req, mode),
    expires: login.expiresAt,
  });
}

export function registerIdentityRoutes(app: App, deps: { identity: IdentityService; config: Pick<Config, 'cookieSecure' | 'oidc'> }) {
  const { identity } = deps;

  async function me(req: FastifyRequest) {
    const actor = requireActor(req);
    const { user, memberships } = await identity.me(actor);
    return {
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
      via: actor.via,
      csrfToken: actor.csrfToken ?? null,
      enti: memberships.map((m) => ({
        id: m.ente.id,
        slug: m.ente.slug,
        name: m.ente.name,
        type: m.ente.type,
        roles: m.roles.filter((r): r is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(r)),
        permissions: permissionsOf(m.roles),
      })),
    };
  }

  app.post(
    `${API_PREFIX}/auth/login`,
    {
      schema: {
        operationId: 'login',
        summary: 'Accesso con email e password / log in',
        description:
          'Apre una sessione (cookie HttpOnly) e restituisce il token CSRF. Limitato: intestazioni RateLimit-* e Retry-After su 429. / Opens a session cookie and returns the CSRF token. Rate-limited.',
        tags: ['auth'],
        security: [],
        body: z.object({ email: z.string().trim().email().max(254), password: z.string().min(1).max(1024) }),
        response: { 200: MeSchema.extend({ expiresAt: IsoDateTime }), ...problems(400, 401, 429) },
      },
    },
    async (req, reply) => {
      let outcome;
      try {
        outcome = await identity.login(req.body.email, req.body.password, req.ip);
      } catch (e) {
        const p = (e as { params?: Record<string, number> }).params;
        if (p?.limit !== undefined) {
          reply.header('RateLimit-Limit', String(p.limit));
          reply.header('RateLimit-Remaining', String(p.remaining ?? 0));
          reply.header('RateLimit-Reset', String(p.seconds ?? 0));
        }
        throw e;
      }
      const { result, rate } = outcome;
      reply.header('RateLimit-Limit', String(rate.limit));
      reply.header('RateLimit-Remaining', String(rate.remaining));
      reply.header('RateLimit-Reset', String(rate.resetSeconds));
      setSessionCookie(req, reply, result, deps.config.cookieSecure);
      req.actor = { userId: result.user.id, email: result.user.email, name: result.user.name, locale: result.user.locale, via: 'session', csrfToken: result.csrfToken };
      return { ...(await me(req)), expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post(
    `${API_PREFIX}/auth/logout`,
    {
      schema: {
        operationId: 'logout',
        summary: 'Esci / log out',
        description: 'Chiude la sessione corrente e cancella il cookie. / Ends the current session and clears the cookie.',
        tags: ['auth'],
        response: { 204: z.null().describe('Sessione chiusa / session closed'), ...problems(401, 403) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (actor.sessionHash) await identity.logout(actor.sessionHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${API_PREFIX}/me`,
    {
      schema: {
        operationId: 'getMe',
        summary: 'Chi sono / the current user',
        description:
          "L'utente autenticato, il token CSRF della sessione e gli Enti in cui lavora con i suoi ruoli. / The authenticated user, the session's CSRF token, and the Enti they work for with their roles.",
        tags: ['auth'],
        response: { 200: MeSchema, ...problems(401) },
      },
    },
    me,
  );

  app.get(
    `${API_PREFIX}/auth/options`,
    {
      schema: {
        operationId: 'getAuthOptions',
        summary: 'Modalità di accesso / login options',
        description: "Dice se l'accesso con l'identità dell'Ente (OIDC) è attivo. / Whether single sign-on (OIDC) is available.",
        tags: ['auth'],
        security: [],
        response: { 200: z.object({ password: z.boolean(), oidc: z.object({ label: z.string(), url: z.string() }).nullable() }) },
      },
    },
    async () => ({
      password: true,
      oidc: deps.config.oidc ? { label: deps.config.oidc.label, url: `${API_PREFIX}/auth/oidc/start` } : null,
    }),
  );
}

/**
 * Every route under /enti/:ente first checks that the actor belongs to that Ente (401 without
 * credentials, 404 otherwise), before the body is even parsed: another Ente's existence is never
 * disclosed, whatever the route or the input. Handlers then check the role they need.
 */
export function registerTenantGate(app: App, identity: IdentityService) {
  app.addHook('onRequest', async (req) => {
    if (!req.routeOptions.url?.startsWith(`${API_PREFIX}/enti/:ente`)) return;
    const slug = (req.params as { ente?: string }).ente ?? '';
    await identity.access(requireActor(req), slug);
  });
}
