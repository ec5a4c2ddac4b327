/**
 * Inserts posts whose variants are already published, straight through the editorial repository
 * (the publishing queue is not part of these tests), with optional images and alt text.
 */
import crypto from 'node:crypto';
import type { Redazione } from '../../src/app.ts';
import * as repo from '../../src/modules/editorial/editorial.repo.ts';

export interface PublishedSeed {
  title: string;
  body: string;
  /** The variant's time: the feed's date of the post. */
  at: Date;
  channelIds: string[];
  /** Text per channel; the post's body when missing. */
  texts?: Record<string, string>;
  link?: string | null;
  images?: { bytes: Buffer; mime: string; filename: string; alt: string | null }[];
  /** The variants' status: 'pubblicato' unless a test wants a draft. */
  status?: string;
}

/** Inserts one post with one variant per channel; returns its id and its media ids. */
export async function insertPublishedPost(app: Redazione, enteId: string, authorId: string, s: PublishedSeed) {
  const { db } = app.services;
  const mediaIds: string[] = [];
  for (const img of s.images ?? []) {
    const sha = crypto.createHash('sha256').update(img.bytes).digest('hex');
    await repo.insertBlobChunk(db, enteId, sha, 0, img.bytes);
    const m = await repo.insertMedia(db, {
      enteId,
      filename: img.filename,
      mime: img.mime,
      kind: 'image',
      size: img.bytes.length,
      sha256: sha,
      altText: img.alt,
      uploadedBy: authorId,
    });
    mediaIds.push(m.id);
  }
  const post = await repo.insertPost(db, {
    enteId,
    status: s.status === 'bozza' ? 'in_lavorazione' : 'pubblicato',
    title: s.title,
    body: s.body,
    links: s.link ? [s.link] : [],
    mediaIds,
    authorId,
    lastEditorId: authorId,
  });
  for (const channelId of s.channelIds) {
    await repo.upsertVariant(db, {
      enteId,
      postId: post.id,
      channelId,
      text: s.texts?.[channelId] ?? s.body,
      link: s.link ?? null,
      mediaIds,
      scheduledAt: s.at,
      status: s.status ?? 'pubblicato',
      contentHash: crypto.randomBytes(8).toString('hex'),
      editedBy: authorId,
      editedAt: s.at,
    });
  }
  return { postId: post.id, mediaIds };
}
