import { z } from 'zod';
import { API_PREFIX, type App } from '../../platform/http/server.ts';
import { problem, sendProblem } from '../../platform/http/problem.ts';
import { EnteParams, problems, requireActor } from '../../platform/http/schemas.ts';
import { toAuditActor } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import {
  AdoptBody,
  DiffQuery,
  DiffSchema,
  DraftResponseSchema,
  DraftUpdateBody,
  PolicyParams,
  PolicySchema,
  RulebookSchema,
  VersionParams,
  VersionSchema,
  VersionSummarySchema,
} from './policy.schemas.ts';
import type { PolicyService } from './policy.service.ts';

const BASE = `${API_PREFIX}/enti/:ente/policies/:kind`;
const tags = ['policy'];

export function registerPolicyRoutes(app: App, deps: { identity: IdentityService; policy: PolicyService }) {
  const { identity, policy } = deps;

  app.get(
    BASE,
    {
      schema: {
        operationId: 'getPolicy',
        summary: 'Social media policy: bozza e versione in vigore / get a policy',
        description:
          "La bozza corrente (generata alla prima lettura dai dati dell'Ente: canali, desk, persone, custodia) e la versione in vigore, con il segnale \"da rivedere\" (più di 12 mesi dall'atto, o canali aggiunti o rimossi dopo l'adozione). La policy interna è leggibile solo dal personale dell'Ente. / The current draft (generated on first read from the Ente's data) and the version in force, with the review flag.",
        tags,
        params: PolicyParams,
        response: { 200: PolicySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'policy.read');
      return policy.get(toAuditActor(actor), ente, req.params.kind);
    },
  );

  app.put(
    `${BASE}/draft`,
    {
      schema: {
        operationId: 'updatePolicyDraft',
        summary: 'Modifica la bozza / update the policy draft',
        description:
          'Sostituisce il documento della bozza (sezione per sezione nell\'interfaccia). `revision` è la revisione letta: se nel frattempo qualcuno ha salvato, risponde 409 e nulla viene sovrascritto. Solo la bozza è modificabile: le versioni adottate sono atti immutabili. Amministratori e social media manager. / Replaces the draft; 409 when `revision` is stale. Adopted versions are immutable.',
        tags,
        params: PolicyParams,
        body: DraftUpdateBody,
        response: { 200: DraftResponseSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'policy.edit');
      return policy.updateDraft(toAuditActor(actor), ente.id, req.params.kind, req.body);
    },
  );

  app.get(
    `${BASE}/versions`,
    {
      schema: {
        operationId: 'listPolicyVersions',
        summary: 'Versioni adottate / list adopted versions',
        description: "Le versioni adottate, dalla più recente (in vigore) alle precedenti, con l'atto di adozione. / Adopted versions, newest (in force) first.",
        tags,
        params: PolicyParams,
        response: { 200: z.object({ versions: z.array(VersionSummarySchema) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente, 'policy.read');
      return { versions: await policy.listVersions(ente.id, req.params.kind) };
    },
  );

  app.get(
    `${BASE}/versions/:n`,
    {
      schema: {
        operationId: 'getPolicyVersion',
        summary: 'Una versione adottata / get an adopted version',
        description: 'Il documento di una versione, in vigore o precedente, con atto e impronta sha256. / One version with its act and sha256.',
        tags,
        params: VersionParams,
        response: { 200: VersionSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { ente } = await identity.access(requireActor(req), req.params.ente, 'policy.read');
      return policy.getVersion(ente.id, req.params.kind, req.params.n);
    },
  );

  // A version is a record: there is no way to change it. Say so, rather than a bare 404.
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: `${BASE}/versions/:n`,
      schema: { hide: true, params: VersionParams },
      handler: async (req, reply) => {
        await identity.access(requireActor(req), req.params.ente, 'policy.read');
        const p = problem(req, 'conflict');
        p.detail =
          req.lang === 'en'
            ? 'An adopted version is a record and cannot be changed: edit the draft and adopt a new version.'
            : 'Una versione adottata è un atto e non si modifica: modifica la bozza e adotta una nuova versione.';
        return sendProblem(reply.header('Allow', 'GET'), { ...p, code: 'policy_version_immutable', type: 'urn:redazione:problem:policy_version_immutable' });
      },
    });
  }

  app.get(
    `${BASE}/diff`,
    {
      schema: {
        operationId: 'diffPolicyVersions',
        summary: 'Differenze tra due versioni / diff two versions',
        description:
          'Confronta due versioni (numero) o una versione e la bozza ("draft"): sezioni per chiave, clausole per numero, testo parola per parola. / Compares two versions or a version and the draft.',
        tags,
        params: PolicyParams,
        querystring: DiffQuery,
        response: { 200: DiffSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'policy.read');
      return policy.diff(toAuditActor(actor), ente.id, req.params.kind, req.query.from, req.query.to);
    },
  );

  app.post(
    `${BASE}/adopt`,
    {
      schema: {
        operationId: 'adoptPolicyVersion',
        summary: 'Adotta la bozza / adopt the draft',
        description:
          "Registra l'atto di adozione (delibera o determina, numero, data) e rende la bozza corrente una nuova versione immutabile, in vigore da subito; le precedenti restano consultabili. Solo l'approvatore (altrimenti 403). `revision` facoltativa: 409 se la bozza è cambiata. / Records the adoption act and makes the draft a new immutable version in force. Approvatore only.",
        tags,
        params: PolicyParams,
        body: AdoptBody,
        response: { 201: VersionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'policy.adopt');
      return reply.code(201).send(await policy.adopt(toAuditActor(actor), ente, req.params.kind, req.body));
    },
  );

  app.get(
    `${API_PREFIX}/enti/:ente/moderation/rulebook`,
    {
      schema: {
        operationId: 'getModerationRulebook',
        summary: 'Regolamento di moderazione / moderation rulebook',
        description:
          "Le clausole di moderazione (numero, titolo, categoria, azione, testo) e gli orari di moderazione della policy esterna in vigore (`source: in_force`). Finché nessuna versione è adottata risponde con quelle della bozza (`source: draft`, `version: null`): il motore di moderazione usa \"in vigore, altrimenti bozza\". / The clauses and hours of the external policy in force; the draft's (source draft) while none is adopted.",
        tags: ['policy', 'moderation'],
        params: EnteParams,
        response: { 200: RulebookSchema, ...problems(401, 403, 404) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { ente } = await identity.access(actor, req.params.ente, 'policy.read');
      return policy.rulebook(toAuditActor(actor), ente.id);
    },
  );
}
