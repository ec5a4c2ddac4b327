/**
 * The HTTP server: Fastify with zod schemas (which generate the OpenAPI document), cookie
 * sessions with CSRF, bearer tokens, problem+json errors, security headers, and the built web UI.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pickLang } from '../i18n.ts';
import { safeEqual } from '../auth/tokens.ts';
import type { Actor } from './context.ts';
import { handleError, problem, sendProblem } from './problem.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const API_PREFIX = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ServerOptions {
  logLevel: string;
  trustProxy: boolean;
  webDistDir: string;
  sessionCookie: string;
  version: string;
  authenticate(creds: { sessionToken?: string; bearer?: string }): Promise<Actor | null>;
  /** Paths (after the prefix) that take unsafe methods without a CSRF token. */
  csrfExempt: string[];
}

/** Creates the server with the platform plugins; modules add their routes afterwards. */
export async function createServer(opts: ServerOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: opts.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
        censor: '[redatto]',
      },
    },
    trustProxy: opts.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  // JSON only: text/plain is a CORS "simple" content type a foreign page could post cross-site.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'it');
  await app.register(fastifyCookie);

  app.addHook('onRequest', async (req, reply) => {
    req.lang = pickLang(req.headers['accept-language']);
    reply.header('X-Request-Id', String(req.id));
    if (!req.url.startsWith(API_PREFIX)) return;
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const sessionToken = req.cookies[opts.sessionCookie];
    req.actor = bearer || sessionToken ? await opts.authenticate({ bearer, sessionToken }) : null;
    const route = req.url.slice(API_PREFIX.length).split('?')[0] ?? '';
    if (req.actor?.via === 'session' && UNSAFE.has(req.method) && !opts.csrfExempt.includes(route)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !req.actor.csrfToken || !safeEqual(sent, req.actor.csrfToken)) {
        return sendProblem(reply, problem(req, 'csrf_failed'));
      }
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (!req.url.startsWith(`${API_PREFIX}/docs`)) {
      reply.header('X-Frame-Options', 'DENY');
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    if (req.url.startsWith(API_PREFIX)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Redazione API',
        version: opts.version,
        description:
          "API REST di Redazione, la redazione social di un Ente pubblico. Errori in application/problem+json (RFC 9457), lingua da Accept-Language (it, en). / Redazione's REST API. Errors as application/problem+json (RFC 9457), language from Accept-Language (it, en).",
        license: { name: 'EUPL-1.2' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: opts.sessionCookie },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with .meta({ id }) become components.schemas, so every $ref resolves.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: `${API_PREFIX}/docs` });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());

  const index = path.join(opts.webDistDir, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: opts.webDistDir, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler(async (req, reply) => {
    const wantsHtml = req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml && hasWeb) {
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(fs.createReadStream(index));
    }
    return sendProblem(reply, problem(req, 'not_found', { what: req.url.split('?')[0] ?? '' }));
  });
  return app;
}
