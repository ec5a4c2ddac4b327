/** HTTP routes of the community inbox, under the tenant gate. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import type { Permission } from '../../platform/auth/roles.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { InboxService, Staff } from './inbox.service.ts';
import { ItemSchema, ListQuery, NoteSchema, RecurringSchema, SanctionSchema, SavedReplySchema, SettingsSchema, Subject, SummarySchema, ThreadSchema } from './inbox.schemas.ts';

const ItemParams = EnteParams.extend({ itemId: z.uuid().describe("Id dell'elemento / item id") });
const ReplyParams = EnteParams.extend({ replyId: z.uuid().describe('Id della risposta salvata') });
const SanctionParams = EnteParams.extend({ sanctionId: z.uuid().describe('Id della sanzione proposta / proposed sanction id') });
const Bilingual = z.object({ it: z.string(), en: z.string() });
const tags = ['inbox'];
const base = `${API_PREFIX}/enti/:ente/inbox`;

export function registerInboxRoutes(app: App, deps: { identity: IdentityService; inbox: InboxService }) {
  const { identity, inbox } = deps;

  async function staff(req: FastifyRequest, slug: string, permission: Permission) {
    const actor = requireActor(req);
    const { ente, roles } = await identity.access(actor, slug, permission);
    const who: Staff = { userId: actor.userId, name: actor.name, roles, audit: toAuditActor(actor) };
    return { ente, who };
  }

  app.get(
    `${base}/items`,
    {
      schema: {
        operationId: 'listInboxItems',
        summary: 'Posta in arrivo / inbox items',
        description:
          "Commenti e messaggi da tutti i canali, con la coda di revisione in testa e poi dal più recente. Filtri per canale, desk, persona, stato, categoria, date; `q` cerca nel testo in italiano (full-text). / Comments and messages from every channel, review queue first then newest; filters and Italian full-text search.",
        tags,
        params: EnteParams,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(ItemSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      const q = req.query;
      const items = await inbox.list(ente.id, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        before: q.before ? new Date(q.before) : undefined,
      });
      return { items };
    },
  );

  app.get(
    `${base}/items/:itemId/thread`,
    {
      schema: {
        operationId: 'getThread',
        summary: "Conversazione dell'elemento / the item's thread",
        description:
          "Tutti i commenti sotto lo stesso post (o i messaggi della stessa conversazione), in ordine di arrivo, con le risposte della redazione e le note interne. `parentId` collega le risposte anche se arrivate prima del commento padre. / Every item of the thread, with replies and internal notes.",
        tags,
        params: ItemParams,
        response: { 200: ThreadSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return inbox.thread(ente.id, req.params.itemId);
    },
  );

  app.post(
    `${base}/items/:itemId/assign`,
    {
      schema: {
        operationId: 'assignItem',
        summary: 'Assegna a un desk o a una persona / assign to a desk or a person',
        description: "Assegna l'elemento a un desk della redazione e/o a una persona dell'Ente (null per togliere). / Assigns the item to a desk and/or a person (null clears).",
        tags,
        params: ItemParams,
        body: z.object({ deskId: z.uuid().nullable().optional(), assigneeId: z.uuid().nullable().optional() }),
        response: { 200: ItemSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return inbox.assign(who, ente.id, req.params.itemId, req.body);
    },
  );

  app.post(
    `${base}/items/:itemId/notes`,
    {
      schema: {
        operationId: 'addItemNote',
        summary: 'Nota interna / internal note',
        description: 'Una nota visibile solo alla redazione. / A note visible only to the office.',
        tags,
        params: ItemParams,
        body: z.object({ text: z.string().trim().min(1).max(5000) }),
        response: { 201: NoteSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return reply.code(201).send(await inbox.addNote(who, ente.id, req.params.itemId, req.body.text));
    },
  );

  app.post(
    `${base}/items/:itemId/reply`,
    {
      schema: {
        operationId: 'replyToItem',
        summary: 'Rispondi dal canale / reply through the channel',
        description:
          "Pubblica la risposta sulla piattaforma tramite il connettore del canale; la risposta compare nella conversazione. Se il canale non permette di rispondere da Redazione, la risposta è conservata come «da fare a mano» (`delivery: manual`) e il messaggio spiega cosa fare. / Replies through the connector; without one the reply is kept as to be posted by hand.",
        tags,
        params: ItemParams,
        body: z.object({ text: z.string().trim().min(1).max(8000) }),
        response: { 201: z.object({ delivery: z.enum(['sent', 'manual']), message: Bilingual.nullable(), reply: ItemSchema }), ...problems(400, 401, 403, 404, 409, 502) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return reply.code(201).send(await inbox.reply(who, ente, req.params.itemId, req.body.text));
    },
  );

  app.post(
    `${base}/items/:itemId/moderation`,
    {
      schema: {
        operationId: 'moderateItem',
        summary: 'Nascondi, ripristina o elimina / hide, unhide or delete',
        description:
          "Esegue l'azione sulla piattaforma tramite il connettore quando possibile, altrimenti segna l'elemento «da fare a mano». Nascondere ed eliminare richiedono la clausola della policy (`clause`, es. \"4.2\"); la decisione è registrata con la clausola. / Carried out on the platform where possible, else marked to be done by hand; hide and delete need the policy clause.",
        tags,
        params: ItemParams,
        body: z.object({
          action: z.enum(['hide', 'unhide', 'delete']),
          clause: z.string().max(20).optional().describe('Numero della clausola della policy esterna'),
          reason: z.string().trim().max(1000).optional(),
        }),
        response: { 200: z.object({ item: ItemSchema, onPlatform: z.enum(['done', 'manual']), message: Bilingual.nullable() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.moderate');
      return inbox.moderate(who, ente.id, req.params.itemId, req.body);
    },
  );

  app.post(
    `${base}/items/:itemId/close`,
    {
      schema: {
        operationId: 'closeItem',
        summary: 'Chiudi la conversazione / close the item',
        description: "Chiude l'elemento: non conta più per le scadenze. Dopo la chiusura si può inviare il questionario di soddisfazione. / Closes the item; a satisfaction survey may follow.",
        tags,
        params: ItemParams,
        response: { 200: ItemSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return inbox.close(who, ente.id, req.params.itemId);
    },
  );

  app.post(
    `${base}/items/:itemId/survey`,
    {
      schema: {
        operationId: 'sendSatisfactionSurvey',
        summary: 'Invia il questionario di soddisfazione / send the satisfaction survey',
        description:
          "Per una conversazione chiusa: crea il link a una pagina pubblica con una domanda (1–5 e un commento), legata al servizio e alla sua Carta dei Servizi, e lo invia dal canale quando possibile. / For a closed conversation: a one-question survey link tied to the service and its Carta dei Servizi.",
        tags,
        params: ItemParams,
        body: z.object({ service: z.string().trim().min(2).max(200).describe('Il servizio (es. «Anagrafe»)'), cartaUrl: z.url().max(500).nullable().optional() }),
        response: { 201: z.object({ surveyId: z.string(), url: z.string(), delivery: z.enum(['sent', 'manual']), text: z.string() }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return reply.code(201).send(await inbox.sendSurvey(who, ente, req.params.itemId, req.body));
    },
  );

  app.get(
    `${base}/late`,
    {
      schema: {
        operationId: 'listLateItems',
        summary: 'In ritardo e in scadenza / late and about to be late',
        description:
          "Le domande senza risposta oltre la scadenza (ore di presenza e tempo di risposta promesso dalla policy, festività escluse) e quelle che scadono entro `soonHours`. / Unanswered questions past their deadline, and those due soon.",
        tags,
        params: EnteParams,
        response: { 200: z.object({ soonHours: z.number().int(), late: z.array(ItemSchema), soon: z.array(ItemSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return inbox.late(ente.id);
    },
  );

  app.get(
    `${base}/summary`,
    {
      schema: {
        operationId: 'getInboxSummary',
        summary: "Riepilogo per l'ufficio / summary for the office",
        description: 'I numeri del giorno: nuovi, aperti, in ritardo, in scadenza, da rivedere, azioni a mano, sanzioni proposte. Lo stesso riepilogo è salvato ogni giorno. / The daily summary (also stored once a day).',
        tags,
        params: EnteParams,
        response: { 200: SummarySchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return inbox.summary(ente.id);
    },
  );

  app.get(
    `${base}/recurring`,
    {
      schema: {
        operationId: 'listRecurringQuestions',
        summary: 'Domande ricorrenti / recurring questions',
        description:
          "Domande con lo stesso significato poste da almeno tre persone diverse in dodici mesi (Circolare FP 2/2017 §8.2: pubblicare in modo proattivo), con gli esempi. / Questions meaning the same thing asked by at least three different people in twelve months, with examples.",
        tags,
        params: EnteParams,
        response: { 200: z.object({ questions: z.array(RecurringSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return { questions: await inbox.recurring(ente.id) };
    },
  );

  app.post(
    `${base}/recurring/publish`,
    {
      schema: {
        operationId: 'publishRecurringAnswer',
        summary: 'Pubblica la risposta a una domanda ricorrente / publish an answer',
        description: "Crea una proposta di post nella redazione e una risposta salvata che la richiama. / Creates a post proposal and a saved reply linking it.",
        tags,
        params: EnteParams,
        body: z.object({ signature: z.string().min(1).max(200), title: z.string().trim().min(3).max(200), body: z.string().trim().min(1).max(20_000) }),
        response: { 201: z.object({ postId: z.string(), savedReply: SavedReplySchema }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return reply.code(201).send(await inbox.publishRecurring(who, ente.id, req.body));
    },
  );

  app.get(
    `${base}/saved-replies`,
    {
      schema: {
        operationId: 'listSavedReplies',
        summary: 'Risposte salvate / saved replies',
        description: 'Le risposte pronte in italiano, modificabili dalla redazione (`{nome}` è il nome pubblico del cittadino). / Saved replies in Italian, editable.',
        tags,
        params: EnteParams,
        response: { 200: z.object({ replies: z.array(SavedReplySchema) }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return { replies: await inbox.listSavedReplies(ente.id) };
    },
  );

  const SavedReplyBody = z.object({ title: z.string().trim().min(2).max(200), body: z.string().trim().min(1).max(8000), category: z.string().max(40).nullable().optional() });

  app.post(
    `${base}/saved-replies`,
    {
      schema: {
        operationId: 'createSavedReply',
        summary: 'Nuova risposta salvata / new saved reply',
        description: 'Aggiunge una risposta pronta. / Adds a saved reply.',
        tags,
        params: EnteParams,
        body: SavedReplyBody,
        response: { 201: SavedReplySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return reply.code(201).send(await inbox.createSavedReply(who, ente.id, req.body));
    },
  );

  app.patch(
    `${base}/saved-replies/:replyId`,
    {
      schema: {
        operationId: 'updateSavedReply',
        summary: 'Modifica una risposta salvata / edit a saved reply',
        description: 'Con `version` la modifica è rifiutata (409) se qualcun altro ha cambiato la risposta nel frattempo. / With `version`, a stale edit is refused.',
        tags,
        params: ReplyParams,
        body: SavedReplyBody.partial().extend({ version: z.number().int().optional() }),
        response: { 200: SavedReplySchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.reply');
      return inbox.updateSavedReply(who, ente.id, req.params.replyId, req.body);
    },
  );

  app.get(
    `${base}/sanctions`,
    {
      schema: {
        operationId: 'listSanctionProposals',
        summary: 'Sanzioni proposte / proposed sanctions',
        description: "Ammonimenti e blocchi proposti al community manager secondo le clausole della policy (violazioni per autore nella finestra). / Warnings and blocks proposed by the policy's clauses.",
        tags,
        params: EnteParams,
        response: { 200: z.object({ sanctions: z.array(SanctionSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return { sanctions: await inbox.listSanctions(ente.id) };
    },
  );

  app.post(
    `${base}/sanctions/:sanctionId/accept`,
    {
      schema: {
        operationId: 'acceptSanction',
        summary: 'Accetta e applica una sanzione proposta / accept and carry out a proposed sanction',
        description:
          "Un ammonimento è registrato come dato (`onPlatform: recorded`; il messaggio dice di comunicarlo citando la clausola). Un blocco è eseguito sulla piattaforma quando il connettore del canale può bloccare (`done`, stato «applicata»), altrimenti resta «da_fare_a_mano» con il motivo (`manual`). Solo una proposta ancora «proposta» può essere accettata (409 altrimenti). / A warning is recorded; a block is carried out through the connector when it can, else marked to be done by hand. Only a pending proposal can be accepted.",
        tags,
        params: SanctionParams,
        response: { 200: z.object({ sanction: SanctionSchema, onPlatform: z.enum(['done', 'manual', 'recorded']), message: Bilingual.nullable() }), ...problems(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.moderate');
      return inbox.acceptSanction(who, ente.id, req.params.sanctionId);
    },
  );

  app.post(
    `${base}/sanctions/:sanctionId/dismiss`,
    {
      schema: {
        operationId: 'dismissSanction',
        summary: 'Respingi una sanzione proposta / dismiss a proposed sanction',
        description: 'La proposta diventa «respinta», con il motivo nel registro; la stessa sanzione non è riproposta per quella clausola nella finestra della policy. / The proposal is dismissed, the reason audited.',
        tags,
        params: SanctionParams,
        body: z.object({ reason: z.string().trim().max(1000).optional() }).optional(),
        response: { 200: SanctionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.moderate');
      return inbox.dismissSanction(who, ente.id, req.params.sanctionId, req.body?.reason || null);
    },
  );

  app.post(
    `${base}/privacy/export`,
    {
      schema: {
        operationId: 'exportCitizenData',
        summary: 'Esporta i dati di un cittadino (GDPR art. 15) / export a citizen’s data',
        description: "Tutti gli elementi e le sanzioni di una persona su un canale, in JSON. L'esportazione è registrata. / Every item and sanction of one person on one channel, as JSON.",
        tags,
        params: EnteParams,
        body: Subject,
        response: {
          200: z.object({
            exportedAt: z.string(),
            subject: z.object({ channelId: z.string(), authorPlatformId: z.string(), names: z.array(z.string()) }),
            items: z.array(z.object({ id: z.string(), kind: z.string(), text: z.string(), receivedAt: z.string(), status: z.string(), decision: z.string().nullable(), clauseNumber: z.string().nullable(), url: z.string().nullable() })),
            sanctions: z.array(z.object({ kind: z.string(), clauseNumber: z.string(), status: z.string(), createdAt: z.string() })),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.privacy');
      return inbox.exportCitizen(who, ente.id, req.body);
    },
  );

  app.post(
    `${base}/privacy/erase`,
    {
      schema: {
        operationId: 'eraseCitizenData',
        summary: 'Cancella i dati di un cittadino (GDPR art. 17) / erase a citizen’s data',
        description: "Anonimizza gli elementi della persona (testo, nome, identificativi), toglie note e sanzioni; il registro conserva l'operazione senza contenuti. / Anonymises the person's items; the audit keeps the operation without content.",
        tags,
        params: EnteParams,
        body: Subject,
        response: { 200: z.object({ erased: z.number().int() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.privacy');
      return inbox.eraseCitizen(who, ente.id, req.body);
    },
  );

  app.get(
    `${base}/settings`,
    {
      schema: {
        operationId: 'getInboxSettings',
        summary: 'Impostazioni della posta in arrivo / inbox settings',
        description: 'Conservazione, soglia «in scadenza», soglia delle domande ricorrenti, Carta dei Servizi. / Retention, thresholds, Carta dei Servizi.',
        tags,
        params: EnteParams,
        response: { 200: SettingsSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await staff(req, req.params.ente, 'inbox.read');
      return inbox.settings(ente.id);
    },
  );

  app.patch(
    `${base}/settings`,
    {
      schema: {
        operationId: 'updateInboxSettings',
        summary: 'Modifica le impostazioni / update inbox settings',
        description: "Il periodo di conservazione decide la cancellazione automatica degli elementi (job di pulizia). / The retention period drives the purge job.",
        tags,
        params: EnteParams,
        body: z.object({
          retentionDays: z.number().int().min(30).max(3650).optional(),
          soonHours: z.number().int().min(1).max(72).optional(),
          recurringMinPeople: z.number().int().min(2).max(50).optional(),
          cartaDeiServiziUrl: z.url().max(500).nullable().optional(),
        }),
        response: { 200: SettingsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await staff(req, req.params.ente, 'inbox.settings');
      return inbox.updateSettings(who, ente.id, req.body);
    },
  );
}
