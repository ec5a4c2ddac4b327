/** HTTP routes of crisis mode, alerts, broadcasts, listening and false claims. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../../platform/auth/roles.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { AlertsService } from './alerts.service.ts';
import type { CrisisActor, CrisisService } from './crisis.service.ts';
import type { ListeningService } from './listening.service.ts';
import * as s from './crisis.schemas.ts';
import { ALERT_CODES, behaviourTemplate, RISKS, type Risk } from './alerts.fns.ts';

const tags = ['crisis'];
const AlertParams = EnteParams.extend({ alertId: z.uuid() });
const PausedParams = EnteParams.extend({ postId: z.uuid(), channelId: z.uuid() });

export function registerCrisisRoutes(app: App, deps: { identity: IdentityService; crisis: CrisisService; alerts: AlertsService; listening: ListeningService }) {
  const { identity, crisis, alerts, listening } = deps;
  const base = `${API_PREFIX}/enti/:ente`;

  async function actor(req: FastifyRequest, slug: string, permission: Permission) {
    const a = requireActor(req);
    const { ente, roles } = await identity.access(a, slug, permission);
    const who: CrisisActor = { userId: a.userId, roles, audit: toAuditActor(a) };
    return { ente, who };
  }

  app.get(
    `${base}/crisis`,
    {
      schema: {
        operationId: 'getCrisisState',
        summary: 'Stato di crisi / crisis state',
        description: 'La crisi in corso (con il banner per l’interfaccia), i post sospesi e le notifiche della persona. Una crisi oltre la fine prevista è chiusa alla lettura. / The crisis in force, paused posts and notifications.',
        tags,
        params: EnteParams,
        response: { 200: s.CrisisStateSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'crisis.read');
      return crisis.state(ente.id, who.userId);
    },
  );

  app.post(
    `${base}/crisis`,
    {
      schema: {
        operationId: 'declareCrisis',
        summary: 'Dichiara una crisi / declare a crisis',
        description:
          'Sospende (senza cancellarli) i post ordinari programmati sui canali scelti, avvisa la squadra, attiva il banner; pubblicano solo i messaggi di crisi e le persone autorizzate. Una seconda dichiarazione è rifiutata (409). / Pauses scheduled ordinary posts, notifies the team; 409 when a crisis is already declared.',
        tags,
        params: EnteParams,
        body: s.DeclareBody,
        response: { 201: z.object({ crisis: s.CrisisSchema, paused: z.number().int() }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await actor(req, req.params.ente, 'crisis.declare');
      return reply.code(201).send(await crisis.declare(who, ente.id, req.body));
    },
  );

  app.post(
    `${base}/crisis/end`,
    {
      schema: {
        operationId: 'endCrisis',
        summary: 'Chiude la crisi / end the crisis',
        description: 'Chiude la crisi a mano. Nulla è ripristinato da solo: i post sospesi si rivedono uno per uno. / Ends the crisis; nothing is restored automatically.',
        tags,
        params: EnteParams,
        response: { 200: z.object({ crisis: s.CrisisSchema }), ...problems(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'crisis.declare');
      return crisis.end(who, ente.id);
    },
  );

  app.get(
    `${base}/crisis/paused`,
    {
      schema: {
        operationId: 'listPausedPosts',
        summary: 'Post sospesi dalle crisi / posts paused by crises',
        description: 'Ogni variante sospesa, con la data prevista e la decisione presa. / Every paused variant and its decision.',
        tags,
        params: EnteParams,
        response: { 200: z.object({ paused: z.array(s.PausedSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return crisis.listPaused(ente.id);
    },
  );

  app.post(
    `${base}/crisis/paused/:postId/:channelId/reschedule`,
    {
      schema: {
        operationId: 'reschedulePausedPost',
        summary: 'Riprogramma un post sospeso / reschedule a paused post',
        description: 'Rimette in coda la variante sospesa a una nuova data (dopo la fine della crisi). / Requeues the paused variant at a new time.',
        tags,
        params: PausedParams,
        body: z.object({ at: z.iso.datetime({ offset: true }) }),
        response: { 200: s.PausedDecision, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'posts.schedule');
      return crisis.reschedule(who, ente.id, req.params.postId, req.params.channelId, req.body.at);
    },
  );

  app.post(
    `${base}/crisis/paused/:postId/:channelId/drop`,
    {
      schema: {
        operationId: 'dropPausedPost',
        summary: 'Scarta un post sospeso / drop a paused post',
        description: 'La variante sospesa non sarà pubblicata; resta approvata e senza data. / The paused variant will not be published.',
        tags,
        params: PausedParams,
        response: { 200: s.PausedDecision, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'posts.schedule');
      return crisis.drop(who, ente.id, req.params.postId, req.params.channelId);
    },
  );

  app.post(
    `${base}/alerts`,
    {
      schema: {
        operationId: 'createAlert',
        summary: 'Componi un’allerta di protezione civile / compose an alert',
        description:
          'Codice colore, rischi, zone, validità, fonte, misure, comportamenti, ordinanza: il testo segue lo schema tipico («ALLERTA METEO – …: Codice Giallo per rischio … dalle ore … alle ore … di …») e ogni canale riceve una variante entro i suoi limiti. / Composes the text and one variant per channel within its limits.',
        tags,
        params: EnteParams,
        body: s.AlertBody,
        response: { 201: s.AlertSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await actor(req, req.params.ente, 'alerts.compose');
      return reply.code(201).send(await alerts.create(who, ente.id, req.body));
    },
  );

  app.get(
    `${base}/alerts`,
    {
      schema: { operationId: 'listAlerts', summary: 'Allerte / alerts', description: 'Le allerte dell’Ente, dalla più recente. / Alerts, newest first.', tags, params: EnteParams, response: { 200: z.object({ alerts: z.array(s.AlertSchema) }), ...problems(401, 403, 404) } },
    },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return alerts.list(ente.id);
    },
  );

  app.get(
    `${base}/alerts/templates`,
    {
      schema: {
        operationId: 'getAlertTemplate',
        summary: 'Norme di comportamento pronte / ready behaviour rules',
        description:
          'Le norme di comportamento pronte, in italiano, per un codice colore e i rischi scelti (dalle indicazioni nazionali «Io non rischio»), che il compositore propone finché non vengono modificate. / The ready behaviour rules, in Italian, for a colour code and the chosen risks.',
        tags,
        params: EnteParams,
        querystring: z.object({
          code: z.enum(ALERT_CODES).optional().describe('Codice colore / colour code'),
          risks: z
            .string()
            .optional()
            .describe('Rischi separati da virgole / comma-separated risks')
            .transform((v, ctx) => {
              const list = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
              const bad = list.filter((x) => !(RISKS as readonly string[]).includes(x));
              if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown risk: ${bad.join(', ')}` });
              return list as Risk[];
            }),
        }),
        response: { 200: z.object({ behaviour: z.array(z.string()) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await actor(req, req.params.ente, 'crisis.read');
      return { behaviour: behaviourTemplate(req.query.code ?? null, req.query.risks) };
    },
  );

  app.get(
    `${base}/alerts/:alertId`,
    { schema: { operationId: 'getAlert', summary: 'Un’allerta / an alert', description: 'L’allerta con le varianti per canale. / The alert with its variants.', tags, params: AlertParams, response: { 200: s.AlertSchema, ...problems(401, 403, 404) } } },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return alerts.get(ente.id, req.params.alertId);
    },
  );

  app.post(
    `${base}/alerts/:alertId/approve`,
    {
      schema: {
        operationId: 'approveAlert',
        summary: 'Approva e pubblica un’allerta / approve and publish an alert',
        description:
          'Una sola approvazione. Fuori da una crisi vale la regola dei quattro occhi; durante una crisi un approvatore può approvare da solo (procedura rapida, registrata). Poi la pubblicazione parte su tutti i canali scelti, prima di ogni altra in coda, e l’invio agli iscritti. / One approval (fast path during a crisis), then urgent publication on every channel and the broadcast.',
        tags,
        params: AlertParams,
        response: { 200: s.AlertSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'alerts.approve');
      return alerts.approve(who, ente.id, req.params.alertId);
    },
  );

  app.post(
    `${base}/alerts/:alertId/cancel`,
    {
      schema: { operationId: 'cancelAlert', summary: 'Annulla un’allerta / cancel an alert', description: 'Ritira l’allerta: la pagina pubblica e il CAP la mostrano annullata (msgType Cancel). / Withdraws the alert (CAP Cancel).', tags, params: AlertParams, response: { 200: s.AlertSchema, ...problems(401, 403, 404, 409) } },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'alerts.approve');
      return alerts.cancel(who, ente.id, req.params.alertId);
    },
  );

  app.get(
    `${base}/alerts/:alertId/broadcast`,
    {
      schema: {
        operationId: 'getBroadcastProgress',
        summary: 'Avanzamento dell’invio agli iscritti / broadcast progress',
        description: 'Inviati, falliti e da inviare per ogni invio dell’allerta, con il motivo di un’interruzione. / Sent, failed and remaining, with the stop reason.',
        tags,
        params: AlertParams,
        response: { 200: s.ProgressSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return alerts.progress(ente.id, req.params.alertId);
    },
  );

  app.post(
    `${base}/alerts/:alertId/broadcast/:broadcastId/resume`,
    {
      schema: {
        operationId: 'resumeBroadcast',
        summary: 'Riprendi un invio interrotto / resume a stopped broadcast',
        description: 'Riprende da dove si era fermato (riprende anche da solo quando il canale viene ricollegato). / Resumes from where it stopped.',
        tags,
        params: AlertParams.extend({ broadcastId: z.uuid() }),
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await actor(req, req.params.ente, 'subscribers.manage');
      await alerts.resume(who, ente.id, req.params.alertId, req.params.broadcastId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/subscribers`,
    { schema: { operationId: 'countSubscribers', summary: 'Iscritti alle allerte / alert subscribers', description: 'Quanti iscritti attivi e disiscritti per piattaforma. / Active and opted-out counts.', tags, params: EnteParams, response: { 200: s.SubscriberCounts, ...problems(401, 403, 404) } } },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'subscribers.manage');
      return alerts.subscriberCounts(ente.id);
    },
  );

  app.post(
    `${base}/subscribers`,
    {
      schema: {
        operationId: 'addSubscribers',
        summary: 'Registra iscrizioni / record opt-ins',
        description: 'Iscrizioni con data e fonte del consenso; una persona disiscritta che si iscrive di nuovo torna attiva. / Opt-ins with date and source.',
        tags,
        params: EnteParams,
        body: s.SubscribersBody,
        response: { 200: s.SubscriberCounts, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'subscribers.manage');
      return alerts.addSubscribers(who, ente.id, req.body.subscribers);
    },
  );

  app.post(
    `${base}/subscribers/opt-out`,
    {
      schema: {
        operationId: 'optOutSubscriber',
        summary: 'Disiscrivi / opt out',
        description: 'Registra la disiscrizione: nessun nuovo messaggio, anche negli invii in corso. / Records an opt-out, effective at once.',
        tags,
        params: EnteParams,
        body: z.object({ channel: z.enum(['whatsapp', 'telegram']), address: z.string().min(1).max(40) }),
        response: { 200: z.object({ id: z.string(), optedOutAt: z.string() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await actor(req, req.params.ente, 'subscribers.manage');
      return alerts.optOut(who, ente.id, req.body.channel, req.body.address);
    },
  );

  app.post(
    `${base}/crisis/signals`,
    {
      schema: {
        operationId: 'ingestSignals',
        summary: 'Registra messaggi in arrivo / ingest incoming messages',
        description: 'Per chi alimenta l’ascolto (la posta in arrivo): conteggi orari per canale e confronto con le notizie false. / Feeds the listening: hourly counts and claim matching.',
        tags,
        params: EnteParams,
        body: s.SignalsBody,
        response: { 200: z.object({ ingested: z.number().int(), matched: z.number().int() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'listening.ingest');
      return listening.ingest(ente.id, req.body.messages.map((m) => ({ ...m, at: new Date(m.at) })));
    },
  );

  app.get(
    `${base}/crisis/signals`,
    {
      schema: {
        operationId: 'getCrisisSignals',
        summary: 'Ascolto: picchi anomali / listening: spikes',
        description:
          'Confronta volume e quota di messaggi negativi o allarmati per ora con il livello abituale (mediana e MAD della stessa ora della settimana) e suggerisce di dichiarare una crisi, con i messaggi che lo motivano. / Spikes against a median+MAD baseline per hour of week.',
        tags,
        params: EnteParams,
        querystring: z.object({ since: z.iso.datetime({ offset: true }).optional(), weeks: z.coerce.number().int().min(3).max(52).optional() }),
        response: { 200: s.SignalsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return listening.signals(ente.id, { since: req.query.since ? new Date(req.query.since) : undefined, weeks: req.query.weeks });
    },
  );

  app.post(
    `${base}/fake-claims`,
    {
      schema: {
        operationId: 'createFakeClaim',
        summary: 'Registra una notizia falsa / record a false claim',
        description: 'Con la fonte ufficiale che la smentisce: prepara una risposta salvata e una proposta di post di chiarimento, e segna i messaggi che la ripetono. / Drafts a saved reply and a clarification proposal; marks messages repeating it.',
        tags,
        params: EnteParams,
        body: s.ClaimBody,
        response: { 201: s.ClaimSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await actor(req, req.params.ente, 'fakenews.manage');
      return reply.code(201).send(await listening.createClaim(who, ente.id, req.body));
    },
  );

  app.get(
    `${base}/fake-claims`,
    { schema: { operationId: 'listFakeClaims', summary: 'Notizie false / false claims', description: 'Le notizie false registrate con i messaggi che le ripetono. / Claims with matching messages.', tags, params: EnteParams, response: { 200: z.object({ claims: z.array(s.ClaimSchema) }), ...problems(401, 403, 404) } } },
    async (req) => {
      const { ente } = await actor(req, req.params.ente, 'crisis.read');
      return listening.listClaims(ente.id);
    },
  );
}
