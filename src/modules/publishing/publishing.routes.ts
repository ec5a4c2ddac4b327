import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, IsoDateTime, problems } from '../../platform/http/schemas.ts';
import type { IdentityService } from '../identity/index.ts';
import { editorFor } from '../editorial/editorial.routes.ts';
import { PUBLICATION_STATES } from './publishing.fns.ts';
import type { PublishingService } from './publishing.service.ts';

const tags = ['publishing'];
const Bilingual = z.object({ it: z.string(), en: z.string() });
const Reason = z.object({ code: z.string(), it: z.string(), en: z.string() }).nullable().describe('Perché e cosa fare / why and what to do');
const State = z.enum(PUBLICATION_STATES);

const Attempt = z.object({
  n: z.number().int(),
  worker: z.string(),
  startedAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
  outcome: z.string().nullable().describe('published | published_after_lookup | lookup_found | error | interrupted; null while running'),
  errorKind: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  detail: Bilingual.nullable(),
});

const Publication = z
  .object({
    id: z.string(),
    channelId: z.string(),
    channelName: z.string(),
    platform: z.string(),
    state: State,
    stateLabel: Bilingual,
    dueAt: IsoDateTime,
    nextAttemptAt: IsoDateTime.nullable(),
    late: z.boolean(),
    urgent: z.boolean(),
    platformId: z.string().nullable(),
    url: z.string().nullable().describe('Link pubblico sulla piattaforma / public link'),
    publishedAt: IsoDateTime.nullable(),
    reason: Reason,
    attempts: z.array(Attempt),
  })
  .meta({ id: 'Publication' });

const Publications = z.object({ publications: z.array(Publication) });
const PostParams = EnteParams.extend({ postId: z.string().uuid() });

const Credentials = z
  .object({
    accessToken: z.string().min(1).optional().describe("Obbligatorio, tranne per il canale ActivityPub dell'Ente (nessun token) / required, except for the Ente's own ActivityPub channel"),
    refreshToken: z.string().nullable().optional(),
    expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
    account: z.record(z.string(), z.string()).optional().describe('Telegram: { chatId }; Mastodon: { instance }; …'),
  })
  .meta({ id: 'ChannelCredentials' });

export function registerPublishingRoutes(app: App, deps: { identity: IdentityService; publishing: PublishingService }) {
  const { identity, publishing } = deps;
  const base = `${API_PREFIX}/enti/:ente`;

  app.get(
    `${base}/posts/:postId/publications`,
    {
      schema: {
        operationId: 'listPublications',
        summary: 'Pubblicazioni di un post / publications of a post',
        description:
          'Per canale: stato (programmato, in pubblicazione, pubblicato con link e id della piattaforma, non pubblicato con il motivo e cosa fare, da verificare) e ogni tentativo. / Per channel: state, platform link and id, reason and what to do, every attempt.',
        tags,
        params: PostParams,
        response: { 200: Publications, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      return publishing.listPublications(who, ente.id, req.params.postId);
    },
  );

  app.post(
    `${base}/posts/:postId/publish-now`,
    {
      schema: {
        operationId: 'publishNow',
        summary: 'Pubblica ora / publish now',
        description:
          'Per un post approvato o programmato (urgenze): le varianti indicate (tutte se omesso) diventano dovute subito e passano davanti alla coda. Anche per ripubblicare una variante non pubblicata dopo averne corretto la causa. / Approved variants become due immediately, ahead of the queue; also re-arms failed ones.',
        tags,
        params: PostParams,
        body: z.object({ channelIds: z.array(z.string().uuid()).min(1).optional() }),
        response: { 200: Publications, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.schedule');
      return publishing.publishNow(who, ente.id, req.params.postId, req.body);
    },
  );

  app.post(
    `${base}/channels/:channelId/connect`,
    {
      schema: {
        operationId: 'connectChannel',
        summary: 'Collega un canale / connect a channel',
        description:
          "Verifica le credenziali con la piattaforma (chi è l'account), le salva cifrate e rende il canale attivo. Qui si incollano token e identificativi; dove la piattaforma usa OAuth la via principale è startChannelOAuth («Collega con…») e questa resta l'alternativa. Il canale ActivityPub è l'attore dell'Ente su Redazione stessa: si collega senza token (corpo vuoto) e la risposta dà il suo handle @slug@host. / Checks the credentials with the platform, stores them sealed, sets the channel active. Where the platform uses OAuth, startChannelOAuth is the main path and this is the fallback. The ActivityPub channel is the Ente's own actor: connect it with no token (empty body); the answer gives its @slug@host handle.",
        tags,
        params: EnteParams.extend({ channelId: z.string().uuid() }),
        body: Credentials,
        response: {
          200: z.object({
            channel: z.object({ id: z.string(), status: z.string(), credentials: z.object({ configured: z.boolean(), updatedAt: z.string().nullable() }) }).passthrough(),
            account: z.object({ id: z.string(), handle: z.string(), name: z.string(), url: z.string().nullable() }),
            webhook: z
              .object({ registered: z.boolean(), reason: z.object({ it: z.string(), en: z.string() }).optional() })
              .describe('Webhook della posta registrato presso la piattaforma (Telegram) / inbox webhook registered with the platform (Telegram)'),
          }),
          ...problems(400, 401, 403, 404),
          422: problems(422)[422]!,
        },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'channels.credentials');
      return publishing.connectChannel(who.audit, ente.id, req.params.channelId, req.body);
    },
  );

  app.get(
    `${base}/publishing/queue`,
    {
      schema: {
        operationId: 'getQueueStatus',
        summary: 'Coda di pubblicazione / publishing queue',
        description:
          "Per amministratori e social media manager: pubblicazioni dovute, in ritardo, in corso, non pubblicate e da verificare, in totale e per canale. / Due, late, running, failed and to-be-checked publications, in total and per channel.",
        tags,
        params: EnteParams,
        response: {
          200: z.object({
            now: IsoDateTime,
            totals: z.object({ due: z.number(), late: z.number(), publishing: z.number(), failed: z.number(), toVerify: z.number() }),
            channels: z.array(
              z.object({
                channelId: z.string(),
                channelName: z.string(),
                platform: z.string(),
                due: z.number(),
                late: z.number(),
                publishing: z.number(),
                failed: z.number(),
                toVerify: z.number(),
                nextDueAt: IsoDateTime.nullable(),
              }),
            ),
            items: z.array(
              z.object({
                publicationId: z.string(),
                postId: z.string(),
                title: z.string(),
                channelId: z.string(),
                channelName: z.string(),
                state: State,
                dueAt: IsoDateTime,
                nextAttemptAt: IsoDateTime,
                attempts: z.number(),
                late: z.boolean(),
                reason: Reason,
              }),
            ),
          }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente, 'publishing.queue');
      return publishing.getQueueStatus(ente.id);
    },
  );

  app.post(
    `${base}/publications/:publicationId/resolve`,
    {
      schema: {
        operationId: 'resolvePublication',
        summary: 'Decidi su una pubblicazione da verificare / resolve a publication to be checked',
        description:
          "Quando l'esito è incerto e la piattaforma non permette di verificarlo: «è uscito» (con il link) la chiude come pubblicata; «non è uscito» la rimette in coda subito. / For an unknown outcome the platform cannot check: published (with link) or requeue now.",
        tags,
        params: EnteParams.extend({ publicationId: z.string().uuid() }),
        body: z.object({ published: z.boolean(), url: z.string().url().nullable().optional(), platformId: z.string().nullable().optional() }),
        response: { 200: Publications, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'publishing.resolve');
      return publishing.resolvePublication(who, ente.id, req.params.publicationId, req.body);
    },
  );
}
