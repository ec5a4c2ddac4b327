/**
 * The editorial workflow (issue 4): proposals, posts with one variant per channel, the checks kit,
 * approvals with four eyes, scheduling, the calendar with its exports, media, par condicio periods.
 */
import type { Db } from '../../platform/db/index.ts';
import type { App } from '../../platform/http/server.ts';
import type { IdentityService } from '../identity/index.ts';
import { createApprovalsService, type OnVariantsScheduled } from './approvals.service.ts';
import { registerCalendarRoutes } from './calendar.routes.ts';
import { createCalendarService } from './calendar.service.ts';
import * as repo from './editorial.repo.ts';
import { registerPostRoutes } from './editorial.routes.ts';
import type { MediaLimits } from './media.fns.ts';
import { registerMediaRoutes } from './media.routes.ts';
import { createMediaService } from './media.service.ts';
import { createPostsService } from './posts.service.ts';

export { sniffMedia, DEFAULT_MEDIA_LIMITS, type MediaLimits } from './media.fns.ts';
export { POST_STATUSES, STATUS_LABELS, transition, contentHash, variantMayPublish, isPausedForCrisis, type PostStatus } from './workflow.fns.ts';
export { measureText, platformLimits, type Platform as EditorialPlatform } from './platforms.fns.ts';
export type { Editor } from './editorial.shared.ts';
export type { OnVariantsScheduled } from './approvals.service.ts';
export { listPublishedPosts, readPublishedMedia, type PublishedPost, type PublishedMedia } from './published.read.ts';

/** The editorial services on one database. */
export { createLinkProber, type LinkCheckMode, type LinkProber } from './links.service.ts';
import type { LinkProber } from './links.service.ts';

export function createEditorialService(deps: { db: Db; limits: MediaLimits; links?: LinkProber; onVariantsScheduled?: OnVariantsScheduled }) {
  const settings = (db: Db, enteId: string) => repo.getSettings(db, enteId);
  const posts = createPostsService({ db: deps.db, settings, links: deps.links });
  const approvals = createApprovalsService({ db: deps.db, posts, settings, onVariantsScheduled: deps.onVariantsScheduled });
  const calendar = createCalendarService({ db: deps.db });
  const media = createMediaService({ db: deps.db, limits: deps.limits });
  return { posts, approvals, calendar, media };
}
export type EditorialService = ReturnType<typeof createEditorialService>;

/** Registers every editorial route. */
export function registerEditorialRoutes(app: App, deps: { identity: IdentityService; editorial: EditorialService }) {
  const { identity, editorial } = deps;
  registerPostRoutes(app, { identity, posts: editorial.posts, approvals: editorial.approvals });
  registerCalendarRoutes(app, { identity, calendar: editorial.calendar });
  registerMediaRoutes(app, { identity, media: editorial.media });
}
