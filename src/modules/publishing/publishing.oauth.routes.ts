/**
 * HTTP for connecting a channel with OAuth 2.0 (ADR 0008): what the form needs to know, the start
 * (returns the authorization URL), and the public callback the platform redirects the browser to.
 */
import { z } from 'zod';
import { APP_GROUPS } from './publishing.oauth.fns.ts';
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
  "Da dove viene l'app: inserita ora, quella con cui il canale è collegato, quella dell'Ente per la piattaforma (listOAuthApps), quella dell'installazione, registrata ora sull'istanza (Mastodon) / where the app comes from: entered now, the channel's, the Ente's app for the platform, the installation's, registered now on the instance",
);

const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
const AppGroupSchema = z.enum(APP_GROUPS).describe('Piattaforma dell’app: meta vale per Facebook e Instagram / the app’s platform group (meta: Facebook and Instagram)');
const OAuthAppSchema = z
  .object({
    group: AppGroupSchema,
    instance: z.string().nullable().describe('Mastodon: l’istanza su cui è registrata / the instance it is registered on'),
    clientId: z.string(),
    secretSet: z.boolean().describe('Se il client secret è salvato (cifrato; non viene mai restituito) / whether a secret is stored (never returned)'),
    source: z.enum(['entered', 'registered']).describe('Inserita dall’ufficio informatico o registrata da Redazione sull’istanza / entered by IT staff or registered by Redazione'),
    redirectUri: z.string().nullable().describe('L’indirizzo di ritorno con cui Redazione l’ha registrata (Mastodon) / the redirect URI Redazione registered it with'),
    updatedAt: IsoDateTime,
    updatedBy: z.string().nullable().describe('Chi l’ha inserita o cambiata / who entered or changed it'),
  })
  .meta({ id: 'OAuthApp' });
const GroupParams = EnteParams.extend({ group: AppGroupSchema });

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
          "Prepara l'autorizzazione (state monouso legato a persona, Ente e canale, valido 10 minuti; PKCE dove la piattaforma lo prevede, con il verifier conservato cifrato sul server) e restituisce l'indirizzo a cui mandare il browser. Senza client id si usa l'app dell'Ente (listOAuthApps), poi quella del canale, poi quella dell'installazione; Mastodon registra l'app sull'istanza da sé. Client id e secret indicati qui valgono per questo collegamento, sono conservati cifrati con le credenziali del canale e, se il collegamento riesce e l'Ente non ha ancora un'app per la piattaforma, diventano l'app dell'Ente. / Prepares the authorization and returns the URL to send the browser to; uses the Ente's app unless one is given.",
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
  // ---- the Ente's apps ---------------------------------------------------------------------------
  const apps = `${API_PREFIX}/enti/:ente/oauth-apps`;

  app.get(
    apps,
    {
      schema: {
        operationId: 'listOAuthApps',
        summary: 'App OAuth dell’Ente / the Ente’s OAuth apps',
        description:
          "Le app che l'Ente ha registrato sulle piattaforme (una per piattaforma; Mastodon una per istanza, registrata da Redazione), usate da «Collega con…» prima dell'app dell'installazione. Il client secret non è mai restituito: solo se è salvato. Con l'indirizzo di ritorno da registrare in ogni app. / The Ente's registered apps per platform, used by the OAuth connection before the installation's; secrets are never returned.",
        tags,
        params: EnteParams,
        response: {
          200: z.object({
            redirectUri: z.string().describe("Da registrare in ogni app / register it in every app"),
            groups: z.array(
              z.object({
                group: AppGroupSchema,
                name: z.string(),
                platforms: z.array(z.string()),
                registration: z.enum(['manual', 'automatic']).describe('automatic: Redazione si registra da sé sull’istanza (Mastodon) / Redazione registers itself'),
                secretRequired: z.boolean(),
                installationApp: z.object({ clientId: z.string() }).nullable().describe("L'app dell'installazione, se c'è / the installation's app, if any"),
              }),
            ),
            apps: z.array(OAuthAppSchema),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      return channelOAuth.listApps(ente.id, origin(req));
    },
  );

  app.put(
    `${apps}/:group`,
    {
      schema: {
        operationId: 'putOAuthApp',
        summary: 'Imposta l’app OAuth dell’Ente / set the Ente’s OAuth app',
        description:
          "L'ufficio informatico inserisce una volta per piattaforma client id e client secret dell'app registrata dall'Ente (con l'indirizzo di ritorno indicato da listOAuthApps); il secret è salvato cifrato e non è più mostrato. Senza un nuovo secret resta quello salvato, se il client id non cambia. Mastodon: indicare l'istanza. I canali già collegati restano collegati con l'app che ha emesso i loro token. / IT staff enter the Ente's app once per platform; the secret is stored sealed and never shown.",
        tags,
        params: GroupParams,
        body: z.object({
          clientId: z.string().trim().min(1).max(300),
          clientSecret: z.string().trim().min(1).max(500).optional().describe('Salvato cifrato, mai mostrato; facoltativo per X (client pubblico) o per tenere quello salvato / stored sealed, never shown'),
          instance: z.string().trim().max(300).optional().describe('Solo Mastodon: l’istanza / Mastodon only: the instance'),
        }),
        response: { 200: OAuthAppSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      return channelOAuth.putApp(who.audit, ente.id, req.params.group, req.body);
    },
  );

  app.delete(
    `${apps}/:group`,
    {
      schema: {
        operationId: 'deleteOAuthApp',
        summary: 'Elimina l’app OAuth dell’Ente / delete the Ente’s OAuth app',
        description:
          "Toglie l'app dell'Ente per la piattaforma (Mastodon: per l'istanza indicata). I nuovi collegamenti useranno l'app dell'installazione, se c'è; i canali già collegati conservano una copia cifrata dell'app che ha emesso i loro token. / Removes the Ente's app; connected channels keep their sealed copy.",
        tags,
        params: GroupParams,
        querystring: z.object({ instance: z.string().max(300).optional().describe('Solo Mastodon / Mastodon only') }),
        response: { 204: z.null().describe('Eliminata / deleted'), ...problems(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      await channelOAuth.deleteApp(who.audit, ente.id, req.params.group, req.query.instance);
      return reply.code(204).send(null);
    },
  );
}
