/**
 * Approval, rejection and scheduling. Four eyes: whoever wrote the post or last edited its text
 * cannot approve it; an Ente may require two approvals per channel; an approval is valid only for
 * the content hash it saw. Approved posts are scheduled per channel and wait for publishing.
 */
import type { Db } from '../../platform/db/index.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './editorial.repo.ts';
import { assertVisible, blockingErrors, runPostChecks, type Editor } from './editorial.shared.ts';
import { invalidTransition, presentComment, type PostsService } from './posts.service.ts';
import { approvalsComplete, fourEyesConflict, transition, variantStatusFor, type PostStatus } from './workflow.fns.ts';

const REASONS = {
  author: { it: 'ne sei l’autore', en: 'you are its author' },
  editor: { it: 'ne hai modificato il testo per ultimo', en: 'you last edited its text' },
} as const;

/** Called in the scheduling transaction with the variants that became due (the publishing queue's outbox). */
export type OnVariantsScheduled = (tx: Db, enteId: string, postId: string, variants: { channelId: string; scheduledAt: Date; contentHash: string }[]) => Promise<void>;

export function createApprovalsService(deps: {
  db: Db;
  posts: Pick<PostsService, 'present'>;
  settings: (db: Db, enteId: string) => Promise<{ approvalsRequired: number }>;
  onVariantsScheduled?: OnVariantsScheduled;
}) {
  const { db, posts } = deps;

  function checkVersion(post: repo.PostRow, version?: number) {
    if (version !== undefined && version !== post.version) throw new DomainError('version_conflict');
  }

  return {
    /** Approves the given channels' variants (all by default); the post is approved when each has enough approvals. */
    async approve(who: Editor, enteId: string, id: string, input: { channelIds?: string[]; version?: number }) {
      return db.transaction(async (tx) => {
        const before = assertVisible(who, await repo.findPost(tx, enteId, id, true));
        checkVersion(before, input.version);
        if (!transition(before.status as PostStatus, { type: 'approve', complete: false })) throw invalidTransition(before.status, 'approve');
        const variants = await repo.variantsOf(tx, enteId, [id]);
        const channels = new Map((await repo.channelsOf(tx, enteId)).map((c) => [c.id, c]));
        const targets = input.channelIds ?? variants.map((v) => v.channelId);
        const errors: FieldError[] = [];
        targets.forEach((c, i) => {
          if (!variants.some((v) => v.channelId === c)) errors.push({ field: `channelIds.${i}`, code: 'unknown_channel' });
        });
        if (errors.length) throw new DomainError('validation_failed', {}, errors);
        const existing = await repo.validApprovals(tx, enteId, id);
        for (const channelId of targets) {
          const v = variants.find((x) => x.channelId === channelId)!;
          const conflict = fourEyesConflict(who.userId, before, v.editedBy);
          if (conflict) throw new DomainError('self_approval', { reason: REASONS[conflict].it, reasonEn: REASONS[conflict].en });
          if (existing.some((a) => a.approval.channelId === channelId && a.approval.approverId === who.userId)) {
            throw new DomainError('already_approved', { channel: channels.get(channelId)?.name ?? channelId });
          }
        }
        const added = [];
        for (const channelId of targets) {
          const v = variants.find((x) => x.channelId === channelId)!;
          added.push(await repo.insertApproval(tx, { enteId, postId: id, channelId, approverId: who.userId, contentHash: v.contentHash }));
        }
        const { approvalsRequired } = await deps.settings(tx, enteId);
        const valid = [...existing.map((a) => a.approval), ...added].filter((a) => variants.find((v) => v.channelId === a.channelId)?.contentHash === a.contentHash);
        const complete = approvalsComplete(
          variants.map((v) => v.channelId),
          valid,
          approvalsRequired,
        );
        const next = transition(before.status as PostStatus, { type: 'approve', complete })!;
        const after = await repo.updatePost(tx, enteId, id, before.version, { status: next, ...(complete ? { approvedAt: new Date() } : {}) });
        if (!after) throw new DomainError('version_conflict');
        if (complete) await repo.setVariantsStatus(tx, enteId, id, variantStatusFor(next));
        await appendAudit(tx, enteId, who.audit, {
          action: 'post.approve',
          entityType: 'post',
          entityId: id,
          before: { status: before.status },
          after: { status: next, approvals: added.map((a) => ({ channelId: a.channelId, contentHash: a.contentHash })), approvalsRequired },
        });
        return posts.present(tx, enteId, after);
      });
    },

    /** Sends the post back with a comment; its approvals are dropped. */
    async reject(who: Editor, enteId: string, id: string, input: { comment: string; version?: number }) {
      return db.transaction(async (tx) => {
        const before = assertVisible(who, await repo.findPost(tx, enteId, id, true));
        checkVersion(before, input.version);
        const next = transition(before.status as PostStatus, { type: 'reject' });
        if (!next) throw invalidTransition(before.status, 'reject');
        const dropped = await repo.invalidateApprovals(tx, enteId, id);
        const after = await repo.updatePost(tx, enteId, id, before.version, { status: next, submittedAt: null, approvedAt: null });
        if (!after) throw new DomainError('version_conflict');
        await repo.setVariantsStatus(tx, enteId, id, variantStatusFor(next));
        const comment = await repo.insertComment(tx, { enteId, postId: id, authorId: who.userId, kind: 'rejection', body: input.comment });
        await appendAudit(tx, enteId, who.audit, {
          action: 'post.reject',
          entityType: 'post',
          entityId: id,
          before: { status: before.status },
          after: { status: next, comment: input.comment, approvalsInvalidated: dropped.length },
        });
        const names = await repo.peopleNames(tx, enteId, [who.userId]);
        return { post: await posts.present(tx, enteId, after), comment: presentComment({ comment, authorName: names.get(who.userId) ?? '' }) };
      });
    },

    /**
     * Gives approved variants their date-time. The checks run again with the new dates (an
     * electoral period may begin in between); the post is programmato once every variant has one.
     */
    async schedule(who: Editor, enteId: string, id: string, input: { schedules: { channelId: string; at: string }[]; version?: number }, now = new Date()) {
      return db.transaction(async (tx) => {
        const before = assertVisible(who, await repo.findPost(tx, enteId, id, true));
        checkVersion(before, input.version);
        if (!transition(before.status as PostStatus, { type: 'schedule', complete: false })) throw invalidTransition(before.status, 'schedule');
        const variants = await repo.variantsOf(tx, enteId, [id]);
        const errors: FieldError[] = [];
        input.schedules.forEach((s, i) => {
          if (!variants.some((v) => v.channelId === s.channelId)) errors.push({ field: `schedules.${i}.channelId`, code: 'unknown_channel' });
          if (new Date(s.at).getTime() <= now.getTime()) errors.push({ field: `schedules.${i}.at`, code: 'in_the_past', messages: { it: 'La data di pubblicazione deve essere nel futuro.', en: 'The publication time must be in the future.' } });
        });
        if (errors.length) throw new DomainError('validation_failed', {}, errors);
        const planned = variants.map((v) => {
          const s = input.schedules.find((x) => x.channelId === v.channelId);
          // A date planned while editing counts only if it is still ahead.
          const kept = v.scheduledAt && v.scheduledAt.getTime() > now.getTime() ? v.scheduledAt : null;
          return { ...v, scheduledAt: s ? new Date(s.at) : kept };
        });
        const blocking = blockingErrors(
          await runPostChecks(tx, enteId, before, planned, now),
          planned.map((v) => v.channelId),
        );
        if (blocking.length) throw new DomainError('blocking_findings', { count: blocking.length }, blocking);
        const complete = planned.every((v) => v.scheduledAt !== null);
        const next = transition(before.status as PostStatus, { type: 'schedule', complete })!;
        for (const v of planned) {
          if (v.scheduledAt) await repo.scheduleVariant(tx, enteId, id, v.channelId, v.scheduledAt, 'programmato');
        }
        const due = planned.flatMap((v) => (v.scheduledAt ? [{ channelId: v.channelId, scheduledAt: v.scheduledAt, contentHash: v.contentHash }] : []));
        if (deps.onVariantsScheduled && due.length) await deps.onVariantsScheduled(tx, enteId, id, due);
        const after = await repo.updatePost(tx, enteId, id, before.version, { status: next });
        if (!after) throw new DomainError('version_conflict');
        await appendAudit(tx, enteId, who.audit, {
          action: 'post.schedule',
          entityType: 'post',
          entityId: id,
          before: { status: before.status, schedules: variants.map((v) => ({ channelId: v.channelId, at: v.scheduledAt })) },
          after: { status: next, schedules: planned.map((v) => ({ channelId: v.channelId, at: v.scheduledAt })) },
        });
        return posts.present(tx, enteId, after);
      });
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;
