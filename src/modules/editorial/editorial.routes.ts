/** HTTP routes of the editorial workflow: proposals, posts, approvals, comments. */
import { z } from 'zod';
import type { Permission } from '../../platform/auth/roles.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import type { FastifyRequest } from 'fastify';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { ApprovalsService } from './approvals.service.ts';
import type { Editor } from './editorial.shared.ts';
import {
  ApproveBody,
  CheckBody,
  CheckResultSchema,
  CommentBody,
  CommentSchema,
  PostListQuery,
  PostListSchema,
  PostSchema,
  PostUpdateBody,
  ProposalBody,
  RejectBody,
  ScheduleBody,
  VersionBody,
} from './editorial.schemas.ts';
import type { PostsService } from './posts.service.ts';

export const PostParams = EnteParams.extend({ postId: z.string().uuid() });

/** The Ente and the acting editor, after the permission check. */
export async function editorFor(identity: IdentityService, req: FastifyRequest, slug: string, permission?: Permission) {
  const actor = requireActor(req);
  const { ente, roles } = await identity.access(actor, slug, permission);
  const who: Editor = { userId: actor.userId, roles, audit: toAuditActor(actor) };
  return { ente, who };
}

const tags = ['editorial'];
const statuses = (s?: string) => (s ? s.split(',').map((x) => x.trim()) : undefined);

export function registerPostRoutes(app: App, deps: { identity: IdentityService; posts: PostsService; approvals: ApprovalsService }) {
  const { identity, posts, approvals } = deps;
  const base = `${API_PREFIX}/enti/:ente`;

  app.post(
    `${base}/proposals`,
    {
      schema: {
        operationId: 'createProposal',
        summary: 'Nuova proposta / propose a post',
        description:
          'Un Responsabile di Servizio (proponente), un redattore o il social media manager propone un contenuto: titolo, testo, file già caricati (uploadMedia), link, data desiderata, canali richiesti o "decide la redazione", servizio di provenienza. Nasce nello stato `proposta`. / A proposer submits content; it starts as `proposta`.',
        tags,
        params: EnteParams,
        body: ProposalBody,
        response: { 201: PostSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.propose');
      return reply.code(201).send(await posts.createProposal(who, ente.id, req.body));
    },
  );

  app.get(
    `${base}/proposals`,
    {
      schema: {
        operationId: 'listProposals',
        summary: 'Proposte / list proposals',
        description:
          'Le proposte in attesa (stato `proposta`, o gli stati indicati in `status`). Un proponente vede solo le proprie, con il loro stato. / Pending proposals; a proposer sees only their own.',
        tags,
        params: EnteParams,
        querystring: PostListQuery,
        response: { 200: PostListSchema, ...problems(400, 401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      const q = req.query;
      return posts.list(who, ente.id, {
        statuses: statuses(q.status) ?? ['proposta'],
        ...(q.desk ? { deskId: q.desk } : {}),
        ...(q.channel ? { channelId: q.channel } : {}),
        mine: q.mine === 'true',
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    `${base}/posts`,
    {
      schema: {
        operationId: 'listPosts',
        summary: 'Post / list posts',
        description:
          'Tutti i post e le proposte, filtrabili per stato, desk e canale, dal più recente. Un proponente vede solo i propri. / All posts, newest change first; a proposer sees only their own.',
        tags,
        params: EnteParams,
        querystring: PostListQuery,
        response: { 200: PostListSchema, ...problems(400, 401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      const q = req.query;
      return posts.list(who, ente.id, {
        ...(q.status ? { statuses: statuses(q.status) } : {}),
        ...(q.desk ? { deskId: q.desk } : {}),
        ...(q.channel ? { channelId: q.channel } : {}),
        mine: q.mine === 'true',
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    `${base}/posts/:postId`,
    {
      schema: {
        operationId: 'getPost',
        summary: 'Un post / get a post',
        description:
          'Il post con le varianti per canale, l’anteprima del conteggio caratteri di ogni variante, le approvazioni valide e quelle mancanti. / The post with its channel variants, length previews and approvals.',
        tags,
        params: PostParams,
        response: { 200: PostSchema, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      return posts.get(who, ente.id, req.params.postId);
    },
  );

  app.patch(
    `${base}/posts/:postId`,
    {
      schema: {
        operationId: 'updatePost',
        summary: 'Modifica un post / update a post',
        description:
          'Con `version` (409 se nel frattempo è cambiato). Un redattore che modifica una proposta la prende in lavorazione e scrive una variante per canale (`variants` sostituisce l’insieme). Se cambia testo, link, file o la dichiarazione di par condicio di un post in approvazione, approvato o programmato, le approvazioni decadono e il post torna `in_lavorazione`. Il proponente può modificare solo la propria proposta (stati `proposta`/`rifiutato`), non le varianti. / Optimistic locking; an edit of approved content drops the approvals.',
        tags,
        params: PostParams,
        body: PostUpdateBody,
        response: { 200: PostSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.propose');
      return posts.update(who, ente.id, req.params.postId, req.body);
    },
  );

  app.post(
    `${base}/posts/:postId/check`,
    {
      schema: {
        operationId: 'checkPost',
        summary: 'Controlla un post / run the checks',
        description:
          'Esegue i controlli redazionali su ogni variante (lunghezza e limiti della piattaforma, accessibilità, hashtag, linguaggio chiaro, par condicio, comunicazione istituzionale, link, duplicati, privacy) e restituisce per variante: id della regola, gravità (blocking/warning/info), messaggio in italiano e inglese, fonte e porzione di testo interessata. Con `variants` controlla bozze non salvate. Non modifica nulla. / Findings per variant; changes nothing.',
        tags,
        params: PostParams,
        body: CheckBody,
        response: { 200: CheckResultSchema, ...problems(400, 401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      return posts.check(who, ente.id, req.params.postId, req.body.variants);
    },
  );

  app.post(
    `${base}/posts/:postId/submit`,
    {
      schema: {
        operationId: 'submitPost',
        summary: 'Invia in approvazione / submit for approval',
        description:
          '`in_lavorazione` → `in_approvazione`. Rifiutato con 422 `blocking_findings` se una variante ha controlli bloccanti: `errors` li elenca (campo = variante e piattaforma, codice = regola, messaggio). / Refused with 422 listing blocking findings.',
        tags,
        params: PostParams,
        body: VersionBody,
        response: { 200: z.object({ post: PostSchema, results: CheckResultSchema.shape.results }), ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.edit');
      return posts.submit(who, ente.id, req.params.postId, req.body.version);
    },
  );

  app.post(
    `${base}/posts/:postId/approve`,
    {
      schema: {
        operationId: 'approvePost',
        summary: 'Approva / approve',
        description:
          'Un approvatore approva le varianti indicate (tutte se `channelIds` manca). Quattro occhi: l’autore e chi ha modificato il testo per ultimo non possono approvare (403 `self_approval`). Il post è `approvato` quando ogni canale ha le approvazioni richieste dall’Ente (1 o 2, impostazione). / Four eyes; approved when each channel has the required approvals.',
        tags,
        params: PostParams,
        body: ApproveBody,
        response: { 200: PostSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.approve');
      return approvals.approve(who, ente.id, req.params.postId, req.body);
    },
  );

  app.post(
    `${base}/posts/:postId/reject`,
    {
      schema: {
        operationId: 'rejectPost',
        summary: 'Rifiuta / reject',
        description:
          'Rimanda il post all’autore con un commento (stato `rifiutato`); le approvazioni già date decadono. / Sends the post back with a comment.',
        tags,
        params: PostParams,
        body: RejectBody,
        response: { 200: z.object({ post: PostSchema, comment: CommentSchema }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.approve');
      return approvals.reject(who, ente.id, req.params.postId, req.body);
    },
  );

  app.post(
    `${base}/posts/:postId/schedule`,
    {
      schema: {
        operationId: 'schedulePost',
        summary: 'Programma / schedule',
        description:
          'Data e ora di pubblicazione per canale di un post approvato. I controlli vengono rieseguiti con le nuove date (par condicio). Il post diventa `programmato` quando ogni variante ha la sua data; la pubblicazione vera arriva con il modulo di pubblicazione. / Per-channel date-times; programmato when every variant has one.',
        tags,
        params: PostParams,
        body: ScheduleBody,
        response: { 200: PostSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.schedule');
      return approvals.schedule(who, ente.id, req.params.postId, req.body);
    },
  );

  app.get(
    `${base}/posts/:postId/comments`,
    {
      schema: {
        operationId: 'listPostComments',
        summary: 'Commenti di un post / list comments',
        description: 'La discussione interna sul post, compresi i motivi dei rifiuti, dal più vecchio. / The internal discussion, oldest first.',
        tags,
        params: PostParams,
        response: { 200: z.object({ comments: z.array(CommentSchema) }), ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente);
      return { comments: await posts.listComments(who, ente.id, req.params.postId) };
    },
  );

  app.post(
    `${base}/posts/:postId/comments`,
    {
      schema: {
        operationId: 'addPostComment',
        summary: 'Commenta un post / add a comment',
        description: 'Un commento interno dello staff (non pubblicato sui canali). / An internal staff comment.',
        tags,
        params: PostParams,
        body: CommentBody,
        response: { 201: CommentSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'posts.comment');
      return reply.code(201).send(await posts.addComment(who, ente.id, req.params.postId, req.body.body));
    },
  );
}
