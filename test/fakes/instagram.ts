/**
 * A fake of the Instagram Graph API's content publishing, following the documented shapes:
 * - "Instagram Platform – Content Publishing", https://developers.facebook.com/docs/instagram-platform/content-publishing
 * - "IG Container", https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 * - "IG User Media", …/reference/ig-user/media ; "IG User Media Publish", …/reference/ig-user/media_publish
 * - "IG User Content Publishing Limit", …/reference/ig-user/content_publishing_limit
 * - "Graph API – Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling
 * Containers stay IN_PROGRESS for `processingPolls` status reads, then FINISHED (or ERROR when told).
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

export interface InstagramFake extends FakeServer {
  igUserId: string;
  token: string;
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

export async function startInstagramFake(opts: { igUserId?: string; token?: string; username?: string } = {}): Promise<InstagramFake> {
  const igUserId = opts.igUserId ?? '17841400000000001';
  const token = opts.token ?? 'EAAInstagramToken';
  const containers = new Map<string, FakeContainer>();
  const media: InstagramFake['media'] = [];
  const quota = { usage: 0, total: 100 };
  let failStatus: string | undefined;
  let seq = 17_900_000_000_000_000n;
  const next = () => String(++seq);
  const userRe = (suffix: string) => new RegExp(`^${P}/(${igUserId})${suffix}$`);

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
