import { z } from 'zod';
import { API_PREFIX, type App } from './server.ts';

const StatusSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    time: z.string(),
    database: z.object({ kind: z.enum(['pglite', 'postgres']), ok: z.boolean(), latencyMs: z.number() }),
  })
  .meta({ id: 'Status' });

/** GET /api/v1/status: no authentication, as the AgID interoperability guidelines ask. */
export function registerStatusRoute(app: App, deps: { version: string; kind: 'pglite' | 'postgres'; ping(): Promise<void> }) {
  const handler = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const started = performance.now();
    let ok = true;
    try {
      await deps.ping();
    } catch {
      ok = false;
    }
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      time: new Date().toISOString(),
      database: { kind: deps.kind, ok, latencyMs: Math.round((performance.now() - started) * 100) / 100 },
    };
    if (!ok) reply.header('Retry-After', '30');
    return reply.code(ok ? 200 : 503).send(body);
  };
  const schema = {
    operationId: 'getStatus',
    summary: 'Stato del servizio / service status',
    description: 'Disponibilità del servizio e del database, senza autenticazione (linee guida AgID ModI). / Availability, no auth.',
    tags: ['status'],
    security: [],
    response: { 200: StatusSchema, 503: StatusSchema },
  };
  app.get(`${API_PREFIX}/status`, { schema }, handler);
  app.get('/status', { schema: { ...schema, hide: true, operationId: undefined } }, handler);
}
