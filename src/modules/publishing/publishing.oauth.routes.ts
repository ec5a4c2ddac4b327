/**
 * HTTP for connecting a channel with OAuth 2.0 (ADR 0008): what the form needs to know, the start
 * (returns the authorization URL), and the public callback the platform redirects the browser to.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, IsoDateTime, problems } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { editorFor } from '../editorial/editorial.routes.ts';
import type { ChannelOAuthService } from './publishing.oauth.service.ts';

const tags = ['publishing'];
const ChannelParams = EnteParams.extend({ channelId: z.string().uuid() });
const AppSource = z.enum(['request', 'channel', 'ente', 'installation', 'registered']).describe(
  "Da dove viene l'app: inserita ora, quella del canale, quella dell'Ente (di un altro suo canale della stessa piattaforma), quella dell'installazione, registrata sull'istanza (Mastodon) / where the app comes from",
);

const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export function registerChannelOAuthRoutes(app: App, deps: { identity: IdentityService; channelOAuth: ChannelOAuthService }) {
  const { identity, channelOAuth } = deps;
  const base = `${API_PREFIX}/enti/:ente/channels/:channelId/oauth`;

  app.get(
    base,
    {
      schema: {
        operationId: 'getChannelOAuth',
        summary: 'Collegamento OAuth di un canale / a channel’s OAuth connection',
        description:
          "Se la piattaforma del canale si collega con OAuth, quale app verrà usata (e se manca), l'indirizzo di ritorno da registrare nell'app, i permessi chiesti e l'esito dell'ultimo collegamento. / Whether the platform connects with OAuth, which app will be used, the redirect URI to register, the scopes, and the last connection's outcome.",
        tags,
        params: ChannelParams,
        response: {
          200: z.object({
            platform: z.string(),
            supported: z.boolean(),
            redirectUri: z.string().describe("Da registrare nell'app della piattaforma / register it in the platform app"),
            scopes: z.array(z.string()),
            app: z.object({ source: AppSource, clientId: z.string().nullable() }).nullable(),
            needsApp: z.boolean().describe("Vero se va inserita l'app (client id e secret) / true when the app must be entered"),
            lastOutcome: z
              .object({
                ok: z.boolean(),
                at: IsoDateTime,
                via: z.enum(['oauth', 'token']),
                account: z.object({ id: z.string(), handle: z.string(), name: z.string(), url: z.string().nullable() }).nullable(),
                reason: z.object({ code: z.string(), it: z.string(), en: z.string() }).nullable(),
              })
              .nullable(),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      return channelOAuth.options(ente.id, req.params.channelId, origin(req));
    },
  );

  app.post(
    `${base}/start`,
    {
      schema: {
        operationId: 'startChannelOAuth',
        summary: 'Avvia «Collega con la piattaforma» / start connecting with OAuth',
        description:
          "Prepara l'autorizzazione (state monouso legato a persona, Ente e canale, valido 10 minuti; PKCE dove la piattaforma lo prevede, con il verifier conservato cifrato sul server) e restituisce l'indirizzo a cui mandare il browser. Client id e secret dell'app, se indicati, sono conservati cifrati con le credenziali del canale. Mastodon registra l'app sull'istanza da sé. / Prepares the authorization and returns the URL to send the browser to.",
        tags,
        params: ChannelParams,
        body: z.object({
          clientId: z.string().trim().min(1).max(300).optional().describe("Client id dell'app registrata dall'Ente, se non è già nota / the Ente's app client id"),
          clientSecret: z.string().trim().min(1).max(500).optional().describe('Salvato cifrato, mai mostrato / stored sealed, never shown'),
          account: z
            .record(z.string(), z.string().max(500))
            .optional()
            .describe('Mastodon: { instance }; Instagram: { mediaBaseUrl, igUserId? }; Facebook: { pageId? }; LinkedIn: { organizationId? }'),
        }),
        response: {
          200: z.object({ authorizationUrl: z.string(), expiresAt: IsoDateTime, redirectUri: z.string(), appSource: AppSource }),
          ...problems(400, 401, 403, 404),
          422: problems(422)[422]!,
        },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      return channelOAuth.start({ userId: who.userId, audit: who.audit }, ente, req.params.channelId, req.body, origin(req));
    },
  );

  app.get(
    `${API_PREFIX}/oauth/callback`,
    {
      schema: {
        operationId: 'completeChannelOAuth',
        summary: 'Ritorno dalla piattaforma / OAuth callback',
        description:
          "Indirizzo di ritorno da registrare nell'app di ogni piattaforma. Verifica lo state (noto, non già usato, non scaduto, della stessa persona ancora autorizzata), scambia il codice, legge l'account tramite il connettore, salva le credenziali cifrate e torna alla scheda del canale con ?oauth=ok oppure ?oauth=errore&motivo=<codice>. / The redirect URI for every platform app; ends on the channel page with the outcome.",
        tags,
        security: [],
        querystring: z.object({
          state: z.string().max(300).optional(),
          code: z.string().max(2000).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
          error_reason: z.string().max(200).optional(),
        }).passthrough(),
        response: { 303: z.null().describe('Redirect to the channel page with the outcome') },
      },
    },
    async (req, reply) => {
      const actor = req.actor ? { userId: req.actor.userId, audit: toAuditActor(req.actor) } : null;
      const out = await channelOAuth.complete(req.query, actor, async (slug) => {
        const { ente } = await identity.access(req.actor!, slug, 'channels.credentials');
        return ente;
      });
      if (!out.ok) req.log.info({ reason: out.code }, 'channel OAuth not completed');
      return reply.redirect(out.location, 303);
    },
  );
}
