/**
 * Read-only access to what the Ente has published, for its own channels (feeds, ActivityPub).
 * "Published" = a variant in the state `pubblicato` on an institutional channel (political
 * channels are the mayor's or the parties', not the Ente's: L. 150/2000); until the publishing queue records when it
 * went out, a post's date is the earliest `scheduled_at` (else `edited_at`) of its published
 * variants. The text is the one of a variant for the Ente's own site or feed (`website`, `rss`)
 * when there is one, else the post's body.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { findMedia, readBlob } from './editorial.repo.ts';
import { posts, postVariants } from './editorial.tables.ts';

const OWN_PLATFORMS = ['website', 'rss'];

export interface PublishedMedia {
  id: string;
  filename: string;
  mime: string;
  kind: string;
  size: number;
  altText: string | null;
}

export interface PublishedPost {
  id: string;
  title: string;
  text: string;
  link: string | null;
  publishedAt: Date;
  /** Last change of the post or of one of its published variants. */
  updatedAt: Date;
  media: PublishedMedia[];
}

/** The Ente's published posts, newest first, at most `limit`. */
export async function listPublishedPosts(db: Db, enteId: string, limit: number): Promise<PublishedPost[]> {
  const at = sql<Date>`min(coalesce(${postVariants.scheduledAt}, ${postVariants.editedAt}))`;
  const institutional = and(eq(postVariants.enteId, enteId), eq(postVariants.status, 'pubblicato'), eq(schema.channels.kind, 'institutional'));
  const newest = await db
    .select({ postId: postVariants.postId, at: at.mapWith(postVariants.editedAt) })
    .from(postVariants)
    .innerJoin(schema.channels, and(eq(schema.channels.enteId, postVariants.enteId), eq(schema.channels.id, postVariants.channelId)))
    .where(institutional)
    .groupBy(postVariants.postId)
    .orderBy(desc(at), desc(postVariants.postId))
    .limit(limit);
  if (newest.length === 0) return [];
  const ids = newest.map((n) => n.postId);
  const rows = await db
    .select({ post: posts, variant: postVariants, platform: schema.channels.platform })
    .from(postVariants)
    .innerJoin(posts, and(eq(posts.enteId, postVariants.enteId), eq(posts.id, postVariants.postId)))
    .innerJoin(schema.channels, and(eq(schema.channels.enteId, postVariants.enteId), eq(schema.channels.id, postVariants.channelId)))
    .where(and(institutional, inArray(postVariants.postId, ids)))
    .orderBy(asc(postVariants.channelId));
  const byPost = new Map<string, typeof rows>();
  for (const r of rows) byPost.set(r.post.id, [...(byPost.get(r.post.id) ?? []), r]);

  const chosen = newest.map((n) => {
    const vs = byPost.get(n.postId)!;
    const post = vs[0]!.post;
    const own = vs.find((v) => OWN_PLATFORMS.includes(v.platform))?.variant;
    const mediaIds = own?.mediaIds.length ? own.mediaIds : post.mediaIds;
    const updated = Math.max(post.updatedAt.getTime(), ...vs.map((v) => v.variant.editedAt.getTime()));
    return { n, post, own, mediaIds, updatedAt: new Date(updated) };
  });
  const mediaRows = await findMedia(db, enteId, chosen.flatMap((c) => c.mediaIds));
  const mediaById = new Map(mediaRows.map((m) => [m.id, m]));
  return chosen.map(({ n, post, own, mediaIds, updatedAt }) => ({
    id: post.id,
    title: post.title,
    text: own?.text ?? post.body,
    link: own?.link ?? post.links[0] ?? null,
    publishedAt: n.at,
    updatedAt,
    media: mediaIds
      .map((id) => mediaById.get(id))
      .filter((m) => m !== undefined)
      .map((m) => ({ id: m.id, filename: m.filename, mime: m.mime, kind: m.kind, size: m.size, altText: m.altText })),
  }));
}

/** A file attached to a post published on an institutional channel (its variant or the post), or null: drafts stay private. */
export async function readPublishedMedia(db: Db, enteId: string, mediaId: string): Promise<(PublishedMedia & { bytes: Buffer }) | null> {
  const [pub] = await db
    .select({ one: sql<number>`1` })
    .from(postVariants)
    .innerJoin(posts, and(eq(posts.enteId, postVariants.enteId), eq(posts.id, postVariants.postId)))
    .innerJoin(schema.channels, and(eq(schema.channels.enteId, postVariants.enteId), eq(schema.channels.id, postVariants.channelId)))
    .where(
      and(
        eq(postVariants.enteId, enteId),
        eq(postVariants.status, 'pubblicato'),
        eq(schema.channels.kind, 'institutional'),
        sql`(${mediaId}::uuid = any(${postVariants.mediaIds}) or ${mediaId}::uuid = any(${posts.mediaIds}))`,
      ),
    )
    .limit(1);
  if (!pub) return null;
  const [m] = await findMedia(db, enteId, [mediaId]);
  if (!m) return null;
  return { id: m.id, filename: m.filename, mime: m.mime, kind: m.kind, size: m.size, altText: m.altText, bytes: await readBlob(db, enteId, m.sha256) };
}
