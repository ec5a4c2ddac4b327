/**
 * Bridges Fastify to Fedify: WebFinger and every /ap/ path go to
 * `federation.fetch(Request)` with the raw body (the Digest header covers the exact bytes).
 * Attachments of our Notes are served here directly. Hidden from the OpenAPI document: this is
 * the ActivityPub protocol, not Redazione's API.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/server.ts';
import type { OrganisationService } from '../organisation/index.ts';
import type { ActivityPubService } from './activitypub.service.ts';

/** The presence with its delivery queue's switch (see index.ts). */
type Presence = ActivityPubService & { start(log?: FastifyBaseLogger): void; stop(): Promise<void> };

async function toFedify(ap: ActivityPubService, publicUrl: string | null, req: FastifyRequest, reply: FastifyReply) {
  const url = new URL(req.url, publicUrl ?? `${req.protocol}://${req.host}`);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) headers.set(k, v.join(', '));
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body);
  const request = new Request(url, { method: req.method, headers, ...(hasBody ? { body: req.body as Buffer } : {}) });
  const response = await ap.federation.fetch(request, {
    contextData: undefined,
    onNotFound: () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    // A person opening the actor's address in a browser lands on the Ente's public policy page.
    onNotAcceptable: (request) => {
      const m = /^\/ap\/enti\/([^/]+)$/.exec(new URL(request.url).pathname);
      if (m) return new Response(null, { status: 302, headers: { location: `/enti/${m[1]}/social-media-policy`, vary: 'Accept' } });
      return new Response('Not acceptable: ask for application/activity+json', { status: 406, headers: { 'content-type': 'text/plain; charset=utf-8', vary: 'Accept' } });
    },
  });
  reply.code(response.status);
  response.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'transfer-encoding') reply.header(key, value);
  });
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

export function registerActivityPubRoutes(
  app: App,
  deps: { activitypub: Presence; organisation: Pick<OrganisationService, 'findEnteBySlug'>; publicUrl: string | null },
) {
  const { activitypub: ap, organisation, publicUrl } = deps;
  // The delivery queue runs while the server does; closing waits for the deliveries in flight.
  app.addHook('onReady', async () => ap.start(app.log));
  app.addHook('onClose', async () => await ap.stop());
  void app.register(async (scope) => {
    // Raw bytes for every content type in this scope (activity+json, ld+json, json…).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const handler = (req: FastifyRequest, reply: FastifyReply) => toFedify(ap, publicUrl, req, reply);
    const hidden = { schema: { hide: true } } as const;
    scope.get('/.well-known/webfinger', hidden, handler);
    scope.route({ method: ['GET', 'HEAD', 'POST'], url: '/ap/*', ...hidden, handler });

    scope.get<{ Params: { slug: string; key: string; idx: string } }>('/ap/enti/:slug/notes/:key/media/:idx', hidden, async (req, reply) => {
      const idx = Number(req.params.idx);
      const ente = Number.isInteger(idx) && idx >= 0 && idx < 16 ? await organisation.findEnteBySlug(req.params.slug) : undefined;
      const file = ente ? await ap.noteMedia(ente.id, req.params.key, idx) : undefined;
      if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      return reply.type(file.mime).header('Cache-Control', 'public, max-age=86400, immutable').send(file.data);
    });
  });
}
