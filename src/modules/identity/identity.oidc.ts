/**
 * Single sign-on with the Ente's identity provider (OpenID Connect, authorization code + PKCE).
 * Only people already registered in Redazione can enter: the provider proves who they are, the
 * Ente's administrators decide what they may do. The first login binds the provider's subject.
 */
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config, OidcConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import * as repo from './identity.repo.ts';
import { setSessionCookie } from './identity.routes.ts';
import type { IdentityService } from './identity.service.ts';

const FLOW_COOKIE = 'redazione_oidc';
const FLOW_TTL_MS = 10 * 60 * 1000;

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  at: number;
}

export interface OidcDeps {
  db: Db;
  identity: IdentityService;
  secrets: SecretBox;
  config: Pick<Config, 'oidc' | 'publicUrl' | 'cookieSecure'>;
}

function origin(req: FastifyRequest, publicUrl: string | null): string {
  return publicUrl ?? `${req.protocol}://${req.host}`;
}

export function registerOidcRoutes(app: App, deps: OidcDeps) {
  const settings = deps.config.oidc;
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (o: OidcConfig) => {
    discovered ??= oidc
      .discovery(new URL(o.issuer), o.clientId, o.clientSecret ?? undefined, undefined, o.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        discovered = null; // try again on the next login
        throw e;
      });
    return discovered;
  };

  const fail = (reply: FastifyReply, reason: string) => reply.redirect(`/login?sso=${encodeURIComponent(reason)}`, 303);

  app.get(
    `${API_PREFIX}/auth/oidc/start`,
    {
      schema: {
        operationId: 'startOidcLogin',
        summary: "Accesso con l'identità dell'Ente / start single sign-on",
        description: "Reindirizza al provider di identità dell'Ente (OIDC, PKCE). / Redirects to the Ente's identity provider.",
        tags: ['auth'],
        security: [],
        response: { 303: z.null().describe('Redirect to the identity provider'), 404: z.unknown() },
      },
    },
    async (req, reply) => {
      if (!settings) return fail(reply, 'non_configurato');
      let config: oidc.Configuration;
      try {
        config = await configuration(settings);
      } catch (e) {
        req.log.warn({ err: e }, 'OIDC discovery failed');
        return fail(reply, 'provider_non_raggiungibile');
      }
      const flow: Flow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), at: Date.now() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${origin(req, deps.config.publicUrl)}${API_PREFIX}/auth/oidc/callback`,
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      const sealed = deps.secrets.seal(JSON.stringify(flow), FLOW_COOKIE);
      reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(sealed)).toString('base64url'), {
        path: `${API_PREFIX}/auth/oidc`,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        maxAge: FLOW_TTL_MS / 1000,
      });
      return reply.redirect(url.href, 303);
    },
  );

  app.get(
    `${API_PREFIX}/auth/oidc/callback`,
    {
      schema: {
        operationId: 'completeOidcLogin',
        summary: 'Ritorno dal provider di identità / single sign-on callback',
        description:
          "Verifica il codice (PKCE, state, nonce, firma dell'ID token), riconosce la persona dalla sua email e apre la sessione. / Verifies the code and opens a session for a registered person.",
        tags: ['auth'],
        security: [],
        response: { 303: z.null().describe('Redirect to the newsroom, or to /login?sso=<reason>') },
      },
    },
    async (req, reply) => {
      if (!settings) return fail(reply, 'non_configurato');
      const raw = req.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, { path: `${API_PREFIX}/auth/oidc` });
      let flow: Flow;
      try {
        flow = JSON.parse(deps.secrets.open(JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8')), FLOW_COOKIE)) as Flow;
        if (Date.now() - flow.at > FLOW_TTL_MS) throw new Error('expired');
      } catch {
        return fail(reply, 'sessione_scaduta');
      }
      let claims: oidc.IDToken | undefined;
      try {
        const config = await configuration(settings);
        const current = new URL(`${origin(req, deps.config.publicUrl)}${req.url}`);
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (e) {
        req.log.warn({ err: e }, 'OIDC code exchange failed');
        return fail(reply, 'verifica_fallita');
      }
      const email = typeof claims?.email === 'string' ? claims.email : null;
      if (!claims || !email || claims.email_verified === false) return fail(reply, 'email_mancante');
      const user = await repo.findUserByEmail(deps.db, email);
      if (!user || user.disabled) return fail(reply, 'utente_sconosciuto');
      const subject = `${settings.issuer}#${claims.sub}`;
      if (user.oidcSubject && user.oidcSubject !== subject) return fail(reply, 'identita_diversa');
      if (!user.oidcSubject) await repo.bindOidcSubject(deps.db, user.id, subject);
      const session = await deps.identity.openSession(user);
      setSessionCookie(req, reply, session, deps.config.cookieSecure);
      return reply.redirect('/', 303);
    },
  );
}
