import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, IsoDateTime, problems, requireActor } from '../../platform/http/schemas.ts';
import type { Permission } from '../../platform/auth/roles.ts';
import type { Actor } from '../../platform/http/context.ts';
import { listAudit, verifyChain } from './audit.repo.ts';

const AuditEvent = z
  .object({
    seq: z.number().int(),
    at: IsoDateTime,
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string().describe('e.g. channel.create, ente.update'),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

/**
 * The tenant gate these routes need: the identity module's `access`, passed in by src/app.ts.
 * Described here rather than imported, because identity writes to the audit trail: the audit
 * module sits below it and imports nothing from it.
 */
export interface EnteGate {
  access(actor: Actor, slug: string, permission?: Permission): Promise<{ ente: { id: string } }>;
}

export function registerAuditRoutes(app: App, deps: { db: Db; identity: EnteGate }) {
  app.get(
    `${API_PREFIX}/enti/:ente/audit`,
    {
      schema: {
        operationId: 'listAuditEvents',
        summary: 'Registro delle modifiche / audit trail',
        description:
          "Gli eventi del registro dell'Ente, dal più recente: chi, quando, cosa, prima e dopo. Solo amministratori. / The Ente's audit events, newest first. Administrators only.",
        tags: ['audit'],
        params: EnteParams,
        querystring: z.object({
          entityType: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          before: z.coerce.number().int().positive().optional().describe('Pagination: events with seq lower than this'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ events: z.array(AuditEvent), nextBefore: z.number().int().nullable() }), ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await deps.identity.access(requireActor(req), req.params.ente, 'audit.read');
      const rows = await listAudit(deps.db, ente.id, req.query);
      return {
        events: rows.map((r) => ({ ...r, at: r.at.toISOString(), before: r.before ?? null, after: r.after ?? null })),
        nextBefore: rows.length === req.query.limit ? (rows.at(-1)?.seq ?? null) : null,
      };
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente/audit/verify`,
    {
      schema: {
        operationId: 'verifyAuditChain',
        summary: 'Verifica integrità del registro / verify the audit chain',
        description:
          "Ricalcola la catena di hash del registro dell'Ente e segnala la prima manomissione. / Recomputes the Ente's hash chain and reports the first tampering.",
        tags: ['audit'],
        params: EnteParams,
        response: {
          200: z.object({ ok: z.boolean(), events: z.number().int(), brokenAt: z.number().int().optional(), reason: z.string().optional() }),
          ...problems(401, 403, 404),
        },
      },
    },
    async (req) => {
      const { ente } = await deps.identity.access(requireActor(req), req.params.ente, 'audit.read');
      const { enteId: _e, ...report } = await verifyChain(deps.db, ente.id);
      return report;
    },
  );
}
