/**
 * Public routes, no login: the Ente's feeds (`/enti/{slug}/feed.rss|atom|json`) and the images of
 * its published posts that the feeds point to (`/enti/{slug}/media/{id}.{ext}`). Hidden from the
 * OpenAPI document like the other public pages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import type { App } from '../../platform/http/server.ts';
import { listPublishedPosts, readPublishedMedia } from '../editorial/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { CONTENT_TYPES, etagOf, lastModified, notModified, renderFeed, type FeedFormat, type FeedInput } from './feeds.fns.ts';

/** How many posts a feed carries. */
export const FEED_SIZE = 50;

export interface FeedDeps {
  db: Db;
  organisation: Pick<OrganisationService, 'findEnteBySlug'>;
  /** REDAZIONE_PUBLIC_URL; without it, links are built from the request's host. */
  publicUrl: string | null;
}

const SlugParams = z.object({ slug: z.string().min(1).max(64) });
const MediaParams = SlugParams.extend({ file: z.string().max(64) });

const baseOf = (req: FastifyRequest, publicUrl: string | null) => publicUrl ?? `${req.protocol}://${req.host}`;
/** The subtype as extension: feed@6 derives an Atom enclosure's type from the URL's extension. */
const extOf = (mime: string) => (mime.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '');
const mediaUrl = (base: string, slug: string, id: string, mime: string) => `${base}/enti/${encodeURIComponent(slug)}/media/${id}.${extOf(mime)}`;
const MEDIA_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([a-z0-9]{1,10})$/;

/** The feed's content for an Ente, or null when the slug is unknown. */
export async function feedInput(deps: FeedDeps, slug: string, base: string): Promise<FeedInput | null> {
  const ente = await deps.organisation.findEnteBySlug(slug);
  if (!ente) return null;
  const posts = await listPublishedPosts(deps.db, ente.id, FEED_SIZE);
  return {
    ente: { slug: ente.slug, name: ente.name, website: ente.website, email: ente.email, updatedAt: ente.updatedAt },
    base,
    entries: posts.map((p) => ({
      id: p.id,
      title: p.title,
      text: p.text,
      link: p.link,
      publishedAt: p.publishedAt,
      updatedAt: p.updatedAt,
      images: p.media.filter((m) => m.kind === 'image').map((m) => ({ url: mediaUrl(base, ente.slug, m.id, m.mime), mime: m.mime, size: m.size, alt: m.altText })),
    })),
  };
}

function notFound(reply: FastifyReply) {
  return reply.code(404).type('text/plain; charset=utf-8').send('Ente non trovato. / Public body not found.');
}

export function registerFeedRoutes(app: App, deps: FeedDeps) {
  async function serve(req: FastifyRequest, reply: FastifyReply, slug: string, format: FeedFormat) {
    const input = await feedInput(deps, slug, baseOf(req, deps.publicUrl));
    if (!input) return notFound(reply);
    const body = renderFeed(input, format);
    const etag = etagOf(body);
    const modified = lastModified(input);
    reply
      .header('ETag', etag)
      .header('Last-Modified', modified.toUTCString())
      .header('Cache-Control', 'public, max-age=300')
      .header('Access-Control-Allow-Origin', '*'); // feed readers on the web read it cross-origin
    if (notModified(req.headers as Record<string, string | undefined>, etag, modified)) return reply.code(304).send();
    return reply.type(CONTENT_TYPES[format]).send(body);
  }

  const schema = { hide: true, params: SlugParams } as const;
  app.get('/enti/:slug/feed.rss', { schema }, (req, reply) => serve(req, reply, req.params.slug, 'rss'));
  app.get('/enti/:slug/feed.atom', { schema }, (req, reply) => serve(req, reply, req.params.slug, 'atom'));
  app.get('/enti/:slug/feed.json', { schema }, (req, reply) => serve(req, reply, req.params.slug, 'json'));

  app.get('/enti/:slug/media/:file', { schema: { hide: true, params: MediaParams } }, async (req, reply) => {
    const m = MEDIA_FILE.exec(req.params.file);
    const ente = m ? await deps.organisation.findEnteBySlug(req.params.slug) : undefined;
    const file = ente && m ? await readPublishedMedia(deps.db, ente.id, m[1]!) : null;
    if (!file || extOf(file.mime) !== m?.[2]) return notFound(reply);
    const safeName = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .type(file.mime)
      .header('Content-Disposition', `inline; filename="${safeName}"`)
      .header('Cache-Control', 'public, max-age=86400, immutable')
      .header('ETag', `"${file.id}"`)
      .send(file.bytes);
  });
}
