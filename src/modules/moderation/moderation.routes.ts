import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { EnteParams, IsoDateTime, problems, requireActor } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { MODERATION_CATEGORIES } from '../policy/rulebook.ts';
import type { DecisionRow, ModerationService } from './moderation.service.ts';

const DecisionEnum = z.enum(['allow', 'review', 'hide']);
const Bilingual = z.object({ it: z.string(), en: z.string() });
const EvidenceSchema = z.object({ start: z.number().int(), end: z.number().int(), text: z.string(), detector: z.string(), reason: Bilingual });

const EvaluationSchema = z
  .object({
    id: z.string().nullable().describe('Id of the recorded decision, null when not recorded'),
    decision: DecisionEnum,
    clause: z.object({ number: z.string(), title: z.string() }).nullable().describe('The clause of the policy the decision rests on'),
    category: z.enum(MODERATION_CATEGORIES).nullable(),
    confidence: z.number(),
    evidence: z.array(EvidenceSchema).describe('Spans of the text that triggered the decision'),
    explanation: Bilingual.describe('Why, in plain words, citing the clause'),
    offHours: z.boolean().describe('The text arrived outside the moderation hours'),
    rulebook: z.object({ source: z.enum(['in_force', 'draft', 'starter_kit']), version: z.number().int().nullable() }),
  })
  .meta({ id: 'ModerationEvaluation' });

const RecordedSchema = z
  .object({
    id: z.string(),
    at: IsoDateTime,
    source: z.string(),
    itemRef: z.string().nullable(),
    text: z.string(),
    author: z.string().nullable(),
    decision: DecisionEnum.describe("The engine's decision"),
    effectiveDecision: DecisionEnum.describe('The decision in force: the override if any'),
    clause: z.object({ number: z.string(), title: z.string() }).nullable(),
    category: z.string().nullable(),
    confidence: z.number(),
    evidence: z.array(EvidenceSchema),
    explanation: Bilingual,
    offHours: z.boolean(),
    rulebook: z.object({ source: z.string(), version: z.number().int().nullable() }),
    override: z.object({ decision: DecisionEnum, reason: z.string(), by: z.string().nullable(), byName: z.string().nullable().describe('Chi ha corretto'), at: IsoDateTime }).nullable(),
  })
  .meta({ id: 'ModerationDecision' });

function present(r: DecisionRow) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    source: r.source,
    itemRef: r.itemRef,
    text: r.text,
    author: r.author,
    decision: r.decision as z.infer<typeof DecisionEnum>,
    effectiveDecision: (r.overrideDecision ?? r.decision) as z.infer<typeof DecisionEnum>,
    clause: r.clauseNumber ? { number: r.clauseNumber, title: r.clauseTitle ?? '' } : null,
    category: r.category,
    confidence: r.confidence,
    evidence: r.evidence as z.infer<typeof EvidenceSchema>[],
    explanation: r.explanation as z.infer<typeof Bilingual>,
    offHours: r.offHours,
    rulebook: { source: r.rulebookSource, version: r.rulebookVersion },
    override:
      r.overrideDecision && r.overrideAt
        ? { decision: r.overrideDecision as z.infer<typeof DecisionEnum>, reason: r.overrideReason ?? '', by: r.overrideBy, byName: r.overrideByName, at: r.overrideAt.toISOString() }
        : null,
  };
}

export function registerModerationRoutes(app: App, deps: { identity: IdentityService; moderation: ModerationService }) {
  const { identity, moderation } = deps;

  app.post(
    `${API_PREFIX}/enti/:ente/moderation/evaluate`,
    {
      schema: {
        operationId: 'evaluateComment',
        summary: 'Valuta un commento secondo la policy / evaluate a comment',
        description:
          "Applica il regolamento di moderazione dell'Ente (la policy esterna in vigore, altrimenti la bozza) e restituisce la decisione (allow, review, hide) con la clausola, la categoria, le parti del testo e la spiegazione. Con `record: true` la decisione è registrata. / Applies the Ente's rulebook (in force, else draft); with `record: true` the decision is stored.",
        tags: ['moderation'],
        params: EnteParams,
        body: z.object({
          text: z.string().max(200_000).describe('Il testo del commento o messaggio'),
          post: z.string().max(100_000).optional().describe('Il testo del post a cui risponde (per il fuori tema)'),
          author: z.string().max(200).optional().describe("Identificativo dell'autore sulla piattaforma (per il flooding)"),
          at: z.iso.datetime({ offset: true }).optional().describe('Quando è arrivato (per gli orari di moderazione)'),
          record: z.boolean().optional().describe('Registra la decisione (default: no, è una prova)'),
        }),
        response: { 200: EvaluationSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const record = req.body.record ?? false;
      const { ente } = await identity.access(actor, req.params.ente, record ? 'moderation.decide' : 'moderation.evaluate');
      const { text, post, author, at } = req.body;
      return moderation.evaluate(toAuditActor(actor), ente, { text, post, author, at: at ? new Date(at) : undefined }, { record, source: 'api' });
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente/moderation/decisions`,
    {
      schema: {
        operationId: 'listModerationDecisions',
        summary: 'Decisioni di moderazione / moderation decisions',
        description: 'Le decisioni registrate, dalla più recente, con clausola ed eventuale intervento umano. / Recorded decisions, newest first.',
        tags: ['moderation'],
        params: EnteParams,
        querystring: z.object({
          decision: DecisionEnum.optional(),
          overridden: z.enum(['true', 'false']).optional(),
          before: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ decisions: z.array(RecordedSchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente, 'moderation.evaluate');
      const q = req.query;
      const rows = await moderation.list(ente.id, {
        decision: q.decision,
        overridden: q.overridden === undefined ? undefined : q.overridden === 'true',
        before: q.before ? new Date(q.before) : undefined,
        limit: q.limit,
      });
      return { decisions: rows.map(present) };
    },
  );

  app.post(
    `${API_PREFIX}/enti/:ente/moderation/decisions/:decisionId/override`,
    {
      schema: {
        operationId: 'overrideModerationDecision',
        summary: 'Correggi una decisione / override a decision',
        description:
          'Una persona sostituisce la decisione del motore, con una motivazione; resta nel registro. / A person overrides the engine with a reason; audited.',
        tags: ['moderation'],
        params: EnteParams.extend({ decisionId: z.string().uuid() }),
        body: z.object({ decision: DecisionEnum, reason: z.string().trim().min(3).max(2000) }),
        response: { 200: RecordedSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'moderation.decide');
      return present(await moderation.override(toAuditActor(actor), ente.id, req.params.decisionId, req.body));
    },
  );
}
