/**
 * HTTP routes of media. The upload takes the file as the raw request body (no multipart parser
 * in the product): a content-type parser for the accepted image and video types is registered
 * in a scope that holds this route only, with a body limit per kind.
 */
import type { FastifyError } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import { handleError } from '../../platform/http/problem.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import type { IdentityService } from '../identity/index.ts';
import { editorFor } from './editorial.routes.ts';
import { MediaSchema, MediaUpdateBody, MediaUploadQuery } from './editorial.schemas.ts';
import { formatMegabytes, IMAGE_TYPES, VIDEO_TYPES } from './media.fns.ts';
import { cleanFilename, KIND_WORDS, type MediaService } from './media.service.ts';

const tags = ['editorial'];
const MediaParams = EnteParams.extend({ mediaId: z.string().uuid() });

export function registerMediaRoutes(app: App, deps: { identity: IdentityService; media: MediaService }) {
  const { identity, media } = deps;
  const base = `${API_PREFIX}/enti/:ente`;
  const { imageBytes, videoBytes } = media.limits;

  void app.register(async (scoped) => {
    const scope = scoped.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: imageBytes }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser([...VIDEO_TYPES], { parseAs: 'buffer', bodyLimit: videoBytes }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser('*', (req, _payload, done) => {
      done(new DomainError('media_type_not_allowed', { filename: cleanFilename(String((req.query as { filename?: string }).filename ?? '')) }), undefined);
    });
    // Check the role before reading a body of up to the video limit.
    scope.addHook('preParsing', async (req) => {
      await identity.access(requireActor(req), (req.params as { ente: string }).ente, 'media.upload');
    });
    scope.setErrorHandler((error: FastifyError, req, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const video = (req.headers['content-type'] ?? '').startsWith('video/');
        const filename = cleanFilename(String((req.query as { filename?: string }).filename ?? ''));
        const kind = video ? KIND_WORDS.video : KIND_WORDS.image;
        return handleError(new DomainError('media_too_large', { filename, limit: formatMegabytes(video ? videoBytes : imageBytes), kindIt: kind.it, kindEn: kind.en }), req, reply);
      }
      return handleError(error, req, reply);
    });

    scope.post(
      `${base}/media`,
      {
        schema: {
          operationId: 'uploadMedia',
          summary: 'Carica un’immagine o un video / upload media',
          description:
            `Il file è il corpo della richiesta, senza multipart: \`Content-Type\` image/jpeg, image/png, image/webp, image/gif, video/mp4, video/quicktime o video/webm; nome file nella query \`filename\`, testo alternativo in \`alt\`, sottotitoli del video in \`captions=true\`. Il formato è verificato sui primi byte del file, non sul tipo dichiarato. Limiti: ${formatMegabytes(imageBytes)} per le immagini, ${formatMegabytes(videoBytes)} per i video (REDAZIONE_MEDIA_MAX_IMAGE_MB, REDAZIONE_MEDIA_MAX_VIDEO_MB). Un file rifiutato (415, 413) non lascia nulla. / ` +
            'The raw file is the request body (no multipart), with filename and alt text in the query; the format is checked on the magic bytes; size limits per kind; a refused file stores nothing.',
          tags,
          params: EnteParams,
          querystring: MediaUploadQuery,
          response: { 201: MediaSchema, ...problems(401, 403, 404, 413, 415) },
        },
      },
      async (req, reply) => {
        const { ente, who } = await editorFor(identity, req, req.params.ente, 'media.upload');
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body)) throw new DomainError('media_type_not_allowed', { filename: cleanFilename(req.query.filename) });
        const created = await media.upload(who, ente.id, {
          filename: req.query.filename,
          bytes: body,
          altText: req.query.alt ?? null,
          hasCaptions: req.query.captions === 'true',
        });
        return reply.code(201).send(created);
      },
    );
  });

  app.get(
    `${base}/media/:mediaId`,
    {
      schema: {
        operationId: 'getMedia',
        summary: 'Dati di un file / media metadata',
        description: 'Nome, tipo rilevato, dimensione, impronta sha256, testo alternativo, sottotitoli. / Metadata of an uploaded file.',
        tags,
        params: MediaParams,
        response: { 200: MediaSchema, ...problems(401, 404) },
      },
    },
    async (req) => {
      const { ente } = await editorFor(identity, req, req.params.ente);
      return media.get(ente.id, req.params.mediaId);
    },
  );

  app.get(
    `${base}/media/:mediaId/content`,
    {
      schema: {
        operationId: 'getMediaContent',
        summary: 'Contenuto di un file / media content',
        description: 'I byte del file con il suo tipo, per l’anteprima. / The file bytes, for previews.',
        tags,
        params: MediaParams,
        response: { 200: z.unknown().describe('I byte del file, con il suo Content-Type / the file bytes'), ...problems(401, 404) },
      },
    },
    async (req, reply) => {
      const { ente } = await editorFor(identity, req, req.params.ente);
      const { media: m, bytes } = await media.content(ente.id, req.params.mediaId);
      return reply
        .type(m.mime)
        .header('Content-Disposition', `inline; filename="${encodeURIComponent(m.filename)}"`)
        .header('ETag', `"${m.sha256}"`)
        .send(bytes);
    },
  );

  app.patch(
    `${base}/media/:mediaId`,
    {
      schema: {
        operationId: 'updateMedia',
        summary: 'Testo alternativo e sottotitoli / update alt text and captions',
        description: 'Il file non cambia (la sua impronta lo identifica); con `version`. / Alt text and captions flag, with optimistic locking.',
        tags,
        params: MediaParams,
        body: MediaUpdateBody,
        response: { 200: MediaSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { ente, who } = await editorFor(identity, req, req.params.ente, 'media.upload');
      return media.update(who, ente.id, req.params.mediaId, req.body);
    },
  );
}
