/**
 * What the ActivityPub connector asks of the Ente's presence: publish a Note to every follower
 * (signed by Fedify with the Ente's key), find one in our own outbox, delete it, say who we are.
 * Idempotent by construction: the Note's id comes from the idempotency key and the outbox row is
 * written once, before delivery; its deliveries are enqueued in the same transaction that marks it
 * queued (or deleted), so a repeated or concurrent publish never queues a Note twice and a crash
 * never leaves it marked but unsent.
 */
import { Create, Delete, Note, Tombstone, type Context, type Federation } from '@fedify/fedify';
import type { Db } from '../../platform/db/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import * as repo from './activitypub.repo.ts';
import type { DbMessageQueue } from './activitypub.queue.ts';
import { createActivity, fullText, noteKeyOf, PUBLIC } from './activitypub.fns.ts';

export interface NoteToPublish {
  idempotencyKey: string;
  text: string;
  link?: string | null;
  media: { mime: string; altText: string | null; bytes: Buffer }[];
}

export interface PublishedNote {
  noteId: string;
  publishedAt: Date;
}

export class ActivityPubError extends Error {
  constructor(
    readonly code: 'unknown_ente' | 'not_ours' | 'delivery_failed',
    message: string,
  ) {
    super(message);
    this.name = 'ActivityPubError';
  }
}

/** Thrown inside the transaction to roll it back when another call already queued the work. */
class AlreadyDone extends Error {}

export function createActivityPubService(deps: {
  db: Db;
  federation: Federation<void>;
  queue: Pick<DbMessageQueue, 'atomically'>;
  organisation: Pick<OrganisationService, 'findEnteById'>;
  publicUrl: string | null;
}) {
  const { db, federation, queue } = deps;

  async function enteAndContext(enteId: string, origin: string | null) {
    const ente = await deps.organisation.findEnteById(enteId);
    const base = deps.publicUrl ?? origin;
    if (!ente || !base) throw new ActivityPubError('unknown_ente', 'Ente or public URL unknown');
    const ctx = federation.createContext(new URL(base), undefined);
    return { ente, ctx, slug: ente.slug };
  }

  const resultOf = (row: repo.OutboxRow): PublishedNote => ({
    noteId: (row.activity.object as { id: string }).id,
    publishedAt: row.publishedAt,
  });

  /**
   * Sends to the followers through the queue: the deliveries are written with `mark` in one
   * transaction; when `mark` finds the work already done (another call), nothing is enqueued.
   */
  async function toFollowers(ctx: Context<void>, slug: string, activity: Create | Delete, mark: (tx: Db) => Promise<boolean>) {
    try {
      await queue.atomically(
        () => ctx.sendActivity({ identifier: slug }, 'followers', activity, { preferSharedInbox: true }),
        async (tx) => {
          if (!(await mark(tx))) throw new AlreadyDone('already queued');
        },
      );
    } catch (e) {
      if (!(e instanceof AlreadyDone)) throw e;
    }
  }

  async function deliver(ctx: Context<void>, slug: string, row: repo.OutboxRow, now: Date) {
    const activity = await Create.fromJsonLd(row.activity, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
    await toFollowers(ctx, slug, activity, (tx) => repo.markQueuedOnce(tx, row.enteId, row.noteKey, now));
  }

  return {
    federation,

    /** The Note's outbox entry, written once, then queued for every follower's inbox. */
    async publish(enteId: string, origin: string | null, note: NoteToPublish, now: Date): Promise<PublishedNote> {
      const { ctx, slug } = await enteAndContext(enteId, origin);
      const noteKey = noteKeyOf(note.idempotencyKey);
      let row = await repo.findNote(db, enteId, noteKey);
      if (!row) {
        const actor = ctx.getActorUri(slug);
        const noteId = ctx.getObjectUri(Note, { identifier: slug, key: noteKey }).href;
        const activity = createActivity({
          actor: actor.href,
          followers: ctx.getFollowersUri(slug).href,
          noteId,
          text: note.text,
          link: note.link,
          published: now,
          attachments: note.media.map((m, i) => ({ url: `${noteId}/media/${i}`, mediaType: m.mime, name: m.altText })),
        });
        const media = note.media.map((m) => ({ mime: m.mime, altText: m.altText, data: m.bytes }));
        row = (await repo.insertNoteOnce(db, { enteId, noteKey, activity, sourceText: fullText(note.text, note.link), publishedAt: now }, media)).row;
      }
      if (!row.queuedAt && !row.deletedAt) {
        try {
          await deliver(ctx, slug, row, now);
        } catch (e) {
          throw new ActivityPubError('delivery_failed', e instanceof Error ? e.message : String(e));
        }
      }
      return resultOf(row);
    },

    /** Our own outbox: the Note of this key, else one with this text since the date, if it went out. */
    async lookup(enteId: string, q: { idempotencyKey: string; text: string; since: Date }): Promise<PublishedNote | null> {
      const row = (await repo.findNote(db, enteId, noteKeyOf(q.idempotencyKey))) ?? (await repo.findNoteByText(db, enteId, q.text.trim(), q.since));
      // Written but never queued = nothing went out: publish again delivers the same Note.
      return row && row.queuedAt && !row.deletedAt ? resultOf(row) : null;
    },

    /** Deletes a Note of ours: Delete(Tombstone) to the followers, and out of the outbox. */
    async delete(enteId: string, origin: string | null, noteId: string, now: Date): Promise<void> {
      const { ctx, slug } = await enteAndContext(enteId, origin);
      const parsed = ctx.parseUri(new URL(noteId));
      const key = parsed?.type === 'object' && parsed.values.identifier === slug ? parsed.values.key : undefined;
      const row = key ? await repo.findNote(db, enteId, key) : undefined;
      if (!row) throw new ActivityPubError('not_ours', 'Not a Note of this Ente');
      if (row.deletedAt) return;
      const actor = ctx.getActorUri(slug);
      const del = new Delete({
        id: new URL(`${noteId}/delete`),
        actor,
        object: new Tombstone({ id: new URL(noteId) }),
        tos: [new URL(PUBLIC)],
        ccs: [ctx.getFollowersUri(slug)],
      });
      await toFollowers(ctx, slug, del, (tx) => repo.markDeletedOnce(tx, enteId, row.noteKey, now));
    },

    /** Who the Ente is on the fediverse. */
    async identity(enteId: string, origin: string | null) {
      const { ente, ctx, slug } = await enteAndContext(enteId, origin);
      const actor = ctx.getActorUri(slug);
      return {
        id: actor.href,
        handle: `@${slug}@${actor.host}`,
        name: ente.name,
        url: new URL(`/enti/${encodeURIComponent(slug)}/social-media-policy`, actor).href,
      };
    },

    /** A stored attachment of a Note that is still published. */
    noteMedia: (enteId: string, noteKey: string, idx: number) => repo.findNoteMedia(db, enteId, noteKey, idx),
  };
}
export type ActivityPubService = ReturnType<typeof createActivityPubService>;
