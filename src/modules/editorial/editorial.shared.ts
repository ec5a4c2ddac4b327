/**
 * What the editorial services share: who is acting, loading a post with its variants, media and
 * approvals, running the checks kit on it, and presenting it to the API.
 */
import { eq } from 'drizzle-orm';
import { can } from '../../platform/auth/roles.ts';
import { type Db, schema } from '../../platform/db/index.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { checkTitle, checkVariant, measureText, platformLimits, type CheckContext, type Finding, type MediaItem, type Platform } from './checks/index.ts';
import { effectiveLimit } from './checks/length.fns.ts';
import * as repo from './editorial.repo.ts';
import { STATUS_LABELS, type PostStatus, type VariantStatus } from './workflow.fns.ts';

/** The person acting, with their roles in the Ente. */
export interface Editor {
  userId: string;
  roles: readonly string[];
  audit: AuditActor;
}

export interface EditorialDeps {
  db: Db;
}

export type FullPost = Awaited<ReturnType<typeof loadPost>>;

/** A post the editor may see, or 404: a proponente sees only their own proposals. */
export function assertVisible(who: Editor, post: repo.PostRow | undefined): repo.PostRow {
  if (!post || (!can(who.roles, 'posts.read') && post.authorId !== who.userId)) throw new DomainError('not_found', { what: 'post' });
  return post;
}

/**
 * The post with variants, channels, media and valid approvals. One query after another: `db` is
 * often a transaction, whose one connection runs one query at a time (node-postgres deprecates
 * queries sent to a busy client).
 */
export async function loadPost(db: Db, enteId: string, post: repo.PostRow) {
  const variants = await repo.variantsOf(db, enteId, [post.id]);
  const approvals = await repo.validApprovals(db, enteId, post.id);
  const channels = await repo.channelsOf(db, enteId);
  const mediaIds = [...post.mediaIds, ...variants.flatMap((v) => v.mediaIds)];
  const media = await repo.findMedia(db, enteId, mediaIds);
  const names = await repo.peopleNames(db, enteId, [post.authorId, post.lastEditorId, ...variants.map((v) => v.editedBy)]);
  return { post, variants, approvals, channels: new Map(channels.map((c) => [c.id, c])), media: new Map(media.map((m) => [m.id, m])), names };
}

export function presentMedia(m: repo.MediaRow) {
  return {
    id: m.id,
    filename: m.filename,
    mime: m.mime,
    kind: m.kind as 'image' | 'video',
    size: m.size,
    sha256: m.sha256,
    altText: m.altText,
    hasCaptions: m.hasCaptions,
    uploadedBy: m.uploadedBy,
    createdAt: m.createdAt.toISOString(),
    version: m.version,
  };
}

/** How the platform counts this text against its limit: the redattore's live preview. */
export function preview(platform: Platform, text: string, mediaCount: number) {
  const limits = platformLimits(platform);
  const { max } = effectiveLimit({ channelId: '', platform, text, media: Array.from({ length: mediaCount }, (_, i) => ({ id: String(i), kind: 'image' as const, filename: '' })) });
  const length = measureText(platform, text);
  return { length, limit: max, counting: limits.counting, remaining: max === null ? null : max - length, overflow: max !== null && length > max };
}

export function presentPost(full: FullPost, approvalsRequired: number) {
  const { post, variants, approvals, channels, media, names } = full;
  const person = (id: string) => ({ id, name: names.get(id) ?? '' });
  const mediaOf = (ids: string[]) => ids.map((id) => media.get(id)).filter((m): m is repo.MediaRow => Boolean(m)).map(presentMedia);
  return {
    id: post.id,
    status: post.status as PostStatus,
    statusLabel: STATUS_LABELS[post.status as PostStatus],
    title: post.title,
    body: post.body,
    service: post.service,
    desiredAt: post.desiredAt?.toISOString() ?? null,
    targetChannelIds: post.targetChannelIds,
    letRedazioneDecide: post.letRedazioneDecide,
    links: post.links,
    media: mediaOf(post.mediaIds),
    deskId: post.deskId,
    author: person(post.authorId),
    lastEditor: person(post.lastEditorId),
    parCondicio: { impersonal: post.pcImpersonal, indispensable: post.pcIndispensable, reason: post.pcReason },
    approvalsRequired,
    variants: variants.map((v) => {
      const channel = channels.get(v.channelId);
      const platform = (channel?.platform ?? 'website') as Platform;
      const valid = approvals.filter((a) => a.approval.channelId === v.channelId && a.approval.contentHash === v.contentHash);
      return {
        channelId: v.channelId,
        channelName: channel?.name ?? '',
        platform,
        text: v.text,
        link: v.link,
        media: mediaOf(v.mediaIds),
        scheduledAt: v.scheduledAt?.toISOString() ?? null,
        status: v.status as VariantStatus,
        editedBy: person(v.editedBy),
        editedAt: v.editedAt.toISOString(),
        approvals: valid.map((a) => ({ approverId: a.approval.approverId, approverName: a.approverName, at: a.approval.at.toISOString() })),
        approvalsMissing: Math.max(0, approvalsRequired - new Set(valid.map((a) => a.approval.approverId)).size),
        preview: preview(platform, v.text, v.mediaIds.length),
      };
    }),
    submittedAt: post.submittedAt?.toISOString() ?? null,
    approvedAt: post.approvedAt?.toISOString() ?? null,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    version: post.version,
  };
}

export interface CheckableVariant {
  channelId: string;
  text: string;
  link: string | null;
  mediaIds: string[];
  scheduledAt: Date | null;
}

const DAY_MS = 86_400_000;

/**
 * Runs the checks kit on each variant with its own context: the channel's platform and kind,
 * the date it goes out (its own, or the post's desired date) against the electoral periods.
 */
export async function runPostChecks(
  db: Db,
  enteId: string,
  post: repo.PostRow,
  variants: CheckableVariant[],
  now = new Date(),
  /** HTTP status of each link, fetched by the caller outside any transaction. */
  linkStatus: Record<string, number | 'error'> = {},
) {
  const [ente] = await db.select().from(schema.enti).where(eq(schema.enti.id, enteId));
  const channels = new Map((await repo.channelsOf(db, enteId)).map((c) => [c.id, c]));
  const media = new Map((await repo.findMedia(db, enteId, variants.flatMap((v) => v.mediaIds))).map((m) => [m.id, m]));
  const periods = (await repo.listElectoralPeriods(db, enteId)).map((p) => ({ id: p.id, name: p.name, start: p.startDate, end: p.ballotDate ?? p.endDate }));
  const recent = await repo.recentVariantTexts(db, enteId, post.id, new Date(now.getTime() - 14 * DAY_MS));
  const domains: string[] = [];
  if (ente?.website) {
    try {
      domains.push(new URL(ente.website).hostname.replace(/^www\./, ''));
    } catch {
      /* a malformed website is not our problem here */
    }
  }
  return variants.map((v) => {
    const channel = channels.get(v.channelId);
    const platform = (channel?.platform ?? 'website') as Platform;
    const items: MediaItem[] = v.mediaIds.map((id) => {
      const m = media.get(id);
      return { id, kind: (m?.kind ?? 'image') as 'image' | 'video', filename: m?.filename ?? id, altText: m?.altText ?? null, hasCaptions: m?.hasCaptions ?? false };
    });
    const ctx: CheckContext = {
      now,
      scheduledAt: v.scheduledAt ?? post.desiredAt ?? null,
      electoralPeriods: periods,
      parCondicio: { impersonal: post.pcImpersonal, indispensable: post.pcIndispensable, reason: post.pcReason ?? '' },
      channelKind: channel?.kind === 'political' ? 'political' : 'institutional',
      enteNames: { ente: ente?.name ?? '' },
      ownContacts: { phones: [], emails: ente?.email ? [ente.email] : [], domains },
      recentTexts: recent.filter((r) => r.at).map((r) => ({ text: r.text, publishedAt: r.at!, channelId: r.channelId })),
      linkStatus,
    };
    const findings: Finding[] = [
      ...checkTitle(platform, post.title, v.channelId),
      ...checkVariant({ channelId: v.channelId, platform, text: v.text, media: items, link: v.link }, ctx),
    ];
    return { channelId: v.channelId, platform, channelName: channel?.name ?? '', findings, preview: preview(platform, v.text, v.mediaIds.length) };
  });
}

/** The blocking findings as problem+json field errors, each with its message in both languages. */
export function blockingErrors(results: Awaited<ReturnType<typeof runPostChecks>>, order: string[]): FieldError[] {
  return results.flatMap((r) =>
    r.findings
      .filter((f) => f.severity === 'blocking')
      .map((f) => ({
        field: `variants.${order.indexOf(r.channelId)}.${r.platform}`,
        code: f.ruleId,
        messages: { it: `${r.channelName}: ${f.message.it}`, en: `${r.channelName}: ${f.message.en}` },
      })),
  );
}

/** Audit snapshot of a post: the row and its variants, without media bytes. */
export function auditSnapshot(post: repo.PostRow, variants: { channelId: string; text: string; link: string | null; mediaIds: string[]; scheduledAt: Date | null; status?: string }[]) {
  return { ...post, variants: variants.map((v) => ({ channelId: v.channelId, text: v.text, link: v.link, mediaIds: v.mediaIds, scheduledAt: v.scheduledAt, status: v.status })) };
}
