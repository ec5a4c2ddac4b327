/**
 * Platform webhooks: outside the tenant gate, authenticated by the platform's signature over the
 * raw body (Meta) or the secret token header (Telegram). A delivery that fails verification is
 * answered 401 and stored nowhere; a verified one is queued and answered 200 at once.
 */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { problems } from '../../platform/http/schemas.ts';
import type { IngestService } from './ingest.service.ts';
import { WEBHOOK_PLATFORMS } from './webhooks.fns.ts';

/** Meta sends at most a few kB per delivery; anything far larger is refused with 413. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

const Params = z.object({
  platform: z.enum(WEBHOOK_PLATFORMS).describe('Piattaforma / platform'),
  channelId: z.string().min(1).max(64).describe('Id del canale in Redazione / the channel id in Redazione'),
});

export function registerWebhookRoutes(app: App, deps: { ingest: IngestService }) {
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The signature covers the exact bytes: keep the raw body, parse only after verifying.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));

    scope.post(
      `${API_PREFIX}/webhooks/:platform/:channelId`,
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        schema: {
          operationId: 'receiveWebhook',
          summary: 'Consegna di una piattaforma / platform webhook delivery',
          description:
            'Riceve commenti e messaggi da Meta (Facebook, Instagram, Messenger, WhatsApp: firma `X-Hub-Signature-256` sul corpo grezzo con l’app secret) e Telegram (`X-Telegram-Bot-Api-Secret-Token`). Senza firma valida: 401 e nulla è salvato. Con firma valida la consegna è accodata e risposta subito; l’elaborazione (deduplica, moderazione, conversazioni) avviene dopo. / Verified deliveries are queued and answered at once; unverified ones get 401 and are stored nowhere.',
          tags: ['inbox'],
          security: [],
          params: Params,
          response: { 200: z.object({ received: z.literal(true) }), ...problems(400, 401, 404, 413, 415) },
        },
      },
      async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await deps.ingest.acceptWebhook(req.params.platform, req.params.channelId, raw, req.headers);
        return { received: true as const };
      },
    );

    scope.get(
      `${API_PREFIX}/webhooks/:platform/:channelId`,
      {
        schema: {
          operationId: 'verifyWebhook',
          summary: 'Verifica della sottoscrizione Meta / Meta subscription handshake',
          description: 'Risponde a `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` con la challenge quando il verify token è quello del canale (o dell’installazione); altrimenti 403. / Echoes the challenge when the verify token matches.',
          tags: ['inbox'],
          security: [],
          params: Params,
          querystring: z.object({ 'hub.mode': z.string().max(20).optional(), 'hub.verify_token': z.string().max(200).optional(), 'hub.challenge': z.string().max(200).optional() }),
          response: { 200: z.string(), ...problems(400, 403, 404) },
        },
      },
      async (req, reply) => {
        const challenge = await deps.ingest.handshake(req.params.platform, req.params.channelId, req.query);
        return reply.type('text/plain; charset=utf-8').send(challenge);
      },
    );
  });
}
