/**
 * A fake of the Instagram Graph API's content publishing, following the documented shapes:
 * - "Instagram Platform – Content Publishing", https://developers.facebook.com/docs/instagram-platform/content-publishing
 * - "IG Container", https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 * - "IG User Media", …/reference/ig-user/media ; "IG User Media Publish", …/reference/ig-user/media_publish
 * - "IG User Content Publishing Limit", …/reference/ig-user/content_publishing_limit
 * - "Graph API – Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling
 * - For the community inbox: "Instagram Platform – Comment moderation" and the "IG Comment" /
 *   "IG Comment Replies" references (`POST /{ig-comment-id}/replies`, `POST /{ig-comment-id}?hide=`,
 *   `DELETE /{ig-comment-id}`), and "Messenger Platform – Instagram – Send a Message"
 *   (`POST /{page-id}/messages`, or `/{ig-user-id}/messages` with Instagram Login; text at most
 *   1,000 bytes; 10/2534022 outside the 24-hour window)
 * - "Moderate Conversations API for Instagram" (`POST /{page-id}/moderate_conversations` with
 *   `user_ids: [{id: IGSID}]` (at most 10) and `actions` (at most 2; `block_user` and `unblock_user` not
 *   together) → `{success: "true"}`; a conversation must exist between the person and the account).
 *   Without one the fake answers Graph's "(#100) No matching user found" (2018001): its own choice,
 *   as the documentation does not give that error's text.
 * Containers stay IN_PROGRESS for `processingPolls` status reads, then FINISHED (or ERROR when told).
 * Comments exist when seeded with `addComment` or created through the API; a person can be messaged
 * within 24 hours of `personWrote`.
 */
import { bearer, type FakeServer, type Reply, startFake } from './kernel.ts';
import { GRAPH_PREFIX as P, graphError, graphTime } from './facebook.ts';

export interface FakeContainer {
  id: string;
  params: Record<string, unknown>;
  polls: number;
  outcome: 'FINISHED' | 'ERROR';
  published: boolean;
}

export interface FakeIgComment {
  id: string;
  mediaId: string;
  parentId: string | null;
  text: string;
  from: { id: string; username: string };
  hidden: boolean;
}

export interface InstagramFake extends FakeServer {
  igUserId: string;
  /** The Facebook Page linked to the account (its Send API endpoint serves Instagram Direct). */
  pageId: string;
  token: string;
  comments: Map<string, FakeIgComment>;
  /** Direct messages the account sent. */
  messages: Array<{ id: string; via: string; recipient: string; text: string }>;
  addComment(mediaId: string, text: string, opts?: { parentId?: string; from?: { id: string; username: string } }): FakeIgComment;
  /** People (IGSID) blocked through the Moderate Conversations API. */
  blocked: Set<string>;
  /** The person (IGSID) wrote to the account at `at`: the 24-hour window opens. */
  personWrote(igsid: string, at?: Date): void;
  containers: Map<string, FakeContainer>;
  media: Array<{ id: string; caption: string; created: Date; containerId: string }>;
  quota: { usage: number; total: number };
  /** `processingPolls`: status reads a container stays IN_PROGRESS. */
  settings: { processingPolls: number };
  /** The next container created ends in ERROR with this `status`. */
  failNextContainer(status: string): void;
}

export const IG_ERRORS = {
  publishingLimit: graphError(9, 'Application request limit reached', { subcode: 2207042, status: 400, type: 'OAuthException', userMsg: 'Hai raggiunto il numero massimo di post pubblicabili in 24 ore.' }),
  mediaFetchFailed: graphError(9004, 'Only photo or video can be accepted as media type.', { subcode: 2207052, userMsg: 'Impossibile recuperare il file dall’URL indicato.' }),
  aspectRatio: graphError(36003, 'The aspect ratio is not supported.', { subcode: 2207009 }),
  expiredToken: graphError(190, 'Error validating access token: Session has expired.', { subcode: 463 }),
} satisfies Record<string, Reply>;

export async function startInstagramFake(opts: { igUserId?: string; pageId?: string; token?: string; username?: string } = {}): Promise<InstagramFake> {
  const igUserId = opts.igUserId ?? '17841400000000001';
  const pageId = opts.pageId ?? '104000000000077';
  const comments: InstagramFake['comments'] = new Map();
  const messages: InstagramFake['messages'] = [];
  const wrote = new Map<string, Date>();
  const blocked = new Set<string>();
  const token = opts.token ?? 'EAAInstagramToken';
  const containers = new Map<string, FakeContainer>();
  const media: InstagramFake['media'] = [];
  const quota = { usage: 0, total: 100 };
  let failStatus: string | undefined;
  let seq = 17_900_000_000_000_000n;
  const next = () => String(++seq);
  const userRe = (suffix: string) => new RegExp(`^${P}/(${igUserId})${suffix}$`);
  const addComment: InstagramFake['addComment'] = (mediaId, text, o = {}) => {
    const c: FakeIgComment = { id: next(), mediaId, parentId: o.parentId ?? null, text, from: o.from ?? { id: next(), username: 'cittadina.esempio' }, hidden: false };
    comments.set(c.id, c);
    return c;
  };
  const gone = (id: string | undefined) => graphError(100, `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { subcode: 33 });

  const state = {
    processingPolls: 1,
  };

  const server = await startFake({
    guard: (req) => {
      if (!req.path.startsWith(`${P}/`)) return graphError(2635, `Version not pinned to ${P}`);
      const t = bearer(req);
      if (t !== token) return graphError(190, 'Invalid OAuth access token - Cannot parse access token', { status: 401 });
      return undefined;
    },
    notFound: () => graphError(100, 'Unsupported request: unknown path components'),
    routes: [
      {
        method: 'POST',
        path: new RegExp(`^${P}/(${pageId})/moderate_conversations$`),
        handle: (req) => {
          const b = (req.json ?? {}) as { user_ids?: Array<{ id?: string }>; actions?: string[] };
          const ids = (b.user_ids ?? []).map((u) => u.id ?? '');
          const actions = b.actions ?? [];
          if (ids.length === 0 || ids.length > 10) return graphError(100, '(#100) user_ids must list 1 to 10 ids');
          if (actions.length === 0 || actions.length > 2 || actions.some((a) => !['block_user', 'unblock_user', 'move_to_spam'].includes(a))) return graphError(100, '(#100) Invalid parameter actions');
          if (actions.includes('block_user') && actions.includes('unblock_user')) return graphError(100, '(#100) block_user and unblock_user cannot be in the same request');
          if (ids.some((id) => !wrote.has(id))) return graphError(100, '(#100) No matching user found', { subcode: 2018001 });
          for (const id of ids) {
            if (actions.includes('block_user')) blocked.add(id);
            if (actions.includes('unblock_user')) blocked.delete(id);
          }
          return { status: 200, body: { success: 'true' } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/(${igUserId}|${pageId})/messages$`),
        handle: (req, [via]) => {
          const b = (req.json ?? {}) as { recipient?: { id?: string }; message?: { text?: string } };
          const igsid = b.recipient?.id;
          const text = b.message?.text ?? '';
          if (!igsid || !text) return graphError(100, '(#100) The parameters recipient and message are required');
          if (Buffer.byteLength(text) > 1000) return graphError(100, '(#100) Length of param message[text] must be less than or equal to 1000 bytes');
          const last = wrote.get(igsid);
          if (!last) return graphError(100, '(#100) No matching user found', { subcode: 2018001 });
          if (Date.now() - last.getTime() > 24 * 3600 * 1000) return graphError(10, '(#10) This message is sent outside of allowed window.', { subcode: 2534022, type: 'OAuthException' });
          const id = `aWdfZAG1faXRlbTo${next()}`;
          messages.push({ id, via: via!, recipient: igsid, text });
          return { status: 200, body: { recipient_id: igsid, message_id: id } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/(\\d+)/replies$`),
        handle: (req, [id]) => {
          const c = comments.get(id!);
          if (!c) return gone(id);
          const message = (req.json as { message?: string } | undefined)?.message ?? req.query.get('message') ?? '';
          if (!message.trim()) return graphError(100, '(#100) The parameter message is required');
          // Replies hang under top-level comments: a reply to a reply joins its top-level comment.
          const r = addComment(c.mediaId, message, { parentId: c.parentId ?? c.id, from: { id: igUserId, username: opts.username ?? 'comune.esempio' } });
          return { status: 200, body: { id: r.id } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/(\\d+)$`),
        handle: (req, [id]) => {
          const c = comments.get(id!);
          if (!c) return gone(id);
          const hide = req.query.get('hide');
          if (hide !== 'true' && hide !== 'false') return graphError(100, '(#100) The parameter hide must be true or false');
          c.hidden = hide === 'true';
          return { status: 200, body: { success: true } };
        },
      },
      {
        method: 'DELETE',
        path: new RegExp(`^${P}/(\\d+)$`),
        handle: (_req, [id]) => {
          if (!comments.has(id!)) return gone(id);
          for (const c of [...comments.values()]) if (c.id === id || c.parentId === id) comments.delete(c.id);
          return { status: 200, body: { success: true } };
        },
      },
      {
        method: 'GET',
        path: userRe('/content_publishing_limit'),
        handle: () => ({ status: 200, body: { data: [{ quota_usage: quota.usage, config: { quota_total: quota.total, quota_duration: 86400 } }] } }),
      },
      {
        method: 'POST',
        path: userRe('/media'),
        handle: (req) => {
          const b = (req.json ?? {}) as Record<string, unknown>;
          const type = b.media_type as string | undefined;
          if (type === 'CAROUSEL') {
            const children = String(b.children ?? '').split(',').filter(Boolean);
            if (children.length < 2 || children.some((c) => !containers.get(c)?.params.is_carousel_item)) return graphError(100, 'Invalid children for a carousel');
          } else if (type === 'REELS' || type === 'VIDEO') {
            if (typeof b.video_url !== 'string') return graphError(100, 'The parameter video_url is required');
          } else if (type === undefined) {
            if (typeof b.image_url !== 'string') return graphError(100, 'The parameter image_url is required');
          } else return graphError(100, `Unsupported media_type ${type}`);
          const id = next();
          containers.set(id, { id, params: b, polls: 0, outcome: failStatus ? 'ERROR' : 'FINISHED', published: false });
          if (failStatus) containers.get(id)!.params.__status = failStatus;
          failStatus = undefined;
          return { status: 200, body: { id } };
        },
      },
      {
        method: 'POST',
        path: userRe('/media_publish'),
        handle: (req) => {
          const cid = String((req.json as { creation_id?: string } | undefined)?.creation_id ?? '');
          const c = containers.get(cid);
          if (!c) return graphError(100, `Invalid creation_id ${cid}`);
          if (c.params.is_carousel_item) return graphError(100, 'A carousel item cannot be published alone');
          if (c.outcome === 'ERROR') return graphError(9007, 'Media ID is not available', { subcode: 2207027 });
          if (c.polls < state.processingPolls) return graphError(9007, 'Media ID is not available', { subcode: 2207027, userMsg: 'Il contenuto non è pronto per la pubblicazione.' });
          if (c.published) return graphError(100, 'Container already published');
          if (quota.usage >= quota.total) return IG_ERRORS.publishingLimit;
          c.published = true;
          quota.usage++;
          const id = next();
          media.push({ id, caption: String(c.params.caption ?? ''), created: new Date(), containerId: cid });
          return { status: 200, body: { id } };
        },
      },
      {
        method: 'GET',
        path: userRe('/media'),
        handle: () => ({
          status: 200,
          body: { data: [...media].reverse().map((m) => ({ id: m.id, caption: m.caption, timestamp: graphTime(m.created), permalink: `https://www.instagram.com/p/${m.id.slice(-8)}/` })), paging: {} },
        }),
      },
      {
        method: 'GET',
        path: userRe(''),
        handle: () => ({ status: 200, body: { id: igUserId, username: opts.username ?? 'comune.esempio', name: 'Comune di Esempio' } }),
      },
      {
        method: 'GET',
        path: new RegExp(`^${P}/(\\d+)$`),
        handle: (req, [id]) => {
          const c = containers.get(id!);
          if (c) {
            c.polls++;
            const status_code = c.published ? 'PUBLISHED' : c.polls <= state.processingPolls ? 'IN_PROGRESS' : c.outcome;
            const body: Record<string, string> = { id: c.id, status_code };
            if (status_code === 'ERROR') body.status = String(c.params.__status);
            return { status: 200, body };
          }
          const m = media.find((x) => x.id === id);
          if (m) return { status: 200, body: { id: m.id, permalink: `https://www.instagram.com/p/${m.id.slice(-8)}/`, timestamp: graphTime(m.created), fields: req.query.get('fields') } };
          return graphError(100, `Object with ID '${id}' does not exist`, { subcode: 33 });
        },
      },
    ],
  });
  return Object.assign(server, {
    igUserId,
    pageId,
    blocked,
    comments,
    messages,
    addComment,
    personWrote: (igsid: string, at = new Date()) => void wrote.set(igsid, at),
    token,
    containers,
    media,
    quota,
    settings: state,
    failNextContainer: (status: string) => {
      failStatus = status;
    },
  });
}
