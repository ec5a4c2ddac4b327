/**
 * Proposals and posts: a proponente proposes, a redattore writes one variant per channel, the
 * checks kit runs on every variant, and a clean post is submitted for approval. Every change is
 * one transaction with its audit event.
 */
import { can } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import { pgErrorCode } from '../../platform/db/pg-errors.ts';
import { linksOf, type LinkProber } from './links.service.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { deskExists } from '../organisation/index.ts';
import * as repo from './editorial.repo.ts';
import {
  assertVisible,
  auditSnapshot,
  blockingErrors,
  loadPost,
  presentPost,
  runPostChecks,
  type CheckableVariant,
  type Editor,
} from './editorial.shared.ts';
import { contentHash, STATUS_LABELS, transition, variantStatusFor, type PostStatus } from './workflow.fns.ts';

export interface ProposalInput {
  title: string;
  body: string;
  service?: string | null;
  desiredAt?: string | null;
  targetChannelIds?: string[];
  letRedazioneDecide?: boolean;
  links?: string[];
  mediaIds?: string[];
  deskId?: string | null;
}

export interface VariantInput {
  channelId: string;
  text: string;
  link?: string | null;
  mediaIds?: string[];
  scheduledAt?: string | null;
}

export interface PostUpdate extends Partial<ProposalInput> {
  version: number;
  parCondicio?: { impersonal: boolean; indispensable: boolean; reason: string | null };
  variants?: VariantInput[];
}

const FOREIGN_KEY_VIOLATION = '23503';

/** Words for an action in the invalid_transition message. */
export const ACTIONS: Record<string, { it: string; en: string }> = {
  edit: { it: 'modificarlo', en: 'edit it' },
  edit_proposal: { it: 'modificare la proposta', en: 'edit the proposal' },
  submit: { it: 'inviarlo in approvazione', en: 'submit it for approval' },
  approve: { it: 'approvarlo', en: 'approve it' },
  reject: { it: 'rifiutarlo', en: 'reject it' },
  schedule: { it: 'programmarlo', en: 'schedule it' },
};

export function invalidTransition(status: string, action: string): DomainError {
  const a = ACTIONS[action] ?? { it: action, en: action };
  return new DomainError('invalid_transition', { status: STATUS_LABELS[status as PostStatus]?.it ?? status, action: a.it, actionEn: a.en });
}

export function createPostsService(deps: { db: Db; settings: (db: Db, enteId: string) => Promise<{ approvalsRequired: number }>; links?: LinkProber }) {
  const { db } = deps;

  /** Channels, desk and media must belong to the Ente; errors name the fields. */
  async function validateRefs(tx: Db, enteId: string, input: Partial<ProposalInput> & { variants?: VariantInput[] }) {
    const errors: FieldError[] = [];
    const channelIds = new Set((await repo.channelsOf(tx, enteId)).map((c) => c.id));
    input.targetChannelIds?.forEach((id, i) => {
      if (!channelIds.has(id)) errors.push({ field: `targetChannelIds.${i}`, code: 'unknown_channel' });
    });
    if (input.deskId && !(await deskExists(tx, enteId, input.deskId))) errors.push({ field: 'deskId', code: 'unknown_desk' });
    const wanted = [...(input.mediaIds ?? []), ...(input.variants ?? []).flatMap((v) => v.mediaIds ?? [])];
    const known = new Set((await repo.findMedia(tx, enteId, wanted)).map((m) => m.id));
    input.mediaIds?.forEach((id, i) => {
      if (!known.has(id)) errors.push({ field: `mediaIds.${i}`, code: 'unknown_media' });
    });
    const seen = new Set<string>();
    input.variants?.forEach((v, i) => {
      if (!channelIds.has(v.channelId)) errors.push({ field: `variants.${i}.channelId`, code: 'unknown_channel' });
      if (seen.has(v.channelId)) errors.push({ field: `variants.${i}.channelId`, code: 'duplicate' });
      seen.add(v.channelId);
      v.mediaIds?.forEach((id, j) => {
        if (!known.has(id)) errors.push({ field: `variants.${i}.mediaIds.${j}`, code: 'unknown_media' });
      });
    });
    if (errors.length) throw new DomainError('validation_failed', {}, errors);
  }

  async function present(tx: Db, enteId: string, post: repo.PostRow) {
    const { approvalsRequired } = await deps.settings(tx, enteId);
    return presentPost(await loadPost(tx, enteId, post), approvalsRequired);
  }

  function refsFailed(e: unknown): never {
    if (pgErrorCode(e) === FOREIGN_KEY_VIOLATION) throw new DomainError('validation_failed', {}, [{ field: 'body', code: 'invalid_value' }]);
    throw e;
  }

  return {
    present,

    async createProposal(who: Editor, enteId: string, input: ProposalInput) {
      try {
        return await db.transaction(async (tx) => {
          await validateRefs(tx, enteId, input);
          const post = await repo.insertPost(tx, {
            enteId,
            status: 'proposta',
            title: input.title,
            body: input.body,
            service: input.service ?? null,
            desiredAt: input.desiredAt ? new Date(input.desiredAt) : null,
            targetChannelIds: input.targetChannelIds ?? [],
            letRedazioneDecide: input.letRedazioneDecide ?? (input.targetChannelIds ?? []).length === 0,
            links: input.links ?? [],
            mediaIds: input.mediaIds ?? [],
            deskId: input.deskId ?? null,
            authorId: who.userId,
            lastEditorId: who.userId,
          });
          await appendAudit(tx, enteId, who.audit, { action: 'post.propose', entityType: 'post', entityId: post.id, after: post });
          return present(tx, enteId, post);
        });
      } catch (e) {
        refsFailed(e);
      }
    },

    async get(who: Editor, enteId: string, id: string) {
      return present(db, enteId, assertVisible(who, await repo.findPost(db, enteId, id)));
    },

    /** Posts, newest change first; a proponente sees only their own. */
    async list(who: Editor, enteId: string, f: Omit<repo.PostFilter, 'authorId'> & { mine?: boolean }) {
      const own = f.mine || !can(who.roles, 'posts.read');
      const { rows, total } = await repo.listPosts(db, enteId, { ...f, ...(own ? { authorId: who.userId } : {}) });
      const variants = await repo.variantsOf(db, enteId, rows.map((r) => r.id));
      const channels = new Map((await repo.channelsOf(db, enteId)).map((c) => [c.id, c]));
      const names = await repo.peopleNames(db, enteId, rows.map((r) => r.authorId));
      return {
        total,
        posts: rows.map((p) => ({
          id: p.id,
          status: p.status as PostStatus,
          statusLabel: STATUS_LABELS[p.status as PostStatus],
          title: p.title,
          service: p.service,
          desiredAt: p.desiredAt?.toISOString() ?? null,
          deskId: p.deskId,
          author: { id: p.authorId, name: names.get(p.authorId) ?? '' },
          channels: variants
            .filter((v) => v.postId === p.id)
            .map((v) => ({ channelId: v.channelId, platform: channels.get(v.channelId)?.platform ?? '', scheduledAt: v.scheduledAt?.toISOString() ?? null, status: v.status })),
          updatedAt: p.updatedAt.toISOString(),
          version: p.version,
        })),
      };
    },

    /**
     * Edits a post with optimistic locking. A redattore's edit of a proposal takes it into work;
     * an edit that changes what approvers approved drops their approvals and returns the post
     * to in_lavorazione. A proponente may change only their own proposal, not the variants.
     */
    async update(who: Editor, enteId: string, id: string, input: PostUpdate) {
      try {
        return await db.transaction(async (tx) => {
          const before = assertVisible(who, await repo.findPost(tx, enteId, id, true));
          const editor = can(who.roles, 'posts.edit');
          if (!editor) {
            if (before.authorId !== who.userId || !can(who.roles, 'posts.propose')) throw new DomainError('forbidden', { action: 'posts.edit' });
            if (input.variants !== undefined || input.parCondicio !== undefined) throw new DomainError('forbidden', { action: 'posts.edit' });
          }
          if (before.version !== input.version) throw new DomainError('version_conflict');
          await validateRefs(tx, enteId, input);

          const existing = await repo.variantsOf(tx, enteId, [id]);
          const pc = input.parCondicio ?? { impersonal: before.pcImpersonal, indispensable: before.pcIndispensable, reason: before.pcReason };
          const wanted: CheckableVariant[] = input.variants
            ? input.variants.map((v) => {
                const old = existing.find((e) => e.channelId === v.channelId);
                return {
                  channelId: v.channelId,
                  text: v.text,
                  link: v.link ?? null,
                  mediaIds: v.mediaIds ?? [],
                  scheduledAt: v.scheduledAt === undefined ? (old?.scheduledAt ?? null) : v.scheduledAt ? new Date(v.scheduledAt) : null,
                };
              })
            : existing.map((e) => ({ channelId: e.channelId, text: e.text, link: e.link, mediaIds: e.mediaIds, scheduledAt: e.scheduledAt }));
          const hashes = wanted.map((v) => contentHash({ text: v.text, link: v.link, mediaIds: v.mediaIds, parCondicio: pc }));
          const changedChannels = wanted.filter((v, i) => existing.find((e) => e.channelId === v.channelId)?.contentHash !== hashes[i]).map((v) => v.channelId);
          const removed = existing.filter((e) => !wanted.some((w) => w.channelId === e.channelId));
          const contentChanged = changedChannels.length > 0 || removed.length > 0;
          const textChanged = contentChanged || (input.title !== undefined && input.title !== before.title) || (input.body !== undefined && input.body !== before.body);

          const next = transition(before.status as PostStatus, editor ? { type: 'edit', contentChanged } : { type: 'edit_proposal' });
          if (!next) throw invalidTransition(before.status, editor ? 'edit' : 'edit_proposal');

          const invalidated = contentChanged ? await repo.invalidateApprovals(tx, enteId, id) : [];
          const after = await repo.updatePost(tx, enteId, id, input.version, {
            status: next,
            ...(input.title !== undefined ? { title: input.title } : {}),
            ...(input.body !== undefined ? { body: input.body } : {}),
            ...(input.service !== undefined ? { service: input.service } : {}),
            ...(input.desiredAt !== undefined ? { desiredAt: input.desiredAt ? new Date(input.desiredAt) : null } : {}),
            ...(input.targetChannelIds !== undefined ? { targetChannelIds: input.targetChannelIds } : {}),
            ...(input.letRedazioneDecide !== undefined ? { letRedazioneDecide: input.letRedazioneDecide } : {}),
            ...(input.links !== undefined ? { links: input.links } : {}),
            ...(input.mediaIds !== undefined ? { mediaIds: input.mediaIds } : {}),
            ...(input.deskId !== undefined ? { deskId: input.deskId } : {}),
            ...(input.parCondicio !== undefined
              ? { pcImpersonal: pc.impersonal, pcIndispensable: pc.indispensable, pcReason: pc.reason?.trim() || null }
              : {}),
            ...(textChanged ? { lastEditorId: who.userId } : {}),
            ...(next === 'in_lavorazione' ? { submittedAt: null, approvedAt: null } : {}),
          });
          if (!after) throw new DomainError('version_conflict');

          await repo.deleteVariantsExcept(tx, enteId, id, wanted.map((w) => w.channelId));
          for (const [i, v] of wanted.entries()) {
            const old = existing.find((e) => e.channelId === v.channelId);
            const changed = changedChannels.includes(v.channelId);
            await repo.upsertVariant(tx, {
              enteId,
              postId: id,
              channelId: v.channelId,
              text: v.text,
              link: v.link,
              mediaIds: v.mediaIds,
              scheduledAt: v.scheduledAt,
              status: next === before.status && old ? old.status : variantStatusFor(next),
              contentHash: hashes[i]!,
              editedBy: changed || !old ? who.userId : old.editedBy,
              editedAt: changed || !old ? new Date() : old.editedAt,
            });
          }
          await appendAudit(tx, enteId, who.audit, {
            action: 'post.update',
            entityType: 'post',
            entityId: id,
            before: auditSnapshot(before, existing),
            after: { ...auditSnapshot(after, wanted), approvalsInvalidated: invalidated.length, changedChannels },
          });
          return present(tx, enteId, after);
        });
      } catch (e) {
        refsFailed(e);
      }
    },

    /** The findings of every variant (stored, or drafts sent by the editor for a live preview). */
    async check(who: Editor, enteId: string, id: string, drafts?: VariantInput[]) {
      const post = assertVisible(who, await repo.findPost(db, enteId, id));
      const variants: CheckableVariant[] = drafts
        ? drafts.map((d) => ({ channelId: d.channelId, text: d.text, link: d.link ?? null, mediaIds: d.mediaIds ?? [], scheduledAt: d.scheduledAt ? new Date(d.scheduledAt) : null }))
        : (await repo.variantsOf(db, enteId, [id])).map((v) => ({ channelId: v.channelId, text: v.text, link: v.link, mediaIds: v.mediaIds, scheduledAt: v.scheduledAt }));
      if (drafts) await validateRefs(db, enteId, { variants: drafts });
      const linkStatus = (await deps.links?.probe(linksOf(variants))) ?? {};
      const results = await runPostChecks(db, enteId, post, variants, new Date(), linkStatus);
      return { results, blocking: results.some((r) => r.findings.some((f) => f.severity === 'blocking')) };
    },

    /** in_lavorazione → in_approvazione, refused (422, listing them) while a blocking finding remains. */
    async submit(who: Editor, enteId: string, id: string, version?: number) {
      // Links are fetched before the transaction: no lock is held while a remote site answers.
      const linkStatus = (await deps.links?.probe(linksOf(await repo.variantsOf(db, enteId, [id])))) ?? {};
      return db.transaction(async (tx) => {
        const before = assertVisible(who, await repo.findPost(tx, enteId, id, true));
        if (version !== undefined && version !== before.version) throw new DomainError('version_conflict');
        const next = transition(before.status as PostStatus, { type: 'submit' });
        if (!next) throw invalidTransition(before.status, 'submit');
        const variants = await repo.variantsOf(tx, enteId, [id]);
        if (variants.length === 0) throw new DomainError('no_variants');
        const results = await runPostChecks(tx, enteId, before, variants, new Date(), linkStatus);
        const blocking = blockingErrors(
          results,
          variants.map((v) => v.channelId),
        );
        if (blocking.length) throw new DomainError('blocking_findings', { count: blocking.length }, blocking);
        const after = await repo.updatePost(tx, enteId, id, before.version, { status: next, submittedAt: new Date() });
        if (!after) throw new DomainError('version_conflict');
        await repo.setVariantsStatus(tx, enteId, id, variantStatusFor(next));
        await appendAudit(tx, enteId, who.audit, {
          action: 'post.submit',
          entityType: 'post',
          entityId: id,
          before: { status: before.status },
          after: {
            status: next,
            warnings: results.flatMap((r) => r.findings.filter((f) => f.severity === 'warning').map((f) => ({ channelId: r.channelId, ruleId: f.ruleId }))),
          },
        });
        return { post: await present(tx, enteId, after), results };
      });
    },

    async addComment(who: Editor, enteId: string, id: string, body: string) {
      return db.transaction(async (tx) => {
        assertVisible(who, await repo.findPost(tx, enteId, id));
        const c = await repo.insertComment(tx, { enteId, postId: id, authorId: who.userId, kind: 'comment', body });
        await appendAudit(tx, enteId, who.audit, { action: 'post.comment', entityType: 'post', entityId: id, after: c });
        const names = await repo.peopleNames(tx, enteId, [who.userId]);
        return presentComment({ comment: c, authorName: names.get(who.userId) ?? '' });
      });
    },

    async listComments(who: Editor, enteId: string, id: string) {
      assertVisible(who, await repo.findPost(db, enteId, id));
      return (await repo.listComments(db, enteId, id)).map(presentComment);
    },
  };
}

export function presentComment(r: { comment: { id: string; authorId: string; kind: string; body: string; createdAt: Date }; authorName: string }) {
  return {
    id: r.comment.id,
    author: { id: r.comment.authorId, name: r.authorName },
    kind: r.comment.kind as 'comment' | 'rejection',
    body: r.comment.body,
    createdAt: r.comment.createdAt.toISOString(),
  };
}

export type PostsService = ReturnType<typeof createPostsService>;
